/*
 * The message trap's two paths, each made to run on purpose: a reply through a
 * send-once right uses the right up, a reply making a send right gives the same right
 * on both, and a message longer than the receiver's buffer
 * is refused with KERN_MSG_TOO_LARGE and writes nothing past the buffer, and a
 * receive buffer in the kernel half is refused.
 *
 * The fast path (ipc/fastpath.c) runs for a send-and-receive in one trap of a short
 * message with no descriptors (or one making a send right) to a port a thread already waits on, while the sender's
 * own receive would wait. So here a server thread of our task waits first (it says so,
 * and we give it time to block), and the client calls with msg_call; the server
 * replies with msg_reply_receive while the client waits in that call. The slow path
 * is forced by the shape of the trap: a send alone, or a message queued before
 * anyone receives.
 */
#include <ipc.h>
#include <masque/error.h>
#include <notify.h>
#include <self.h>
#include <string.h>
#include <trap.h>
#include "msgs.h"
#include "tap.h"

#define GUARD	     0x5a5a5a5a5a5a5a5aull
#define KERNEL_IMAGE 0xffffffff80100000ull

/* A message longer than a word_msg but short enough for the fast path. */
struct long_msg {
	struct msg_header h;
	uint64_t words[8];
};

/* A word_msg buffer with guard words after it. */
struct guarded {
	struct word_msg m;
	uint64_t guard[16];
};

static port_name_t service, wake; /* the server waits on these */
static volatile int server_ready; /* set just before the server's first receive */
static volatile int64_t server_result;
static volatile port_name_t reply_name; /* the send-once name the server replied through */
static struct guarded server_buf;

/* Until the server is about to receive, then long enough for it to be blocked there
 * (the kernel does not preempt a trap, so once it is back in user mode it blocks). */
static void until_server_waits(void)
{
	for (int i = 0; i < 500 && !server_ready; i++)
		sleep_ms(10);
	sleep_ms(20);
}

static void server_end(void)
{
	struct word_msg m;

	msg_receive(wake, &m.h, sizeof(m)); /* until the client has looked */
	server_ready = 2;
	thread_terminate(thread_self());
}

/* Receive one request, reply through its send-once right (fast: with
 * msg_reply_receive; slow: a send, then a receive), then wait on wake. */
static void replying_server(uint64_t fast)
{
	struct word_msg m;

	server_ready = 1;
	if (msg_receive(service, &m.h, sizeof(m)) != KERN_SUCCESS)
		thread_terminate(thread_self());
	reply_name = m.h.remote;
	m.h = (struct msg_header){ .bits = MSG_BITS(MSG_MOVE_SEND_ONCE, 0),
				   .size = sizeof(m),
				   .remote = reply_name,
				   .id = 2 };
	if (fast) {
		struct word_msg next;
		msg_reply_receive(&m.h, wake, &next.h, sizeof(next));
		server_ready = 2;
		thread_terminate(thread_self());
	}
	msg_send(&m.h);
	server_end();
}

static void until_server_ends(void)
{
	for (int i = 0; i < 500 && server_ready != 2; i++)
		sleep_ms(10);
}

static void test_reply_uses_right(int fast)
{
	const char *path = fast ? "fast path" : "slow path";
	struct word_msg m = { .h = { .bits = MSG_BITS(MSG_COPY_SEND, 0),
				     .size = sizeof(m),
				     .remote = service,
				     .id = 1 } };

	server_ready = 0;
	start_thread(replying_server, fast);
	until_server_waits();
	is(msg_call(&m.h, sizeof(m)), KERN_SUCCESS, "call a server thread waiting in receive");
	ok(m.h.id == 2, "%s: the reply comes through the send-once right", path);
	is(send_word(reply_name, MSG_MOVE_SEND_ONCE, 3, 0), KERN_INVALID_NAME,
	   fast ? "fast path: the replied-through send-once right is used up"
		: "slow path: the replied-through send-once right is used up");
	send_word(wake, MSG_COPY_SEND, 4, 0);
	until_server_ends();
}

/* A reply that hands out a new object: one descriptor making a send right from a
 * receive right the server holds, as the fs-server's answer to an open. */
struct object_msg {
	struct msg_header h;
	struct msg_desc d;
	uint64_t word;
};
static port_name_t object;

/* Wait for one call on service; into m, its reply: a send right made from object and
 * the word 42. */
static void take_object_call(struct object_msg *m)
{
	server_ready = 1;
	if (msg_receive(service, &m->h, sizeof(*m)) != KERN_SUCCESS)
		thread_terminate(thread_self());
	*m = (struct object_msg){
		.h = { .bits = MSG_BITS(MSG_MOVE_SEND_ONCE, 0),
		       .size = sizeof(*m),
		       .remote = m->h.remote,
		       .id = 9,
		       .ndesc = 1 },
		.d = { .type = MSG_DESC_PORT, .disposition = MSG_MAKE_SEND, .value = object },
		.word = 42
	};
}

/* Receive one request, reply with a send right made from object (fast: with
 * msg_reply_receive; slow: a send, then a receive), then wait on wake. */
static void object_server(uint64_t fast)
{
	struct object_msg m;

	take_object_call(&m);
	if (fast) {
		struct word_msg next;
		msg_reply_receive(&m.h, wake, &next.h, sizeof(next));
		server_ready = 2;
		thread_terminate(thread_self());
	}
	msg_send(&m.h);
	server_end();
}

static void test_reply_makes_send(int fast)
{
	const char *path = fast ? "fast path" : "slow path";
	struct object_msg m = { .h = { .bits = MSG_BITS(MSG_COPY_SEND, 0),
				       .size = sizeof(struct word_msg),
				       .remote = service,
				       .id = 1 } };
	struct port_status st;

	object = port_allocate(RIGHT_RECEIVE); /* no send right yet */
	server_ready = 0;
	start_thread(object_server, fast);
	until_server_waits();
	is(msg_call(&m.h, sizeof(m)), KERN_SUCCESS, "call a server that hands out an object");
	ok(m.h.ndesc == 1 && m.d.type == MSG_DESC_PORT && m.word == 42,
	   "%s: the reply has its port descriptor and its data", path);
	ok(m.d.value == object && m.d.disposition == MSG_MOVE_SEND,
	   "%s: the right arrives as a send right, named as the port is in the space", path);
	port_status(object, &st);
	is(st.make_sends, 1,
	   fast ? "fast path: the port counts one send right made"
		: "slow path: the port counts one send right made");
	ok(st.has_senders, "%s: the port has senders", path);
	is(st.send_refs, 1,
	   fast ? "fast path: the space holds the send right once"
		: "slow path: the space holds the send right once");
	send_word(wake, MSG_COPY_SEND, 4, 0);
	until_server_ends();
	port_destroy(object);
}

/* A reply whose made send right finds the caller's space full: the right dies there
 * (the descriptor arrives as PORT_NULL), and the port's no-senders notification, which
 * then waits on the port the server receives on next, is what that receive gets (the
 * fast path hands the receive to the general path: FASTPATH_SENT). The caller is a task
 * of its own (a right to a port of our space would join its receive right's name). */
static port_name_t report;
static volatile uint32_t server_got; /* the id of what the server received next */

static void full_space_caller(uint64_t unused)
{
	struct object_msg m = { .h = { .bits = MSG_BITS(MSG_COPY_SEND, 0),
				       .size = sizeof(struct word_msg),
				       .remote = service,
				       .id = 1 } };
	(void)unused;
	reply_port(); /* before the space is full */
	while (port_allocate(RIGHT_PORT_SET) > 0)
		;
	int64_t r = msg_call(&m.h, sizeof(m));
	send_word(report, MSG_COPY_SEND, r == KERN_SUCCESS && m.word == 42,
		  m.h.ndesc == 1 ? m.d.value : ~0ull);
}

/* Serve one call with a made send right to object, then receive on object. */
static void full_space_server(uint64_t fast)
{
	struct object_msg m;
	struct word_msg next;

	take_object_call(&m);
	if (fast)
		server_result = msg_reply_receive(&m.h, object, &next.h, sizeof(next));
	else if ((server_result = msg_send(&m.h)) == KERN_SUCCESS)
		server_result = msg_receive_timeout(object, &next.h, sizeof(next), 10000);
	server_got = server_result == KERN_SUCCESS ? next.h.id : 0;
	server_end();
}

static void test_reply_to_full_space(int fast)
{
	struct word_msg m;

	object = port_allocate(RIGHT_RECEIVE);
	port_request_notify(object, NOTIFY_NO_SENDERS, object);
	server_ready = 0;
	start_thread(full_space_server, fast);
	until_server_waits();
	int64_t caller = spawn_flags(full_space_caller, 0, TASK_INHERIT_SENDS, NULL);
	ok(recv_word(report, &m, 60000) == 0 && m.h.id == 1,
	   fast ? "fast path: a caller with a full space gets the reply"
		: "slow path: a caller with a full space gets the reply");
	is(m.word, PORT_NULL,
	   fast ? "fast path: the send right it made died for want of room"
		: "slow path: the send right it made died for want of room");
	until_server_ends();
	is(server_result, KERN_SUCCESS,
	   fast ? "fast path: the server's next receive returns"
		: "slow path: the server's next receive returns");
	is(server_got, NOTIFY_NO_SENDERS_ID,
	   fast ? "fast path: with the port's no-senders notification"
		: "slow path: with the port's no-senders notification");
	task_terminate(caller);
	wait_task_end(caller, 20000);
	port_destroy(caller);
	port_destroy(object);
}

/* Receive into a word_msg buffer, with guard words after it. */
static void short_server(uint64_t unused)
{
	(void)unused;
	for (int i = 0; i < 16; i++)
		server_buf.guard[i] = GUARD;
	server_ready = 1;
	int64_t r = msg_receive(service, &server_buf.m.h, sizeof(server_buf.m));
	if (r == KERN_SUCCESS) /* wrongly: answer, so that the client does not wait forever */
		send_word(server_buf.m.h.remote, MSG_MOVE_SEND_ONCE, 6, 0);
	server_result = r;
	server_end();
}

static int guards_intact(const struct guarded *g)
{
	for (int i = 0; i < 16; i++)
		if (g->guard[i] != GUARD)
			return 0;
	return 1;
}

static void fill_long(struct long_msg *l, port_name_t to)
{
	*l = (struct long_msg){ .h = { .bits = MSG_BITS(MSG_COPY_SEND, 0),
				       .size = sizeof(*l),
				       .remote = to,
				       .id = 5 } };
	for (int i = 0; i < 8; i++)
		l->words[i] = 0x1111111111111111ull * (i + 1);
}

/* A long request to a server already waiting with a short buffer: the candidate for
 * the fast path, which must leave it to the general path's refusal. */
static void test_too_large_waiting(void)
{
	struct long_msg l;

	server_ready = 0;
	server_result = 1;
	start_thread(short_server, 0);
	until_server_waits();
	fill_long(&l, service);
	msg_call(&l.h, sizeof(l)); /* the answer: a send-once notification */
	for (int i = 0; i < 500 && server_result == 1; i++)
		sleep_ms(10);
	is(server_result, KERN_MSG_TOO_LARGE,
	   "a call larger than the waiting receiver's buffer: KERN_MSG_TOO_LARGE");
	ok(guards_intact(&server_buf), "and nothing written past the receiver's buffer");
	send_word(wake, MSG_COPY_SEND, 4, 0);
	until_server_ends();
}

/* The same message queued before the receiver comes. */
static void test_too_large_queued(void)
{
	static struct guarded g;
	struct long_msg l;

	for (int i = 0; i < 16; i++)
		g.guard[i] = GUARD;
	fill_long(&l, service);
	is(msg_send(&l.h), KERN_SUCCESS, "queue a long message");
	is(msg_receive(service, &g.m.h, sizeof(g.m)), KERN_MSG_TOO_LARGE,
	   "received into a short buffer: KERN_MSG_TOO_LARGE");
	ok(guards_intact(&g), "and nothing written past the buffer");
}

/* Receive into a kernel-half buffer, then wake the client on back. */
static void kernel_buffer_server(uint64_t back)
{
	server_ready = 1;
	server_result = msg_receive(service, (struct msg_header *)KERNEL_IMAGE, 64);
	send_word(back, MSG_COPY_SEND, 7, 0);
	server_ready = 2;
	thread_terminate(thread_self());
}

/* A message handed by the fast path to a receiver whose buffer is in the kernel half:
 * the client sends with no reply right and waits on a port of its own. */
static void test_fast_kernel_buffer(void)
{
	port_name_t back = new_port();
	struct word_msg m = { .h = { .bits = MSG_BITS(MSG_COPY_SEND, 0),
				     .size = sizeof(m),
				     .remote = service,
				     .id = 8 } };

	server_ready = 0;
	server_result = 1;
	start_thread(kernel_buffer_server, back);
	until_server_waits();
	is(msg_trap(MSG_SEND | MSG_RECEIVE, &m.h, &m.h, back, sizeof(m), 0), KERN_SUCCESS,
	   "send and wait in one trap to a receiver with a kernel-half buffer");
	is(server_result, KERN_INVALID_ADDRESS,
	   "fast path: a receive buffer in the kernel half is refused");
	until_server_ends();
	port_destroy(back);
}

int main(void)
{
	service = new_port();
	wake = new_port();
	test_reply_uses_right(1);
	test_reply_uses_right(0);
	test_reply_makes_send(1);
	test_reply_makes_send(0);
	report = new_port();
	test_reply_to_full_space(1);
	test_reply_to_full_space(0);
	test_too_large_waiting();
	test_too_large_queued();
	test_fast_kernel_buffer();
	return 0;
}
