/*
 * The fast path of the message trap: a call or a reply-and-receive of a short message
 * with no descriptors but a send right made from a receive right (a server's reply
 * that hands out a new object), through a send right or a send-once right, to a port a
 * thread is already waiting on, while our own receive would wait. Then the message goes
 * from the sender's buffer straight into the receiver's, the receiver runs at once, and
 * no kernel message is made. The message is copied in first, since the copy may sleep
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

/* The destination port of a plain send (COPY_SEND) or a reply (MOVE_SEND_ONCE, whose
 * entry carries no dead-name request: using it up needs no cancelling). */
static struct port *fast_dest(struct capspace *s, const struct msg_header *h, struct cap **entry)
{
	struct cap *e = *entry = cap_lookup(s, h->remote);
	unsigned d = MSG_BITS_REMOTE(h->bits);

	if (!e || !((d == MSG_COPY_SEND && (e->rights & RIGHT_SEND)) ||
		    (d == MSG_MOVE_SEND_ONCE && e->rights == RIGHT_SEND_ONCE && !e->dn)))
		return NULL;
	struct port *p = e->object;
	return p->active && p->kobject_type == KOBJ_NONE && !p->msg_count ? p : NULL;
}

/* The port a make-send-once reply right comes from, or NULL; *ok says if usable,
 * *entry is its name's entry (a caller receives there next). */
static struct port *fast_reply(struct capspace *s, const struct msg_header *h, struct cap **entry,
			       int *ok)
{
	*ok = 1;
	*entry = NULL;
	if (h->local == PORT_NULL)
		return NULL;
	struct cap *e = *entry = cap_lookup(s, h->local);
	*ok = e && (e->rights & RIGHT_RECEIVE) && MSG_BITS_LOCAL(h->bits) == MSG_MAKE_SEND_ONCE;
	return *ok ? e->object : NULL;
}

/* The port of the one descriptor of h (body: what follows the header) if it makes a
 * send right from a receive right we hold, else NULL. */
static struct port *fast_made_send(struct capspace *s, const struct msg_header *h, const void *body)
{
	const struct msg_desc *d = body;

	if (h->ndesc != 1 || h->size < sizeof(*h) + sizeof(*d) || d->type != MSG_DESC_PORT ||
	    d->disposition != MSG_MAKE_SEND || d->flags)
		return NULL;
	struct cap *e = cap_lookup(s, d->value);
	return e && (e->rights & RIGHT_RECEIVE) ? e->object : NULL;
}

/* Where we will wait for our own message, if nothing is queued there already (e: the
 * entry of the name we receive from). */
static struct list *fast_wait_queue(const struct cap *e)
{
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

/* The reply right, entry e, is used up: what right_take then right_drop_silently
 * would do. */
static void fast_use_send_once(struct capspace *s, port_name_t name, struct cap *e)
{
	struct port *p = e->object;

	p->sendonce_rights--;
	cap_free_to_spare(s, name); /* for the next call's reply right */
	port_release(p);
}

/* A send-once right to reply in the receiver's space rs: a fresh name, as right_give
 * would make it (which, should the space be full, destroys the right properly). */
static port_name_t fast_give_send_once(struct capspace *rs, struct port *reply)
{
	port_name_t name;
	struct cap *e = cap_alloc_spare(rs, &name);

	if (!e && cap_alloc(rs, &name, &e))
		return right_give(rs, port_make_send_once(reply), TRANSIT_SEND_ONCE);
	e->object = port_make_send_once(reply);
	e->rights = RIGHT_SEND_ONCE;
	e->urefs = 1;
	return name;
}

/* dest's name in the space rs that holds its receive right: the port remembers the
 * last one found, checked before use, so the reverse map is searched only when the
 * receive right moved. */
static port_name_t fast_receive_name(struct capspace *rs, struct port *dest)
{
	struct cap *e = cap_lookup(rs, dest->receive_name);

	if (!e || e->object != dest || !(e->rights & RIGHT_RECEIVE))
		dest->receive_name = cap_reverse_lookup(rs, dest);
	return dest->receive_name;
}

/* Where the fast path declines, before anything changed: the general path. */
static int64_t declined(uint64_t send, uint64_t rcv, port_name_t rcv_name, uint32_t rcv_size)
{
	return msg_general(MSG_SEND | MSG_RECEIVE, send, rcv, rcv_name, rcv_size, 0);
}

int64_t msg_fastpath(struct thread *self, uint64_t send, uint64_t rcv, port_name_t rcv_name,
		     uint32_t rcv_size)
{
	struct task *task = self->task;
	struct msg_header h;
	uint8_t body[IPC_FAST_MAX - sizeof(h)];
	struct port *dest, *reply, *given = NULL;
	struct cap *dest_entry, *reply_entry;
	struct list *waiters;
	struct thread *t;
	int reply_ok;

	/* copy in */
	if (copyin_current(&h, send, sizeof(h)) || h.size < sizeof(h) || h.size > IPC_FAST_MAX ||
	    (h.size > sizeof(h) && copyin_current(body, send + sizeof(h), h.size - sizeof(h))))
		return declined(send, rcv, rcv_name, rcv_size);

	/* decide */
	if ((h.ndesc && !(given = fast_made_send(&task->space, &h, body))) || h.bits >> 16 ||
	    !(dest = fast_dest(&task->space, &h, &dest_entry)))
		return declined(send, rcv, rcv_name, rcv_size);
	reply = fast_reply(&task->space, &h, &reply_entry, &reply_ok);
	if (!reply_ok || !(t = port_waiting_receiver(dest)) || !t->ipc.buffer ||
	    t->ipc.size < h.size || !sched_may_hand_to(t))
		return declined(send, rcv, rcv_name, rcv_size);
	/* a call receives where its reply right comes from: that name is looked up */
	waiters = fast_wait_queue(rcv_name == h.local ? reply_entry
						      : cap_lookup(&task->space, rcv_name));
	if (!waiters)
		return declined(send, rcv, rcv_name, rcv_size);
	struct msg_header *m = &t->ipc.fast.h;
	memcpy(m + 1, body, h.size - sizeof(h));

	/* perform: the rights, the header the receiver sees; it copies the message out */
	unsigned dest_type =
		MSG_BITS_REMOTE(h.bits) == MSG_COPY_SEND ? TRANSIT_SEND : TRANSIT_SEND_ONCE;
	if (dest_type == TRANSIT_SEND_ONCE)
		fast_use_send_once(&task->space, h.remote, dest_entry);
	struct capspace *rs = &t->task->space;
	*m = h;
	m->remote = reply ? fast_give_send_once(rs, reply) : PORT_NULL;
	m->local = fast_receive_name(rs, dest);
	m->bits = MSG_BITS(reply ? TRANSIT_SEND_ONCE : 0, dest_type);
	if (given) {
		struct msg_desc *d = msg_descs(m);
		given->make_sends++;
		d->value = right_give(rs, port_make_send(given), TRANSIT_SEND);
		d->disposition = TRANSIT_SEND;
		d->addr = 0;
	}
	t->ipc.delivered = 1;
	/* a right that found no room in rs died, and a notification of that may wait now
	 * where we were to wait: the message went, our receive takes the general path */
	int lost = (reply && m->remote == PORT_NULL) || (given && msg_descs(m)->value == PORT_NULL);
	if (lost && !(waiters = fast_wait_queue(cap_lookup(&task->space, rcv_name)))) {
		thread_wakeup(t, KERN_SUCCESS);
		return msg_receive_after(MSG_SEND,
					 msg_general(MSG_RECEIVE, 0, rcv, rcv_name, rcv_size, 0));
	}
	msg_receive_prepare(self, rcv, rcv_size);
	int err = thread_handoff(waiters, t);
	if (!err && self->ipc.delivered) /* the fast path's answer */
		err = msg_receive_delivered(self, rcv);
	else
		err = msg_receive_finish(self, err, rcv, rcv_size, 0);
	return msg_receive_after(MSG_SEND, err);
}
