/*
 * The message trap: send, receive, or both in one go (a client's call, a server's
 * reply-and-wait). A send is checked whole before anything happens; it waits while
 * the destination queue is full, except through a send-once right, which never
 * waits. A receive takes the first queued message or waits for one to be handed
 * over directly by its sender.
 */
#include <masque/error.h>
#include <masque/msg.h>
#include "arch/x86_64/clock.h"
#include "ipc/capspace.h"
#include "ipc/fastpath.h"
#include "ipc/kmsg.h"
#include "ipc/port.h"
#include "ipc/right.h"
#include "kern/syscall.h"
#include "sched/sched.h"
#include "task/exception.h"
#include "task/task.h"
#include "task/thread.h"
#include "vm/usercopy.h"

#define MSG_OPTIONS \
	(MSG_SEND | MSG_RECEIVE | MSG_SEND_TIMEOUT | MSG_RECEIVE_TIMEOUT | MSG_RECEIVE_PLACE)

static uint64_t deadline_after(int timed, uint64_t timeout_ns)
{
	return timed && timeout_ns ? clock_ns() + timeout_ns : 0;
}

/* Whether a send to dest must wait for room in its queue. */
static int must_wait(const struct kmsg *k, const struct port *dest)
{
	unsigned d = MSG_BITS_REMOTE(k->msg.bits);

	if (d == MSG_MOVE_SEND_ONCE || d == MSG_MAKE_SEND_ONCE)
		return 0;
	return dest->msg_count >= dest->qlimit;
}

static int msg_send(struct task *task, uint64_t uaddr, uint32_t options, uint64_t timeout)
{
	int timed = options & MSG_SEND_TIMEOUT;
	uint64_t deadline = deadline_after(timed, timeout);
	struct kmsg *k;
	struct port *dest;
	int err = kmsg_copyin(task->map, uaddr, &k);

	if (err)
		return err;
	for (;;) {
		if ((err = kmsg_check_rights(&task->space, k, &dest)))
			break;
		if (dest->kobject_type != KOBJ_NONE && dest->kobject_type != KOBJ_REPLY) {
			err = KERN_NO_ACCESS; /* tasks, threads, the host take no messages */
			break;
		}
		if (!must_wait(k, dest))
			break;
		if (timed && !timeout) {
			err = KERN_TIMED_OUT;
			break;
		}
		/* names may change while we wait: check everything again after */
		if ((err = thread_block(&dest->senders, deadline)))
			break;
	}
	if (err) {
		kmsg_discard(k);
		return err;
	}
	kmsg_take_rights(&task->space, task->map, k);
	if (k->dest->kobject_type == KOBJ_REPLY)
		exception_reply(k);
	else
		port_deliver(k);
	return KERN_SUCCESS;
}

/* The first message of what name receives from, or where to wait for one. */
int msg_receive_source(struct task *task, port_name_t name, struct kmsg **k, struct list **waiters)
{
	struct cap *e = right_lookup(&task->space, name);

	if (!e)
		return KERN_INVALID_NAME;
	if (e->rights & RIGHT_RECEIVE) {
		struct port *p = e->object;
		*k = port_dequeue(p);
		*waiters = &p->receivers;
	} else if (e->rights & RIGHT_PORT_SET) {
		struct portset *s = e->object;
		*k = portset_dequeue(s);
		*waiters = &s->receivers;
	} else {
		return KERN_INVALID_RIGHT;
	}
	return KERN_SUCCESS;
}

/* Before waiting: where a sender may write the message itself. */
void msg_receive_prepare(struct thread *self, uint64_t uaddr, uint32_t size)
{
	self->ipc.buffer = uaddr;
	self->ipc.size = size;
	self->ipc.delivered = 0;
	self->ipc.kmsg = NULL;
}

/* After the wait that ended with err: the message arrived written, or to copy out. */
int msg_receive_finish(struct thread *self, int err, uint64_t uaddr, uint32_t size, int place)
{
	struct kmsg *k = self->ipc.kmsg;

	self->ipc.kmsg = NULL;
	if (!err && self->ipc.delivered)
		return msg_receive_delivered(self, uaddr);
	self->ipc.delivered = 0;
	if (err)
		return err;
	return kmsg_copyout(k, &self->task->space, self->task->map, uaddr, size, place);
}

static int msg_receive(struct thread *self, port_name_t name, uint64_t uaddr, uint32_t size,
		       uint32_t options, uint64_t timeout)
{
	struct list *waiters;
	struct kmsg *k;
	int place = options & MSG_RECEIVE_PLACE;
	int err = msg_receive_source(self->task, name, &k, &waiters);

	if (err)
		return err;
	if (k)
		return kmsg_copyout(k, &self->task->space, self->task->map, uaddr, size, place);
	int timed = options & MSG_RECEIVE_TIMEOUT;
	if (timed && !timeout)
		return KERN_TIMED_OUT;
	msg_receive_prepare(self, place ? 0 : uaddr, size);
	err = thread_block(waiters, deadline_after(timed, timeout));
	return msg_receive_finish(self, err, uaddr, size, place);
}

/* A caller whose message went and whose wait for the answer was aborted must know that
 * it went (to wait again, or to cancel what it asked): that is KERN_RCV_ABORTED. */
int msg_receive_after(uint32_t options, int err)
{
	return err == KERN_ABORTED && (options & MSG_SEND) ? KERN_RCV_ABORTED : err;
}

/* Kept out of line so that the fast path saves no registers it does not use. */
__attribute__((noinline)) int64_t msg_general(uint32_t options, uaddr_t send, uaddr_t rcv,
					      port_name_t rcv_name, uint32_t rcv_size,
					      uint64_t timeout_ns)
{
	int err;

	if ((options & ~MSG_OPTIONS) || !(options & (MSG_SEND | MSG_RECEIVE)))
		return KERN_INVALID_ARGUMENT;
	if (options & MSG_SEND) {
		err = msg_send(current->task, send, options, timeout_ns);
		if (err)
			return err;
	}
	if (options & MSG_RECEIVE)
		return msg_receive_after(options, msg_receive(current, rcv_name, rcv, rcv_size,
							      options, timeout_ns));
	return KERN_SUCCESS;
}

int64_t sys_msg_trap(uint32_t options, uaddr_t send, uaddr_t rcv, port_name_t rcv_name,
		     uint32_t rcv_size, uint64_t timeout_ns)
{
	if (options == (MSG_SEND | MSG_RECEIVE))
		return msg_fastpath(current, send, rcv, rcv_name, rcv_size);
	return msg_general(options, send, rcv, rcv_name, rcv_size, timeout_ns);
}
