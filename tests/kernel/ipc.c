/*
 * IPC semantics, across tasks: a round trip with in-line data; send, send-once and
 * receive rights moved and copied among three tasks; dead ports and the dead-name,
 * no-senders and send-once notifications; port sets; the queue limit; names a task
 * does not hold.
 */
#include <ipc.h>
#include <masque/error.h>
#include <notify.h>
#include <self.h>
#include <string.h>
#include <trap.h>
#include "msgs.h"
#include "tap.h"

#define WAIT_MS 5000

static port_name_t
	report; /* A child's first act: send the parent a send right to a fresh port of its own. */
static port_name_t child_mailbox(void)
{
	port_name_t m = new_port();

	send_port(report, m, MSG_MAKE_SEND, 1);
	return m;
}

#define REPORT_IDS 64
static uint64_t report_words[REPORT_IDS];
static uint8_t report_seen[REPORT_IDS];

/* The word of the children's report with this id, waiting for it if it has not come
 * yet (keeping the others that arrive meanwhile); -1 if it does not come. */
static uint64_t report_of(uint32_t id)
{
	struct word_msg m;

	while (!report_seen[id]) {
		if (recv_word(report, &m, WAIT_MS) != KERN_SUCCESS)
			return (uint64_t)-1;
		if (m.h.id < REPORT_IDS) {
			report_words[m.h.id] = m.word;
			report_seen[m.h.id] = 1;
		}
	}
	return report_words[id];
}

/* --- round trip --------------------------------------------------------------- */

struct echo_msg {
	struct msg_header h;
	char data[4000];
};

/* Answers each request with its data turned to upper case; id 0 ends it. */
static void echo_server(uint64_t unused)
{
	static struct echo_msg m;
	port_name_t mailbox = child_mailbox();

	(void)unused;
	while (msg_receive(mailbox, &m.h, sizeof(m)) == KERN_SUCCESS && m.h.id) {
		size_t n = m.h.size - sizeof(m.h);
		for (size_t i = 0; i < n; i++)
			if (m.data[i] >= 'a' && m.data[i] <= 'z')
				m.data[i] -= 32;
		m.h.bits = MSG_BITS(MSG_MOVE_SEND_ONCE, 0);
		m.h.local = PORT_NULL;
		m.h.id++;
		msg_send(&m.h);
	}
}

static void test_round_trip(void)
{
	static struct echo_msg m;
	port_name_t server;
	int64_t child = spawn(echo_server, 0);

	ok(child > 0, "spawn a task from our own memory");
	is(recv_port(report, &server, NULL), KERN_SUCCESS, "child sends a send right to its port");
	memset(&m, 0, sizeof(m));
	strlcpy(m.data, "hello, masque", sizeof(m.data));
	m.h = (struct msg_header){ .bits = MSG_BITS(MSG_COPY_SEND, 0),
				   .size = sizeof(m.h) + 16,
				   .remote = server,
				   .id = 7 };
	is(msg_call(&m.h, sizeof(m)), KERN_SUCCESS, "call: send and receive the reply in one trap");
	ok(m.h.id == 8 && !strcmp(m.data, "HELLO, MASQUE"),
	   "reply carries the transformed in-line data");
	ok(m.h.size == sizeof(m.h) + 16 && m.h.remote == PORT_NULL,
	   "reply size and header as sent");
	memset(m.data, 'x', sizeof(m.data));
	m.h = (struct msg_header){
		.bits = MSG_BITS(MSG_COPY_SEND, 0), .size = sizeof(m), .remote = server, .id = 9
	};
	int64_t r = msg_call(&m.h, sizeof(m));
	int all = r == 0;
	for (size_t i = 0; i < sizeof(m.data); i++)
		all &= m.data[i] == 'X';
	ok(all && m.h.size == sizeof(m), "4000 bytes of in-line data make the round trip");
	m.h = (struct msg_header){ .bits = MSG_BITS(MSG_COPY_SEND, 0),
				   .size = sizeof(m.h) + 64,
				   .remote = server,
				   .id = 9 };
	is(msg_call(&m.h, sizeof(m.h)), KERN_MSG_TOO_LARGE,
	   "a reply larger than the buffer is refused");
	m.h = (struct msg_header){
		.bits = MSG_BITS(MSG_COPY_SEND, 0), .size = sizeof(m.h), .remote = server, .id = 0
	};
	msg_send(&m.h);
	is(wait_task_end(child, WAIT_MS), KERN_SUCCESS, "server task ends");
	port_destroy(server);
	port_destroy(child);
}

/* --- rights among three tasks ------------------------------------------------- */

/* A: gets a receive right, answers what arrives on it through the send-once right. */
static void holder_a(uint64_t unused)
{
	port_name_t mailbox = child_mailbox(), x;
	struct word_msg m;

	(void)unused;
	if (recv_port(mailbox, &x, NULL))
		return;
	struct port_status st;
	port_status(x, &st);
	send_word(report, MSG_COPY_SEND, 10, st.rights);
	if (recv_word(x, &m, WAIT_MS))
		return;
	port_name_t once = m.h.remote;
	send_word(report, MSG_COPY_SEND, 11, m.word);
	send_word(once, MSG_MOVE_SEND_ONCE, 12, m.word + 1);
	send_word(report, MSG_COPY_SEND, 13, send_word(once, MSG_MOVE_SEND_ONCE, 12, 0));
}

/* B: gets a send right by copy, calls through it. */
static void caller_b(uint64_t unused)
{
	port_name_t mailbox = child_mailbox(), x;
	struct word_msg m = { 0 };

	(void)unused;
	if (recv_port(mailbox, &x, NULL))
		return;
	m.h = (struct msg_header){
		.bits = MSG_BITS(MSG_COPY_SEND, 0), .size = sizeof(m), .remote = x, .id = 20
	};
	m.word = 41;
	int64_t r = msg_call(&m.h, sizeof(m));
	send_word(report, MSG_COPY_SEND, 21, r ? (uint64_t)r : m.word);
}

static void test_rights(void)
{
	port_name_t a_box, b_box, x = new_port();
	struct port_status st;
	int64_t a = spawn(holder_a, 0);
	recv_port(report, &a_box, NULL);
	int64_t b = spawn(caller_b, 0);
	recv_port(report, &b_box, NULL);
	is(send_port(a_box, x, MSG_MOVE_RECEIVE, 0), KERN_SUCCESS,
	   "move a receive right to task A");
	port_status(x, &st);
	ok(st.rights == RIGHT_SEND, "after the move we keep only the send right");
	is(msg_receive_timeout(x, NULL, 0, 0), KERN_INVALID_RIGHT,
	   "we can no longer receive on it");
	ok(report_of(10) == (RIGHT_RECEIVE | RIGHT_SEND),
	   "A holds receive and (inherited) send rights under one name");
	is(send_port(b_box, x, MSG_COPY_SEND, 0), KERN_SUCCESS, "copy a send right to task B");
	is(report_of(11), 41, "A received B's message on the moved receive right");
	is(report_of(21), 42, "B got A's answer through its send-once right");
	is(report_of(13), KERN_INVALID_NAME, "a used send-once right is gone");
	wait_task_end(a, WAIT_MS);
	wait_task_end(b, WAIT_MS);
	port_status(x, &st);
	ok(st.rights == RIGHT_DEAD_NAME, "when A ends, our send right becomes a dead name");
	port_destroy(x), port_destroy(a), port_destroy(b), port_destroy(a_box), port_destroy(b_box);
}

/* --- dead ports and notifications --------------------------------------------- */

static void drop_right(uint64_t unused)
{
	port_name_t mailbox = child_mailbox(), p;

	(void)unused;
	while (recv_port(mailbox, &p, NULL) == KERN_SUCCESS && p != PORT_NULL)
		port_destroy(p);
}

/* The last notification notify_demux handed to its handlers below. */
static struct {
	uint32_t id;
	uint32_t name, make_sends;
} note;

void notify_dead_name(struct rpc_ctx *ctx, uint32_t name)
{
	note.id = ctx->id;
	note.name = name;
}

void notify_no_senders(struct rpc_ctx *ctx, uint32_t make_sends)
{
	note.id = ctx->id;
	note.make_sends = make_sends;
}

void notify_send_once(struct rpc_ctx *ctx)
{
	note.id = ctx->id;
}

/* Receive a notification on port and serve it: 0 if it is the one with id. */
static int64_t notification(port_name_t port, uint32_t id)
{
	uint64_t in[NOTIFY_REQUEST_MAX / 8], out[NOTIFY_REPLY_MAX / 8];
	int64_t r = msg_receive_timeout(port, (struct msg_header *)in, sizeof(in),
					WAIT_MS * 1000000ull);

	note.id = 0;
	if (r)
		return r;
	int served = notify_demux((struct msg_header *)in, (struct msg_header *)out);
	return served && note.id == id ? 0 : -1;
}

static void test_dead_ports(void)
{
	port_name_t p = new_port(), n = new_port(), box;
	struct port_status st;
	struct word_msg m;

	port_destroy(p);
	is(port_insert_right(self_task, p, p, MSG_MAKE_SEND), KERN_INVALID_NAME,
	   "a destroyed name is gone");
	p = new_port();
	port_mod_refs(p, RIGHT_RECEIVE, -1);
	port_status(p, &st);
	ok(st.rights == RIGHT_DEAD_NAME && st.send_refs == 1,
	   "send right to a dead port is a dead name");
	is(send_word(p, MSG_COPY_SEND, 1, 0), KERN_PORT_DEAD,
	   "send to a dead port fails: KERN_PORT_DEAD");
	port_destroy(p);

	int64_t child = spawn(drop_right, 0);
	recv_port(report, &box, NULL);
	is(port_request_notify(box, NOTIFY_DEAD_NAME, n), KERN_SUCCESS,
	   "ask for a dead-name notification");

	p = new_port();
	is(port_request_notify(p, NOTIFY_NO_SENDERS, n), KERN_SUCCESS,
	   "ask for a no-senders notification");
	send_port(box, p, MSG_MOVE_SEND, 0);
	ok(!notification(n, NOTIFY_NO_SENDERS_ID) && note.make_sends == 1,
	   "no-senders arrives when the child drops the last send right");
	send_port(box, p, MSG_MAKE_SEND_ONCE, 0);
	ok(!notification(p, NOTIFY_SEND_ONCE_ID),
	   "a send-once right destroyed unused sends a notification");
	send_port(box, PORT_NULL, MSG_COPY_SEND, 0);
	ok(!notification(n, NOTIFY_DEAD_NAME_ID) && note.name == box,
	   "dead-name notification names the right whose port died");
	port_status(box, &st);
	ok(st.rights == RIGHT_DEAD_NAME, "the name is a dead name now");
	is(msg_receive_timeout(n, &m.h, sizeof(m), 0), KERN_TIMED_OUT, "nothing else was queued");
	wait_task_end(child, WAIT_MS);
	port_destroy(box), port_destroy(child), port_destroy(p), port_destroy(n);
}

/* --- port sets ---------------------------------------------------------------- */

static void test_port_sets(void)
{
	int64_t set = port_allocate(RIGHT_PORT_SET);
	port_name_t p[3];
	struct word_msg m;
	int seen = 0;

	for (int i = 0; i < 3; i++) {
		p[i] = new_port();
		is(port_move_member(p[i], set), KERN_SUCCESS, "port joins the set");
	}
	for (int i = 2; i >= 0; i--)
		send_word(p[i], MSG_COPY_SEND, 100 + i, i);
	for (int i = 0; i < 3; i++) {
		if (recv_word(set, &m, WAIT_MS) == KERN_SUCCESS)
			for (int j = 0; j < 3; j++)
				if (m.h.local == p[j] && m.word == (uint64_t)j)
					seen |= 1 << j;
	}
	ok(seen == 7, "the set delivers from each member, naming the port it came to");
	is(recv_word(set, &m, 1), KERN_TIMED_OUT, "an empty set times out");

	/* a receiver already waiting on the set gets a message sent later */
	port_name_t box;
	int64_t child = spawn(drop_right, 0);
	recv_port(report, &box, NULL);
	send_port(box, p[1], MSG_MAKE_SEND_ONCE, 0); /* the child destroys it: a notification */
	ok(recv_word(set, &m, WAIT_MS) == 0 && m.h.local == p[1] && m.h.id == NOTIFY_SEND_ONCE_ID,
	   "a waiting receiver on the set gets what arrives later");
	struct port_status st;
	port_status(set, &st);
	ok(st.rights == RIGHT_PORT_SET && st.set_members == 3, "port_status counts the members");
	is(port_move_member(p[0], PORT_NULL), KERN_SUCCESS, "a port leaves its set");
	send_word(p[0], MSG_COPY_SEND, 1, 0);
	is(recv_word(set, &m, 1), KERN_TIMED_OUT, "the set no longer sees it");
	ok(recv_word(p[0], &m, 1) == 0, "but the port itself still receives");
	send_port(box, PORT_NULL, MSG_COPY_SEND, 0);
	wait_task_end(child, WAIT_MS);
	port_destroy(set);
	for (int i = 0; i < 3; i++)
		port_destroy(p[i]);
	port_destroy(box), port_destroy(child);
}

/* A port made in a set in one trap, its no-senders notification to itself: what a
 * server does for each object it hands out. */
static void test_port_allocate_member(void)
{
	int64_t set = port_allocate(RIGHT_PORT_SET), plain = new_port();
	int64_t p = port_allocate_member(set, PORT_NOTIFY_NO_SENDERS);
	struct port_status st;
	struct word_msg m;

	ok(p > 0, "port_allocate_member makes a port");
	port_status(p, &st);
	is(st.rights, RIGHT_RECEIVE, "it is a receive right");
	is(st.set, set, "in the set asked for");
	port_name_t box;
	int64_t child = spawn(drop_right, 0);
	recv_port(report, &box, NULL);
	send_port(box, p, MSG_MAKE_SEND, 0);
	ok(!notification(set, NOTIFY_NO_SENDERS_ID) && note.make_sends == 1,
	   "its no-senders notification comes to itself when the last send right goes");
	send_port(box, PORT_NULL, MSG_COPY_SEND, 0);
	wait_task_end(child, WAIT_MS);
	int64_t quiet = port_allocate_member(set, 0);
	send_word(quiet, MSG_MAKE_SEND, 8, 8);
	ok(recv_word(set, &m, WAIT_MS) == 0 && m.h.local == quiet && m.word == 8,
	   "a message to a member arrives through the set");
	is(recv_word(set, &m, 1), KERN_TIMED_OUT,
	   "without the flag, no notification when its send right goes");
	is(port_allocate_member(PORT_NULL, 0), KERN_INVALID_NAME, "no set: KERN_INVALID_NAME");
	is(port_allocate_member(plain, 0), KERN_INVALID_RIGHT,
	   "a port that is not a set: KERN_INVALID_RIGHT");
	is(port_allocate_member(set, 2), KERN_INVALID_ARGUMENT,
	   "an unknown flag: KERN_INVALID_ARGUMENT");
	port_status(set, &st);
	is(st.set_members, 2, "and the refused calls made no member");
	port_destroy(p), port_destroy(quiet), port_destroy(plain), port_destroy(set);
	port_destroy(box), port_destroy(child);
}

/* --- queue limit -------------------------------------------------------------- */

static void fill_queue(uint64_t q)
{
	for (int i = 0; i < 3; i++)
		send_word(q, MSG_COPY_SEND, 40 + i, i);
	send_word(report, MSG_COPY_SEND, 43, 3);
}

static void test_queue_limit(void)
{
	port_name_t q = new_port();
	struct port_status st;
	struct word_msg m;

	is(port_set_qlimit(q, 2), KERN_SUCCESS, "set a queue limit of 2");
	int64_t child = spawn(fill_queue, q);
	for (int i = 0; i < 500 && port_status(q, &st) == 0 && st.msg_count < 2; i++)
		sleep_ms(10);
	ok(st.msg_count == 2, "the sender filled the queue ...");
	is(recv_word(report, &m, 50), KERN_TIMED_OUT, "... and is blocked on its third send");
	is(msg_trap(MSG_SEND | MSG_SEND_TIMEOUT,
		    &(struct word_msg){ .h = { .bits = MSG_BITS(MSG_MAKE_SEND, 0),
					       .size = sizeof(struct word_msg),
					       .remote = q } }
			     .h,
		    0, 0, 0, 0),
	   KERN_TIMED_OUT, "a send with a zero timeout to a full queue gives up");
	is(send_word(q, MSG_MAKE_SEND_ONCE, 99, 99), KERN_SUCCESS,
	   "a send-once message still gets through");
	port_status(q, &st);
	ok(st.msg_count == 3, "it is queued beyond the limit");
	ok(recv_word(q, &m, WAIT_MS) == 0 && m.h.id == 40, "messages come in order");
	is(recv_word(report, &m, 50), KERN_TIMED_OUT, "the send-once message took the freed slot");
	ok(recv_word(q, &m, WAIT_MS) == 0 && m.h.id == 41, "the next one");
	ok(recv_word(report, &m, WAIT_MS) == 0 && m.word == 3,
	   "room in the queue wakes the sender");
	int order = 0;
	for (int i = 0; i < 2 && recv_word(q, &m, WAIT_MS) == 0; i++)
		order = order * 100 + m.h.id;
	ok(order == 9942, "the rest arrive in send order: %d", order);
	wait_task_end(child, WAIT_MS);
	port_destroy(q), port_destroy(child);
}

/* --- names we do not hold ----------------------------------------------------- */

static void test_bad_names(void)
{
	struct word_msg m;
	port_name_t p = new_port();

	is(send_word(0x123456, MSG_COPY_SEND, 1, 0), KERN_INVALID_NAME,
	   "send to a name we do not hold");
	is(send_word(PORT_NULL, MSG_COPY_SEND, 1, 0), KERN_INVALID_NAME, "send to PORT_NULL");
	is(recv_word(0x7ffffff0, &m, 1), KERN_INVALID_NAME, "receive on a name we do not hold");
	is(recv_word(self_task, &m, 1), KERN_INVALID_RIGHT, "receive needs a receive right");
	is(send_word(p, 77, 1, 0), KERN_INVALID_MSG, "an unknown disposition is refused");
	is(port_destroy(0x55555), KERN_INVALID_NAME, "destroy a name we do not hold");
	is(port_mod_refs(p, RIGHT_SEND, -5), KERN_INVALID_ARGUMENT,
	   "drop more references than held");
	is(port_mod_refs(p, RIGHT_SEND_ONCE, -1), KERN_INVALID_RIGHT,
	   "drop a right the name lacks");
	port_destroy(p);
	port_name_t q = new_port(); /* may reuse p's slot, with a new generation */
	is(send_word(p, MSG_COPY_SEND, 1, 0), KERN_INVALID_NAME,
	   "a stale name stays invalid after reuse");
	is(msg_trap(MSG_SEND, (struct msg_header *)0x10, 0, 0, 0, 0), KERN_INVALID_ADDRESS,
	   "a message at a bad address");
	m.h = (struct msg_header){ .bits = MSG_BITS(MSG_COPY_SEND, 0), .size = 8, .remote = q };
	is(msg_send(&m.h), KERN_INVALID_MSG, "a size smaller than the header");
	m.h.size = 1 << 20;
	is(msg_send(&m.h), KERN_MSG_TOO_LARGE, "a size beyond the limit");
	is(port_allocate(99), KERN_INVALID_ARGUMENT, "allocate an unknown kind of right");
	is(msg_trap(0, 0, 0, 0, 0, 0), KERN_INVALID_ARGUMENT, "msg_trap with no operation");
	is(trap6(9999, 0, 0, 0, 0, 0, 0), KERN_INVALID_TRAP, "an unknown trap number");
	port_destroy(q);
}

int main(void)
{
	report = new_port();
	test_round_trip();
	test_rights();
	test_dead_ports();
	test_port_sets();
	test_port_allocate_member();
	test_queue_limit();
	test_bad_names();
	return 0;
}
