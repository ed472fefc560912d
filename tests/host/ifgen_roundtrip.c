/*
 * Round trip of the stubs generated from tests/host/ifgen/example.defs, on the host: the
 * client stubs reach the server's demultiplexer in-process through a fake msg_call and
 * msg_send that deliver messages as the kernel would (dispositions become the rights
 * that arrive; names stay the same). Checks every routine's values, deferred replies,
 * and that malformed requests and replies are refused and their rights released.
 * Prints TAP.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <masque/error.h>
#include <ipc.h>

#include "example.h"
#include "notify.h"

#define SERVER	   0x101 /* the server's port, as the client names it */
#define REPLY	   0x202 /* the reply right, as the server names it */
#define REPLY_PORT 0x303 /* the client's reply port */

static int tests, failures;

static void check(int ok, const char *what)
{
	tests++;
	failures += !ok;
	printf("%s %d - %s\n", ok ? "ok" : "not ok", tests, what);
}

/* ---- the fake kernel ---------------------------------------------------------------- */

static uint64_t server_in[MSG_SIZE_MAX / 8], server_out[MSG_SIZE_MAX / 8];
static uint64_t pending[MSG_SIZE_MAX / 8]; /* the reply on its way to the client */
static int have_pending;
static int calls, sends;
static uint8_t sent_request_disp[MSG_DESC_MAX], sent_reply_disp[MSG_DESC_MAX];
static uint8_t sent_request_flags[MSG_DESC_MAX], sent_reply_flags[MSG_DESC_MAX];
static int demux_replied; /* the demultiplexer built a reply (out->size != 0) */

/* Hooks of a test: spoil a request before the server sees it, or a reply before the
 * client does; answer a deferred request once the demultiplexer has returned. */
static void (*tamper_request)(struct msg_header *m);
static void (*tamper_reply)(struct msg_header *m);
static void (*answer_later)(void);

static int rights_released, ool_released;

void rpc_release_right(port_name_t name, uint32_t disposition)
{
	(void)name;
	(void)disposition;
	rights_released++;
}

void rpc_release_ool(uint64_t addr, uint32_t size)
{
	(void)addr;
	(void)size;
	ool_released++;
}

static uint8_t arrival(uint8_t disposition)
{
	switch (disposition) {
	case MSG_COPY_SEND:
	case MSG_MOVE_SEND:
	case MSG_MAKE_SEND:
		return MSG_MOVE_SEND;
	case MSG_MAKE_SEND_ONCE:
	case MSG_MOVE_SEND_ONCE:
		return MSG_MOVE_SEND_ONCE;
	default:
		return disposition;
	}
}

static int well_formed(const struct msg_header *m)
{
	return m->size >= sizeof(*m) && m->size <= MSG_SIZE_MAX && m->size % 8 == 0 &&
	       m->ndesc <= MSG_DESC_MAX &&
	       m->size >= sizeof(*m) + m->ndesc * sizeof(struct msg_desc);
}

/* Copy a sent message into a receiver's buffer as the kernel would: the reply right
 * comes in remote, the receiving port in local, each right as the kind that arrives.
 * Records the dispositions and flags the sender used. */
static void deliver(struct msg_header *to, const struct msg_header *from, port_name_t local,
		    uint8_t *disp, uint8_t *flags)
{
	struct msg_desc *d;

	memcpy(to, from, from->size);
	to->remote = from->local;
	to->local = local;
	to->bits = MSG_BITS(from->local ? arrival(MSG_BITS_LOCAL(from->bits)) : 0, 0);
	d = msg_descs(to);
	for (uint32_t i = 0; i < to->ndesc; i++) {
		disp[i] = d[i].disposition;
		flags[i] = d[i].flags;
		/* no right travels for PORT_NULL or PORT_DEAD: the disposition stays */
		if (d[i].type == MSG_DESC_PORT && d[i].value != PORT_NULL &&
		    d[i].value != PORT_DEAD)
			d[i].disposition = arrival(d[i].disposition);
		else
			d[i].flags = 0;
	}
}

/* The server receives a request; -> whether its reply is pending for the client. */
static int serve(const struct msg_header *request)
{
	struct msg_header *in = (struct msg_header *)server_in;
	struct msg_header *out = (struct msg_header *)server_out;

	deliver(in, request, SERVER, sent_request_disp, sent_request_flags);
	in->remote = in->remote ? REPLY : PORT_NULL;
	if (tamper_request)
		tamper_request(in);
	have_pending = 0;
	memset(server_out, 0xaa, sizeof(server_out));
	if (!example_demux(in, out)) {
		printf("# demux refused id %u\n", in->id);
		return 0;
	}
	demux_replied = out->size != 0;
	if (demux_replied)
		msg_send(out);
	else if (answer_later)
		answer_later();
	return have_pending;
}

/* Fill the stack below us with a pattern, so bytes a stub leaves unset stand out
 * (unsanitized: ASan would move the array away from where the next frames go). */
static void __attribute__((noinline, no_sanitize_address)) poison_stack(void)
{
	volatile uint8_t junk[8192];

	for (size_t i = 0; i < sizeof(junk); i++)
		junk[i] = 0xaa;
}

int64_t msg_call(struct msg_header *msg, uint32_t rcv_size)
{
	struct msg_header *rep = (struct msg_header *)pending;

	calls++;
	if (!well_formed(msg) || msg->remote != SERVER ||
	    MSG_BITS_REMOTE(msg->bits) != MSG_COPY_SEND) {
		printf("# malformed request sent (id %u, size %u)\n", msg->id, msg->size);
		return KERN_INVALID_ARGUMENT;
	}
	msg->local = REPLY_PORT;
	msg->bits = MSG_BITS(MSG_BITS_REMOTE(msg->bits), MSG_MAKE_SEND_ONCE);
	if (!serve(msg)) {
		/* the reply right died unused: the kernel says so */
		struct notify_send_once_request_msg n = {
			.hdr = { .size = sizeof(n), .local = REPLY_PORT, .id = NOTIFY_SEND_ONCE_ID }
		};
		memcpy(msg, &n, sizeof(n));
		return KERN_SUCCESS;
	}
	if (rep->size > rcv_size)
		return KERN_MSG_TOO_LARGE;
	deliver(msg, rep, REPLY_PORT, sent_reply_disp, sent_reply_flags);
	if (tamper_reply)
		tamper_reply(msg);
	return KERN_SUCCESS;
}

/* msg_call_into's kernel: with kernel_copies, an OOL reply the receive buffer asks to
 * have copied (MSG_OOL_OVERWRITE, room enough) is copied there; else it is "placed"
 * where the server had it. */
static int kernel_copies;

int64_t msg_call_into(struct msg_header *msg, struct msg_header *rcv, uint32_t rcv_size)
{
	struct msg_desc want[4];
	uint32_t n = (rcv_size - sizeof(*rcv)) / sizeof(want[0]);

	static uint64_t room[MSG_SIZE_MAX / 8];
	struct msg_header *m = (struct msg_header *)room;

	memcpy(want, msg_descs(rcv), (n < 4 ? n : 4) * sizeof(want[0]));
	memcpy(m, msg, msg->size);
	int64_t r = msg_call(m, sizeof(room));
	if (r || m->size > rcv_size)
		return r ? r : KERN_MSG_TOO_LARGE;
	memcpy(rcv, m, m->size);
	struct msg_desc *d = msg_descs(rcv);
	for (uint32_t i = 0; i < rcv->ndesc && i < n && i < 4; i++) {
		if (d[i].type != MSG_DESC_OOL || !kernel_copies ||
		    !(want[i].flags & MSG_OOL_OVERWRITE) || d[i].value > want[i].value)
			continue;
		memcpy((void *)(uintptr_t)want[i].addr, (void *)(uintptr_t)d[i].addr, d[i].value);
		d[i].flags = MSG_OOL_OVERWRITE;
		d[i].addr = want[i].addr;
	}
	return KERN_SUCCESS;
}

int64_t msg_send(struct msg_header *msg)
{
	sends++;
	if (!well_formed(msg)) {
		printf("# malformed message sent (id %u, size %u)\n", msg->id, msg->size);
		return KERN_INVALID_ARGUMENT;
	}
	if (msg->remote == REPLY) {
		if (MSG_BITS_REMOTE(msg->bits) != MSG_MOVE_SEND_ONCE)
			return KERN_INVALID_RIGHT;
		memcpy(pending, msg, msg->size);
		have_pending = 1;
		return KERN_SUCCESS;
	}
	if (msg->remote == SERVER) {
		serve(msg);
		return KERN_SUCCESS;
	}
	return KERN_INVALID_NAME;
}

/* ---- the server's handlers ------------------------------------------------------------ */

static int handled;	   /* handler calls */
static int ctx_ok = 1;	   /* every handler saw the right context */
static port_name_t got[6]; /* ports: the names the handler received */
static char region_seen[16];
static uint32_t region_size_seen, moved_size_seen, tag_seen;
static port_name_t deferred_reply;
static uint32_t deferred_ticket;
static uint32_t notified;
static char notified_label[8];
static uint8_t gift_buffer[64], copy_buffer[32];

static void saw(struct rpc_ctx *ctx, uint32_t id, port_name_t reply)
{
	handled++;
	if (ctx->local != SERVER || ctx->reply != reply || ctx->id != id)
		ctx_ok = 0;
}

int64_t example_scalars(struct rpc_ctx *ctx, int32_t a, uint32_t b, int64_t c, uint64_t d,
			int64_t *sum, int32_t *neg, uint32_t *inv, uint64_t *big)
{
	saw(ctx, EXAMPLE_SCALARS_ID, REPLY);
	if (c == -1)
		return -2; /* -ENOENT */
	*sum = a + (int64_t)b + c;
	*neg = -a;
	*inv = ~b;
	*big = d / 2;
	return 42;
}

static port_name_t swap_reply; /* a swap answered later (scale 1) */

/* Swaps the halves, and leaves garbage in the pad as a careless handler could. */
int64_t example_swap(struct rpc_ctx *ctx, const struct example_pair *p_in, uint32_t scale,
		     struct example_pair *p_out, uint32_t *count)
{
	saw(ctx, EXAMPLE_SWAP_ID, REPLY);
	if (scale == 0)
		return -22; /* -EINVAL */
	if (scale == 1) {
		swap_reply = ctx->reply;
		return RPC_NO_REPLY;
	}
	*p_out = (struct example_pair){ .low = (uint32_t)p_in->top * scale,
					.high = p_in->mid,
					.mid = (int32_t)p_in->high,
					.top = p_in->low,
					.tail = p_in->tail + 1,
					.pad = 0xdeadbeef };
	*count = p_in->pad == 0 ? 1 : 0; /* the client's garbage never reaches us */
	return 3;
}

int64_t example_text(struct rpc_ctx *ctx, const char *name, const void *blob, uint32_t blob_len,
		     char *upper, void *reversed, uint32_t *reversed_len)
{
	const uint8_t *in = blob;
	uint8_t *out = reversed;
	size_t n = strlen(name);

	saw(ctx, EXAMPLE_TEXT_ID, REPLY);
	if (strcmp(name, "unterminated") == 0) {
		memset(upper, 'x', 32);
		return 0;
	}
	for (size_t i = 0; i <= n; i++)
		upper[i] = name[i] >= 'a' && name[i] <= 'z' ? name[i] - 'a' + 'A' : name[i];
	for (uint32_t i = 0; i < blob_len; i++)
		out[i] = in[blob_len - 1 - i];
	*reversed_len = blob_len;
	return n;
}

int64_t example_ports(struct rpc_ctx *ctx, port_name_t s, port_name_t ms, port_name_t mk,
		      port_name_t once, port_name_t fwd, port_name_t rcv, port_name_t *out_send,
		      port_name_t *out_move, port_name_t *out_make, port_name_t *out_once,
		      port_name_t *out_fwd, port_name_t *out_rcv)
{
	saw(ctx, EXAMPLE_PORTS_ID, REPLY);
	got[0] = s;
	got[1] = ms;
	got[2] = mk;
	got[3] = once;
	got[4] = fwd;
	got[5] = rcv;
	*out_send = s + 100;
	*out_move = ms + 100;
	*out_make = mk + 100;
	*out_once = once + 100;
	*out_fwd = fwd + 100;
	*out_rcv = rcv + 100;
	return 0;
}

int64_t example_memory(struct rpc_ctx *ctx, void *region, uint32_t region_size, void *moved,
		       uint32_t moved_size, uint32_t tag, void **copy, uint32_t *copy_size,
		       void **gift, uint32_t *gift_size)
{
	saw(ctx, EXAMPLE_MEMORY_ID, REPLY);
	memcpy(region_seen, region, region_size < 16 ? region_size : 16);
	(void)moved;
	region_size_seen = region_size;
	moved_size_seen = moved_size;
	tag_seen = tag;
	*copy = copy_buffer;
	*copy_size = sizeof(copy_buffer);
	*gift = gift_buffer;
	*gift_size = sizeof(gift_buffer);
	return 0;
}

static const char fetch_buffer[] = "copied as sent, into the caller's buffer";

int64_t example_fetch(struct rpc_ctx *ctx, uint32_t length, void **bytes, uint32_t *bytes_size)
{
	saw(ctx, EXAMPLE_FETCH_ID, REPLY);
	*bytes = (void *)fetch_buffer;
	*bytes_size = length;
	return 0;
}

int64_t example_deferred(struct rpc_ctx *ctx, uint32_t ticket, uint64_t *answer, char *note)
{
	saw(ctx, EXAMPLE_DEFERRED_ID, REPLY);
	(void)answer;
	(void)note;
	deferred_reply = ctx->reply;
	deferred_ticket = ticket;
	return RPC_NO_REPLY;
}

int64_t example_ping(struct rpc_ctx *ctx)
{
	saw(ctx, EXAMPLE_PING_ID, REPLY);
	return 0;
}

void example_notify(struct rpc_ctx *ctx, uint32_t x, const char *label)
{
	saw(ctx, EXAMPLE_NOTIFY_ID, PORT_NULL);
	notified = x;
	memcpy(notified_label, label, strlen(label) + 1);
}

/* ---- the routines, as a client uses them ------------------------------------------------ */

static void test_scalars(void)
{
	int64_t sum = 0;
	int32_t neg = 0;
	uint32_t inv = 0;
	uint64_t big = 0;
	int64_t ret = rpc_example_scalars(SERVER, -5, 0xfffffff0u, 1ll << 40, UINT64_MAX - 1, &sum,
					  &neg, &inv, &big);

	check(ret == 42, "scalars: the handler's positive result comes back");
	check(sum == -5 + 0xfffffff0ll + (1ll << 40) && neg == 5 && inv == 0xf &&
		      big == UINT64_MAX / 2,
	      "scalars: int32, uint32, int64, uint64 cross intact both ways");
	sum = 7;
	ret = rpc_example_scalars(SERVER, 1, 2, -1, 4, &sum, &neg, &inv, &big);
	check(ret == -2 && sum == 7, "scalars: an error result passes through, outs untouched");
}

/* The deferred swap's answer, from a struct of the handler's own with garbage in
 * its pad. */
static void swap_later(void)
{
	struct example_pair p = {
		.low = 1, .high = -2, .mid = 3, .top = 4, .tail = 5, .pad = 0xdeadbeef
	};

	example_swap_reply(swap_reply, 5, &p, 6);
}

static void test_swap(void)
{
	struct example_pair in = {
		.low = 7, .high = -9, .mid = -3, .top = 5, .tail = 11, .pad = 0x5a5a5a5a
	};
	struct example_pair out = { 0 };
	const struct example_swap_reply_msg *sent = (const struct example_swap_reply_msg *)pending;
	uint32_t count = 0;
	int64_t ret = rpc_example_swap(SERVER, &in, 2, &out, &count);

	check(ret == 3, "struct: the handler's result comes back");
	check(out.low == 10 && out.high == -3 && out.mid == -9 && out.top == 7 && out.tail == 12,
	      "struct: every field crosses intact both ways");
	check(count == 1, "struct: the request's pad arrives zeroed, whatever the client left");
	check(sent->p_out.pad == 0, "struct: the reply's pad is zeroed, whatever the handler left");
	out.tail = 99;
	ret = rpc_example_swap(SERVER, &in, 0, &out, &count);
	check(ret == -22 && out.tail == 99,
	      "struct: an error result passes through, outs untouched");
	answer_later = swap_later;
	ret = rpc_example_swap(SERVER, &in, 1, &out, &count);
	answer_later = NULL;
	check(ret == 5 && out.low == 1 && out.high == -2 && out.mid == 3 && out.top == 4 &&
		      out.tail == 5 && count == 6,
	      "struct: the reply function copies a struct that is not in the reply already");
	check(sent->p_out.pad == 0, "struct: and zeroes its pad, whatever the caller left");
}

static void test_text(void)
{
	struct example_text_request_msg *req = (struct example_text_request_msg *)server_in;
	char upper[32] = "";
	uint8_t blob[100], reversed[100];
	uint32_t reversed_len = 0;
	char longest[32];
	int64_t ret;
	int before;

	poison_stack();
	ret = rpc_example_text(SERVER, "hello", "\1\2\3", 3, upper, reversed, &reversed_len);
	check(ret == 5 && strcmp(upper, "HELLO") == 0 && reversed_len == 3 &&
		      memcmp(reversed, "\3\2\1", 3) == 0,
	      "text: a string and bytes in, a string and bytes out");
	check(memcmp(req->data, "hello\0\0\0\1\2\3\0\0\0\0\0", 16) == 0 &&
		      req->hdr.size == offsetof(struct example_text_request_msg, data) + 16,
	      "text: strings and bytes travel at their length, padding zeroed");

	ret = rpc_example_text(SERVER, "", NULL, 0, upper, reversed, &reversed_len);
	check(ret == 0 && upper[0] == '\0' && reversed_len == 0, "text: empty string and bytes");

	memset(longest, 'a', 31);
	longest[31] = '\0';
	for (int i = 0; i < 100; i++)
		blob[i] = i;
	ret = rpc_example_text(SERVER, longest, blob, 100, upper, reversed, &reversed_len);
	check(ret == 31 && strlen(upper) == 31 && upper[30] == 'A' && reversed_len == 100 &&
		      reversed[0] == 99 && reversed[99] == 0,
	      "text: the longest string (31) and bytes (100) fit");

	before = calls;
	memset(longest, 'a', 32);
	ret = rpc_example_text(SERVER, longest, blob, 3, upper, reversed, &reversed_len);
	check(ret == KERN_INVALID_ARGUMENT && calls == before,
	      "text: the client refuses a 32-character string without sending");
	ret = rpc_example_text(SERVER, "a", blob, 101, upper, reversed, &reversed_len);
	check(ret == KERN_INVALID_ARGUMENT && calls == before,
	      "text: the client refuses 101 bytes without sending");

	ret = rpc_example_text(SERVER, "unterminated", blob, 3, upper, reversed, &reversed_len);
	check(ret == KERN_INVALID_ARGUMENT,
	      "text: a handler's unterminated out-string is answered KERN_INVALID_ARGUMENT");
}

static void test_ports(void)
{
	static const uint8_t sent_in[6] = {
		MSG_COPY_SEND,	    MSG_MOVE_SEND,	MSG_MAKE_SEND,
		MSG_MAKE_SEND_ONCE, MSG_MOVE_SEND_ONCE, MSG_MOVE_RECEIVE
	};
	port_name_t o[6] = { 0 };
	int64_t ret = rpc_example_ports(SERVER, 11, 12, 13, 14, 15, 16, &o[0], &o[1], &o[2], &o[3],
					&o[4], &o[5]);

	check(ret == 0 && got[0] == 11 && got[1] == 12 && got[2] == 13 && got[3] == 14 &&
		      got[4] == 15 && got[5] == 16,
	      "ports: six port names reach the handler");
	check(memcmp(sent_request_disp, sent_in, 6) == 0 &&
		      memcmp(sent_reply_disp, sent_in, 6) == 0,
	      "ports: send, move_send, make_send, send_once, move_send_once, move_receive "
	      "dispositions");
	check(o[0] == 111 && o[1] == 112 && o[2] == 113 && o[3] == 114 && o[4] == 115 &&
		      o[5] == 116,
	      "ports: six port names come back");
	ret = rpc_example_ports(SERVER, PORT_NULL, 12, 13, 14, PORT_DEAD, 16, &o[0], &o[1], &o[2],
				&o[3], &o[4], &o[5]);
	check(ret == 0 && got[0] == PORT_NULL && got[4] == PORT_DEAD && o[0] == 100,
	      "ports: PORT_NULL and PORT_DEAD pass where no right travels");
}

static void test_memory(void)
{
	char region[] = "out of line";
	static char moved[4096];
	void *copy = NULL, *gift = NULL;
	uint32_t copy_size = 0, gift_size = 0;
	int64_t ret = rpc_example_memory(SERVER, region, sizeof(region), moved, sizeof(moved), 9,
					 &copy, &copy_size, &gift, &gift_size);

	check(ret == 0 && strcmp(region_seen, region) == 0 && region_size_seen == sizeof(region) &&
		      moved_size_seen == sizeof(moved) && tag_seen == 9,
	      "memory: out-of-line ranges and a scalar reach the handler");
	check(sent_request_flags[0] == 0 && sent_request_flags[1] == MSG_OOL_DEALLOCATE &&
		      sent_reply_flags[0] == 0 && sent_reply_flags[1] == MSG_OOL_DEALLOCATE,
	      "memory: ool copies, move_ool deallocates");
	check(copy == copy_buffer && copy_size == sizeof(copy_buffer) && gift == gift_buffer &&
		      gift_size == sizeof(gift_buffer),
	      "memory: out-of-line ranges come back");
}

/* A reply whose result says an error though it carries memory: a server's mistake. */
static void error_with_memory(struct msg_header *m)
{
	((struct example_fetch_reply_msg *)m)->result = -5; /* EIO */
}

/* copy_ool: into the caller's buffer, whether the kernel copied it there or mapped it. */
static void test_fetch(void)
{
	char into[64];
	uint32_t size = sizeof(into);
	int64_t ret;

	kernel_copies = 1;
	ool_released = 0;
	memset(into, 0, sizeof(into));
	ret = rpc_example_fetch(SERVER, sizeof(fetch_buffer), into, &size);
	check(ret == 0 && size == sizeof(fetch_buffer) && !strcmp(into, fetch_buffer) &&
		      sent_reply_flags[0] == MSG_OOL_COPY && ool_released == 0,
	      "copy_ool: copied as sent (MSG_OOL_COPY), into the caller's buffer by the kernel");
	kernel_copies = 0;
	memset(into, 0, sizeof(into));
	size = sizeof(into);
	ret = rpc_example_fetch(SERVER, sizeof(fetch_buffer), into, &size);
	check(ret == 0 && size == sizeof(fetch_buffer) && !strcmp(into, fetch_buffer) &&
		      ool_released == 1,
	      "copy_ool: mapped instead, the stub copies it into the buffer and gives it back");
	memset(into, 0, sizeof(into));
	size = 8;
	ool_released = 0;
	ret = rpc_example_fetch(SERVER, sizeof(fetch_buffer), into, &size);
	check(ret == KERN_INVALID_MSG && ool_released == 1 && into[0] == 0,
	      "copy_ool: more than the buffer holds is refused and given back, nothing copied");
	kernel_copies = 1;
	tamper_reply = error_with_memory;
	size = sizeof(into);
	ool_released = 0;
	ret = rpc_example_fetch(SERVER, sizeof(fetch_buffer), into, &size);
	tamper_reply = NULL;
	check(ret == KERN_INVALID_MSG && ool_released == 0,
	      "copy_ool: a refused reply copied into the caller's buffer gives nothing back "
	      "(the buffer is the caller's)");
}

static void reply_later(void)
{
	poison_stack();
	example_deferred_reply(deferred_reply, 7, deferred_ticket * 10ull, "later");
}

static void test_deferred(void)
{
	struct example_deferred_reply_msg *sent = (struct example_deferred_reply_msg *)pending;
	uint64_t answer = 0;
	char note[16] = "";
	int64_t ret;

	answer_later = reply_later;
	ret = rpc_example_deferred(SERVER, 3, &answer, note);
	answer_later = NULL;
	check(!demux_replied && deferred_reply == REPLY,
	      "deferred: RPC_NO_REPLY leaves no reply and the handler holds the reply right");
	check(ret == 7 && answer == 30 && strcmp(note, "later") == 0,
	      "deferred: the reply function answers the waiting client");
	check(sent->pad == 0 && sent->data[6] == 0 && sent->data[7] == 0,
	      "deferred: padding of the reply is zeroed");

	ret = rpc_example_deferred(SERVER, 4, &answer, note);
	check(ret == KERN_PORT_DEAD && answer == 30,
	      "deferred: a reply right dropped unanswered gives KERN_PORT_DEAD");
}

static void test_ping_notify(void)
{
	int before;
	int64_t ret;

	check(rpc_example_ping(SERVER) == 0, "ping: no parameters");
	before = sends;
	ret = rpc_example_notify(SERVER, 77, "hi");
	check(ret == KERN_SUCCESS && sends == before + 1 && notified == 77 &&
		      strcmp(notified_label, "hi") == 0 && !demux_replied,
	      "notify: a oneway request is sent, handled and not answered");
	check(rpc_example_notify(SERVER, 1, "12345678") == KERN_INVALID_ARGUMENT,
	      "notify: the client refuses a string that does not fit");
}

/* ---- malformed requests ---------------------------------------------------------------- */

static void shorten(struct msg_header *m)
{
	m->size -= 8;
}

static void lengthen(struct msg_header *m)
{
	m->size += 8;
}

static void port_as_ool(struct msg_header *m)
{
	msg_descs(m)[2].type = MSG_DESC_OOL;
}

static void wrong_right(struct msg_header *m)
{
	msg_descs(m)[0].disposition = MSG_MOVE_RECEIVE;
}

static void one_desc_less(struct msg_header *m)
{
	m->ndesc = 1;
}

static void no_reply_right(struct msg_header *m)
{
	m->remote = PORT_NULL;
}

static void reply_right(struct msg_header *m)
{
	m->remote = REPLY;
}

static void unterminate(struct msg_header *m)
{
	struct example_text_request_msg *req = (struct example_text_request_msg *)m;

	req->data[req->name_len] = 'x';
}

static void nul_inside(struct msg_header *m)
{
	((struct example_text_request_msg *)m)->data[1] = '\0';
}

static void name_too_long(struct msg_header *m)
{
	((struct example_text_request_msg *)m)->name_len = 32;
}

static void bytes_too_long(struct msg_header *m)
{
	((struct example_text_request_msg *)m)->blob_len = 101;
}

static void bytes_past_end(struct msg_header *m)
{
	((struct example_text_request_msg *)m)->blob_len = 50;
}

/* Call a routine with a spoiled request: refused with KERN_INVALID_MSG (or want), the
 * handler not called, and rights, ool released as counted. */
static void refused(void (*tamper)(struct msg_header *), int64_t (*call)(void), int64_t want,
		    int rights, int ool, const char *what)
{
	int before = handled;
	int64_t ret;
	char text[160];

	rights_released = ool_released = 0;
	tamper_request = tamper;
	ret = call();
	tamper_request = NULL;
	snprintf(text, sizeof(text), "refused request: %s", what);
	check(ret == want && handled == before && rights_released == rights && ool_released == ool,
	      text);
	if (ret != want || rights_released != rights || ool_released != ool)
		printf("# result %lld, released %d rights and %d ool\n", (long long)ret,
		       rights_released, ool_released);
}

static int64_t call_scalars(void)
{
	int64_t sum;
	int32_t neg;
	uint32_t inv;
	uint64_t big;

	return rpc_example_scalars(SERVER, 1, 2, 3, 4, &sum, &neg, &inv, &big);
}

static int64_t call_text(void)
{
	char upper[32];
	uint8_t reversed[100];
	uint32_t len;

	return rpc_example_text(SERVER, "hello", "abc", 3, upper, reversed, &len);
}

static port_name_t ports_out[6];

static int64_t call_ports(void)
{
	port_name_t *o = ports_out;

	return rpc_example_ports(SERVER, 1, 2, 3, 4, 5, 6, &o[0], &o[1], &o[2], &o[3], &o[4],
				 &o[5]);
}

static int64_t call_memory(void)
{
	static char region[8], moved[8];
	void *copy, *gift;
	uint32_t copy_size, gift_size;

	return rpc_example_memory(SERVER, region, 8, moved, 8, 0, &copy, &copy_size, &gift,
				  &gift_size);
}

static int64_t call_notify(void)
{
	struct rpc_error_reply *err = (struct rpc_error_reply *)pending;
	int before = handled;

	have_pending = 0;
	if (rpc_example_notify(SERVER, 1, "x") != KERN_SUCCESS || handled != before)
		return KERN_SUCCESS;
	/* the server answered the stray reply right it found */
	return have_pending && err->hdr.id == RPC_REPLY_ID(EXAMPLE_NOTIFY_ID) ? err->result : 0;
}

static void test_bad_requests(void)
{
	struct msg_header *in = (struct msg_header *)server_in;
	struct msg_header *out = (struct msg_header *)server_out;

	refused(shorten, call_scalars, KERN_INVALID_MSG, 0, 0, "size 8 bytes short");
	refused(lengthen, call_scalars, KERN_INVALID_MSG, 0, 0, "size 8 bytes long");
	refused(port_as_ool, call_ports, KERN_INVALID_MSG, 5, 1, "ool where a port belongs");
	refused(wrong_right, call_ports, KERN_INVALID_MSG, 6, 0,
		"receive right where a send belongs");
	refused(one_desc_less, call_memory, KERN_INVALID_MSG, 0, 1, "a descriptor missing");
	refused(unterminate, call_text, KERN_INVALID_MSG, 0, 0, "unterminated string");
	refused(nul_inside, call_text, KERN_INVALID_MSG, 0, 0, "NUL inside a string");
	refused(name_too_long, call_text, KERN_INVALID_MSG, 0, 0,
		"string length of 32 in string[32]");
	refused(bytes_too_long, call_text, KERN_INVALID_MSG, 0, 0, "101 bytes in bytes[100]");
	refused(bytes_past_end, call_text, KERN_INVALID_MSG, 0, 0, "bytes beyond the message");
	refused(lengthen, call_text, KERN_INVALID_MSG, 0, 0, "data after the last field");
	refused(no_reply_right, call_ports, KERN_PORT_DEAD, 6, 0,
		"no reply right: no answer, rights released");
	refused(reply_right, call_notify, KERN_INVALID_MSG, 0, 0,
		"oneway with a reply right is answered KERN_INVALID_MSG");

	memset(in, 0, sizeof(*in));
	in->size = sizeof(*in);
	in->remote = REPLY;
	in->id = EXAMPLE_MEMORY_ID + 1; /* the id the skip statement holds */
	check(!example_demux(in, out), "demux: a skipped id is not served");
	in->id = EXAMPLE_SCALARS_ID - 1;
	check(!example_demux(in, out), "demux: an id below the subsystem is not ours");
}

/* ---- malformed replies -------------------------------------------------------------------- */

static void wrong_id(struct msg_header *m)
{
	m->id++;
}

static void reply_wrong_right(struct msg_header *m)
{
	msg_descs(m)[3].disposition = MSG_MOVE_SEND;
}

static void reply_negative(struct msg_header *m)
{
	((struct example_ports_reply_msg *)m)->result = -1;
}

static void reply_with_right(struct msg_header *m)
{
	m->remote = 0x404;
	m->bits = MSG_BITS(MSG_MOVE_SEND, 0);
}

static void reply_unterminated(struct msg_header *m)
{
	struct example_text_reply_msg *rep = (struct example_text_reply_msg *)m;

	rep->data[rep->upper_len] = 'x';
}

static void reply_bytes_too_long(struct msg_header *m)
{
	((struct example_text_reply_msg *)m)->reversed_len = 101;
}

/* Call a routine whose reply is spoiled: KERN_INVALID_MSG, rights released, outs kept. */
static void bad_reply(void (*tamper)(struct msg_header *), int64_t (*call)(void), int rights,
		      const char *what)
{
	int64_t ret;
	char text[160];

	rights_released = ool_released = 0;
	memset(ports_out, 0, sizeof(ports_out));
	tamper_reply = tamper;
	ret = call();
	tamper_reply = NULL;
	snprintf(text, sizeof(text), "refused reply: %s", what);
	check(ret == KERN_INVALID_MSG && rights_released == rights && ports_out[0] == 0, text);
	if (ret != KERN_INVALID_MSG || rights_released != rights)
		printf("# result %lld, released %d rights\n", (long long)ret, rights_released);
}

static int64_t call_text_kept(void)
{
	char upper[32] = "kept";
	uint8_t reversed[100];
	uint32_t len = 5;
	int64_t ret = rpc_example_text(SERVER, "hello", "abc", 3, upper, reversed, &len);

	return strcmp(upper, "kept") == 0 && len == 5 ? ret : 0;
}

static void test_bad_replies(void)
{
	bad_reply(wrong_id, call_scalars, 0, "wrong id");
	bad_reply(shorten, call_scalars, 0, "too short");
	bad_reply(reply_wrong_right, call_ports, 6, "send where a send-once belongs");
	bad_reply(reply_negative, call_ports, 6, "a full reply with an error result");
	bad_reply(reply_with_right, call_ports, 7, "a right in the header");
	bad_reply(reply_unterminated, call_text_kept, 0, "unterminated string");
	bad_reply(reply_bytes_too_long, call_text_kept, 0, "101 bytes in bytes[100]");
	bad_reply(lengthen, call_text_kept, 0, "data after the last field");
}

int main(void)
{
	test_scalars();
	test_swap();
	test_text();
	test_ports();
	test_memory();
	test_fetch();
	test_deferred();
	test_ping_notify();
	test_bad_requests();
	test_bad_replies();
	check(ctx_ok, "every handler saw its port, reply right and id in ctx");
	printf("1..%d\n", tests);
	return failures != 0;
}
