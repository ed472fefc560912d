/* Small messages the in-VM tests exchange: one port right, or one word. */
#ifndef TESTS_MSGS_H
#define TESTS_MSGS_H

#include <masque/msg.h>
#include <stdint.h>

struct port_msg {
	struct msg_header h;
	struct msg_desc d;
};

struct word_msg {
	struct msg_header h;
	uint64_t word;
};

/* Send one right (name with disposition) to the port to (a send right). */
int64_t send_port(port_name_t to, port_name_t name, unsigned disposition, uint32_t id);
/* Receive a message carrying one right; its name in *name. */
int64_t recv_port(port_name_t from, port_name_t *name, uint32_t *id);
/* Send a word, through to taken by disposition (MSG_COPY_SEND, MSG_MOVE_SEND_ONCE...). */
int64_t send_word(port_name_t to, unsigned disposition, uint32_t id, uint64_t word);
int64_t recv_word(port_name_t from, struct word_msg *m, uint64_t timeout_ms);
/* Receive on a port whose receive right another task is moving here: until it has
 * arrived, a receive fails with KERN_INVALID_RIGHT, so wait for it (at most 5 s). */
int64_t recv_moved(port_name_t port, struct msg_header *m, uint32_t size);

#endif
