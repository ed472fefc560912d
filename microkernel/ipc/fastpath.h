/* The common case of the message trap, short and straight (see fastpath.c); and the
 * receive steps it shares with the general path (msg.c). */
#ifndef IPC_FASTPATH_H
#define IPC_FASTPATH_H

#include <masque/types.h>
#include <stdint.h>

struct thread;
struct task;
struct kmsg;
struct list;

#define FASTPATH_DECLINED 1 /* not the common case: take the general path */
#define FASTPATH_SENT	  2 /* the message went; the receive takes the general path */

int msg_fastpath(struct thread *self, uint64_t send, uint64_t rcv, port_name_t rcv_name,
		 uint32_t rcv_size);

int msg_receive_source(struct task *task, port_name_t name, struct kmsg **k, struct list **waiters);
void msg_receive_prepare(struct thread *self, uint64_t uaddr, uint32_t size);
int msg_receive_finish(struct thread *self, int err, uint64_t uaddr, uint32_t size, int place);

#endif
