/*
 * The fast path of the message trap: a call or a reply-and-receive of a short message
 * with no descriptors, through a send right or a send-once right, to a port a thread
 * is already waiting on, while our own receive would wait. Then the message goes from
 * the sender's buffer straight into the receiver's, the receiver runs at once, and no
 * kernel message is made. The message is copied in first, since the copy may sleep
 * (task/task.h); every condition is checked after it and before anything changes; if
 * one fails, the general path does the work (and reports any error), with the same
 * result.
 */
#include <masque/error.h>
#include <masque/msg.h>
#include <string.h>
#include "ipc/capspace.h"
#include "ipc/fastpath.h"
#include "ipc/port.h"
#include "ipc/right.h"
#include "sched/sched.h"
#include "task/task.h"
#include "task/thread.h"
#include "vm/usercopy.h"
#include "vm/vm_map.h"

/* The destination port of a plain send (COPY_SEND) or a reply (MOVE_SEND_ONCE). */
static struct port *fast_dest(struct capspace *s, const struct msg_header *h)
{
	struct cap *e = cap_lookup(s, h->remote);
	unsigned d = MSG_BITS_REMOTE(h->bits);

	if (!e || !((d == MSG_COPY_SEND && (e->rights & RIGHT_SEND)) ||
		    (d == MSG_MOVE_SEND_ONCE && e->rights == RIGHT_SEND_ONCE)))
		return NULL;
	struct port *p = e->object;
	return p->active && p->kobject_type == KOBJ_NONE && !p->msg_count ? p : NULL;
}

/* The port a make-send-once reply right comes from, or NULL; *ok says if usable. */
static struct port *fast_reply(struct capspace *s, const struct msg_header *h, int *ok)
{
	*ok = 1;
	if (h->local == PORT_NULL)
		return NULL;
	struct cap *e = cap_lookup(s, h->local);
	*ok = e && (e->rights & RIGHT_RECEIVE) && MSG_BITS_LOCAL(h->bits) == MSG_MAKE_SEND_ONCE;
	return *ok ? e->object : NULL;
}

/* Where we will wait for our own message, if nothing is queued there already. */
static struct list *fast_wait_queue(struct task *task, port_name_t name)
{
	struct cap *e = cap_lookup(&task->space, name);

	if (e && (e->rights & RIGHT_RECEIVE)) {
		struct port *p = e->object;
		return p->msg_count ? NULL : &p->receivers;
	}
	if (e && (e->rights & RIGHT_PORT_SET)) {
		struct portset *s = e->object;
		return list_empty(&s->ready) ? &s->receivers : NULL;
	}
	return NULL;
}

int msg_fastpath(struct thread *self, uint64_t send, uint64_t rcv, port_name_t rcv_name,
		 uint32_t rcv_size)
{
	struct task *task = self->task;
	struct msg_header h;
	uint8_t body[IPC_FAST_MAX - sizeof(h)];
	struct port *dest, *reply;
	struct list *waiters;
	struct thread *t;
	int reply_ok;

	/* copy in */
	if (copyin(task->map, &h, send, sizeof(h)) || h.size < sizeof(h) || h.size > IPC_FAST_MAX ||
	    copyin(task->map, body, send + sizeof(h), h.size - sizeof(h)))
		return FASTPATH_DECLINED;

	/* decide */
	if (h.ndesc || h.bits >> 16 || !(dest = fast_dest(&task->space, &h)))
		return FASTPATH_DECLINED;
	reply = fast_reply(&task->space, &h, &reply_ok);
	if (!reply_ok || !(t = port_waiting_receiver(dest)) || !t->ipc.buffer ||
	    t->ipc.size < h.size || !sched_may_hand_to(t) ||
	    !(waiters = fast_wait_queue(task, rcv_name)))
		return FASTPATH_DECLINED;
	struct msg_header *m = &t->ipc.fast.h;
	memcpy(m + 1, body, h.size - sizeof(h));

	/* perform: the rights, the header the receiver sees; it copies the message out */
	unsigned dest_type =
		MSG_BITS_REMOTE(h.bits) == MSG_COPY_SEND ? TRANSIT_SEND : TRANSIT_SEND_ONCE;
	if (dest_type == TRANSIT_SEND_ONCE) { /* the reply right is used up */
		unsigned transit;
		right_drop_silently(
			right_take(&task->space, h.remote, MSG_MOVE_SEND_ONCE, &transit),
			TRANSIT_SEND_ONCE);
	}
	struct capspace *rs = &t->task->space;
	*m = h;
	m->remote =
		reply ? right_give(rs, port_make_send_once(reply), TRANSIT_SEND_ONCE) : PORT_NULL;
	m->local = cap_reverse_lookup(rs, dest);
	m->bits = MSG_BITS(reply ? TRANSIT_SEND_ONCE : 0, dest_type);
	t->ipc.delivered = 1;
	thread_wakeup(t, KERN_SUCCESS);
	msg_receive_prepare(self, rcv, rcv_size);
	int err = thread_block_and_run(waiters, t);
	return msg_receive_finish(self, err, rcv, rcv_size, 0);
}
