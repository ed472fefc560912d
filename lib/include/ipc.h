/* Message passing for native programs: the common shapes of the msg trap. */
#ifndef LIB_IPC_H
#define LIB_IPC_H

#include <masque/msg.h>
#include <stdint.h>

/* The calling thread's reply port (a receive right), allocated on first use. */
port_name_t reply_port(void);

/* A task made from a blueprint starts with the blueprint's memory, where the reply
 * port's name means nothing: forget it. */
void ipc_forget_reply_port(void);

/* Send msg (remote: destination with its disposition in bits) and wait on the
 * reply port for the answer, received into the same buffer of rcv_size bytes. A
 * send-once right to the reply port travels in local. thread_abort does not break a
 * call: the answer would come later to a reply port that serves the thread's next
 * call. A message the abort kept from going goes again; when it had gone,
 * msg_call_interrupted (a weak hook: emul asks the server to cut the call short) runs
 * and the wait goes on. */
int64_t msg_call(struct msg_header *msg, uint32_t rcv_size);
void msg_call_interrupted(void);

/* msg_call with the answer received into rcv (rcv_size bytes), whose out-of-line
 * descriptors the caller set beforehand to say where their memory goes
 * (MSG_RECEIVE_PLACE; with MSG_OOL_OVERWRITE, copied into the caller's buffer). */
int64_t msg_call_into(struct msg_header *msg, struct msg_header *rcv, uint32_t rcv_size);

/* Send without waiting (blocks only while the destination queue is full). */
int64_t msg_send(struct msg_header *msg);

/* Wait for a message on a port or port set. */
int64_t msg_receive(port_name_t from, struct msg_header *buf, uint32_t size);

/* Like msg_receive, giving up after timeout_ns with KERN_TIMED_OUT. */
int64_t msg_receive_timeout(port_name_t from, struct msg_header *buf, uint32_t size,
			    uint64_t timeout_ns);

/* A server's step: send the reply (if reply is non-NULL) and wait for the next
 * request on from, in one trap. */
int64_t msg_reply_receive(struct msg_header *reply, port_name_t from, struct msg_header *buf,
			  uint32_t size);

/* Whether the port whose receive right is name has senders now: a client can still
 * reach it, whether or not its no-senders notification is on its way. */
int port_has_senders(port_name_t name);

#endif
