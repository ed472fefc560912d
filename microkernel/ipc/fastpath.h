/* The common case of the message trap, short and straight (see fastpath.c); the
 * general path; and the receive steps they share (msg.c). */
#ifndef IPC_FASTPATH_H
#define IPC_FASTPATH_H

#include <masque/types.h>
#include <stdint.h>
#include "task/thread.h"
#include "vm/usercopy.h"

struct task;
struct kmsg;
struct list;

/* The message trap's send-and-receive without timeouts (a call, a reply-and-wait): by
 * the fast path where it can, else by the general path. */
int64_t msg_fastpath(struct thread *self, uint64_t send, uint64_t rcv, port_name_t rcv_name,
		     uint32_t rcv_size);
/* The general path: any options (msg.c). */
int64_t msg_general(uint32_t options, uaddr_t send, uaddr_t rcv, port_name_t rcv_name,
		    uint32_t rcv_size, uint64_t timeout_ns);

int msg_receive_source(struct task *task, port_name_t name, struct kmsg **k, struct list **waiters);
/* The error of a receive that ended with err, after a send if options has MSG_SEND. */
int msg_receive_after(uint32_t options, int err);
void msg_receive_prepare(struct thread *self, uint64_t uaddr, uint32_t size);
int msg_receive_finish(struct thread *self, int err, uint64_t uaddr, uint32_t size, int place);

/* The end of a receive whose sender left the message in self's fast buffer (the fast
 * path's, msg_receive_finish's delivered case): copied out to uaddr. self is current.
 * Inline, so that the fast path's common end is no call. */
static inline int msg_receive_delivered(struct thread *self, uint64_t uaddr)
{
	self->ipc.delivered = 0;
	return copyout_current(uaddr, &self->ipc.fast, self->ipc.fast.h.size);
}

#endif
