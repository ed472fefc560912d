/*
 * The one server loop, rpc_serve (lib/serve.c), in a server task of the echo protocol:
 * replies sent with the next receive, requests no demultiplexer knows refused, the
 * second demultiplexer ("other") given what the first does not know, a reply whose
 * client is gone dropped without stopping the loop, and the ways the loop ends.
 */
#include <echo.h>
#include <ipc.h>
#include <masque/error.h>
#include <rpc.h>
#include <self.h>
#include <stddef.h>
#include <string.h>
#include <trap.h>
#include "msgs.h"
#include "tap.h"

#define WAIT_MS 5000

/* Message ids the server's other understands (the echo protocol's are 2000 up). */
#define HOLD	10 /* wait for a word on the gate port before serving on */
#define PING	11 /* say on the report port that other was called */
#define STOP	12 /* return RPC_STOP */
#define DESTROY 13 /* destroy the port set served */
#define UNKNOWN 14 /* nobody knows it */
#define UP	20 /* report: the server's port, then its gate */
#define ENDED	21 /* report: what the loop returned */
#define PINGED	22 /* report: other saw PING */

/* How the server task serves. */
enum mode { FOREVER, UNTIL_DEADLINE, UNTIL_STOP };

static port_name_t report;
static port_name_t served_set, gate; /* in the server task */
static uint32_t echoes;

int64_t echo_echo(struct rpc_ctx *ctx, const char *text, char *text_back, uint32_t *count)
{
	(void)ctx;
	strlcpy(text_back, text, 256);
	*count = ++echoes;
	return 0;
}

/* The server's second demultiplexer. */
static int other(struct msg_header *in, struct msg_header *out)
{
	struct word_msg w;

	out->size = 0;
	switch (in->id) {
	case HOLD:
		recv_word(gate, &w, WAIT_MS);
		return 1;
	case PING:
		send_word(report, MSG_COPY_SEND, PINGED, 0);
		return 1;
	case STOP:
		return RPC_STOP;
	case DESTROY:
		port_destroy(served_set);
		return 1;
	default:
		return 0;
	}
}

static port_name_t receive_port(void)
{
	int64_t p = port_allocate(RIGHT_RECEIVE);

	return p < 0 ? PORT_NULL : (port_name_t)p;
}

static void server(uint64_t mode)
{
	int64_t set = port_allocate(RIGHT_PORT_SET), r;
	port_name_t port = receive_port();

	served_set = set;
	gate = receive_port();
	port_move_member(port, set);
	send_port(report, port, MSG_MAKE_SEND, UP);
	send_port(report, gate, MSG_MAKE_SEND, UP);
	if (mode == FOREVER)
		r = rpc_serve(set, echo_demux, other);
	else
		r = rpc_serve_until(set, echo_demux, other,
				    mode == UNTIL_DEADLINE ? clock_now() + 100000000 : 0);
	send_word(report, MSG_COPY_SEND, ENDED, (uint64_t)r);
}

/* Start a server task; its port and gate (send rights) in *port and *gate_port. */
static int64_t start(enum mode mode, port_name_t *port, port_name_t *gate_port)
{
	int64_t task = spawn(server, mode);

	recv_port(report, port, NULL);
	recv_port(report, gate_port, NULL);
	return task;
}

/* Send a bare message with id to port. */
static int64_t send_request(port_name_t port, uint32_t id)
{
	struct word_msg m = { .h = { .bits = MSG_BITS(MSG_COPY_SEND, 0),
				     .size = sizeof(m),
				     .remote = port,
				     .id = id } };

	return msg_send(&m.h);
}

/* Send an echo request for "" with a send-once right to reply_port for the answer. */
static int64_t send_echo(port_name_t port, port_name_t reply_port)
{
	struct echo_echo_request_msg req = {
		.hdr = { .bits = MSG_BITS(MSG_COPY_SEND, MSG_MAKE_SEND_ONCE),
			 .size = offsetof(struct echo_echo_request_msg, data) + 8,
			 .remote = port,
			 .local = reply_port,
			 .id = ECHO_ECHO_ID },
	};

	return msg_send(&req.hdr);
}

/* What the server's loop returned, as it reported. */
static int64_t ended(void)
{
	struct word_msg m;

	if (recv_word(report, &m, WAIT_MS) || m.h.id != ENDED)
		return 1;
	return (int64_t)m.word;
}

static void test_serving(void)
{
	port_name_t port, gate_port, gone = receive_port();
	char back[256];
	uint32_t count = 0;
	struct word_msg m;
	int64_t task = start(FOREVER, &port, &gate_port);

	is(rpc_echo_echo(port, "one", back, &count), 0, "rpc_serve answers a call");
	ok(!strcmp(back, "one"), "through the generated demultiplexer");
	rpc_echo_echo(port, "two", back, &count);
	ok(count == 2, "and the next, its reply sent with the wait for it");

	union {
		struct msg_header h;
		struct rpc_error_reply error;
	} u = { .h = { .bits = MSG_BITS(MSG_COPY_SEND, 0),
		       .size = sizeof(struct msg_header),
		       .remote = port,
		       .id = UNKNOWN } };
	msg_call(&u.h, sizeof(u));
	ok(u.h.id == RPC_REPLY_ID(UNKNOWN) && u.error.result == KERN_INVALID_MSG,
	   "a request neither demultiplexer knows is answered KERN_INVALID_MSG");

	send_request(port, PING);
	ok(recv_word(report, &m, WAIT_MS) == 0 && m.h.id == PINGED,
	   "other gets what the first demultiplexer does not know");

	/* hold the server, queue a request whose reply port then dies, let it go */
	send_request(port, HOLD);
	send_echo(port, gone);
	port_destroy(gone);
	send_word(gate_port, MSG_COPY_SEND, 1, 0);
	count = 0;
	rpc_echo_echo(port, "three", back, &count);
	ok(count == 4, "a reply whose client is gone is dropped, and serving goes on");

	send_request(port, DESTROY);
	is(ended(), KERN_INVALID_NAME, "rpc_serve returns once its port set is gone");
	wait_task_end(task, WAIT_MS);
	port_destroy(task), port_destroy(port), port_destroy(gate_port);
}

static void test_ending(void)
{
	port_name_t port, gate_port;
	int64_t task = start(UNTIL_DEADLINE, &port, &gate_port);

	is(ended(), KERN_TIMED_OUT, "rpc_serve_until stops at its deadline");
	wait_task_end(task, WAIT_MS);
	port_destroy(task), port_destroy(port), port_destroy(gate_port);

	task = start(UNTIL_STOP, &port, &gate_port);
	send_request(port, STOP);
	is(ended(), KERN_SUCCESS, "and when other returns RPC_STOP");
	wait_task_end(task, WAIT_MS);
	port_destroy(task), port_destroy(port), port_destroy(gate_port);
}

int main(void)
{
	report = receive_port();
	port_insert_right(self_task, report, report, MSG_MAKE_SEND);
	test_serving();
	test_ending();
	return 0;
}
