/* Small messages for the in-VM tests. */
#include <ipc.h>
#include <trap.h>
#include <masque/error.h>
#include "msgs.h"
#include "tap.h"

int64_t send_port(port_name_t to, port_name_t name, unsigned disposition, uint32_t id)
{
	struct port_msg m = {
		.h = { .bits = MSG_BITS(MSG_COPY_SEND, 0),
		       .size = sizeof(m),
		       .remote = to,
		       .id = id,
		       .ndesc = 1 },
		.d = { .type = MSG_DESC_PORT, .disposition = disposition, .value = name },
	};
	return msg_send(&m.h);
}

int64_t recv_port(port_name_t from, port_name_t *name, uint32_t *id)
{
	struct port_msg m;
	int64_t r = msg_receive(from, &m.h, sizeof(m));

	if (r)
		return r;
	if (m.h.ndesc != 1 || m.d.type != MSG_DESC_PORT)
		return -1000;
	*name = m.d.value;
	if (id)
		*id = m.h.id;
	return 0;
}

int64_t send_word(port_name_t to, unsigned disposition, uint32_t id, uint64_t word)
{
	struct word_msg m = {
		.h = { .bits = MSG_BITS(disposition, 0),
		       .size = sizeof(m),
		       .remote = to,
		       .id = id },
		.word = word,
	};
	return msg_send(&m.h);
}

int64_t recv_word(port_name_t from, struct word_msg *m, uint64_t timeout_ms)
{
	return timeout_ms ? msg_receive_timeout(from, &m->h, sizeof(*m), timeout_ms * 1000000)
			  : msg_receive(from, &m->h, sizeof(*m));
}

int64_t recv_moved(port_name_t port, struct msg_header *m, uint32_t size)
{
	int64_t r;

	for (int tries = 0; (r = msg_receive(port, m, size)) == KERN_INVALID_RIGHT && tries < 500;
	     tries++)
		sleep_ms(10);
	return r;
}
