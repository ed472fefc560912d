/* A terminal (terminal.h): the waits on its line discipline. A read waits until the
 * line discipline says it may be answered (a line; VMIN characters) or its VTIME has
 * passed; a write waits only while nothing of it fits, then takes what does. */
#include <asm/signal.h>
#include <errno.h>
#include <fs.h>
#include <linux/fcntl.h>
#include <masque/rights.h>
#include <rpc.h>
#include <stdlib.h>
#include <trap.h>
#include <tty.h>
#include "procs.h"
#include "terminal.h"

#define NS_PER_DECISECOND 100000000ull
#define READ_MAX	  8192 /* FS_IO_INLINE: a read's reply carries at most this */

struct waiter {
	struct waiter *next;
	port_name_t reply;
	port_name_t handle; /* the handle it came through, for fs.interrupt */
	int by_tty;	    /* asked with tty.read or tty.write, answered so */
	uint32_t length;    /* a read: how much it wants; a write: how many bytes */
	uint8_t bytes[];    /* a write: its bytes */
};

void terminal_init(struct terminal *t, void (*output)(struct terminal *t))
{
	*t = (struct terminal){ .output = output, .size = { .ws_row = 24, .ws_col = 80 } };
	ldisc_init(&t->ld);
}

static void enqueue(struct waiter **q, struct waiter *w)
{
	while (*q)
		q = &(*q)->next;
	w->next = 0;
	*q = w;
}

/* The oldest read, once those whose senders went are dropped. */
static struct waiter *first_read(struct terminal *t)
{
	while (t->reads && rpc_reply_gone(t->reads->reply)) {
		struct waiter *w = t->reads;
		t->reads = w->next;
		free(w);
	}
	return t->reads;
}

/* Answer the oldest read with what the line discipline gives, and arm the next one's
 * timer. */
static void answer_read(struct terminal *t)
{
	static uint8_t buf[READ_MAX];
	struct waiter *w = t->reads;
	uint32_t n = ldisc_read(&t->ld, buf, w->length);

	t->reads = w->next;
	(w->by_tty ? tty_read_reply : fs_read_reply)(w->reply, 0, buf, n);
	free(w);
	t->read_deadline = 0;
	terminal_input_taken(t);
}

void terminal_input_taken(struct terminal *t)
{
	if (t->input_room)
		t->input_room(t);
}

/* VTIME's deadline for the oldest read: from now (VMIN 0: when it started; else after
 * the latest character), or none. */
static void arm_timer(struct terminal *t)
{
	uint32_t ds = ldisc_read_timer(&t->ld);

	t->read_deadline = ds && t->reads ? (uint64_t)clock_now() + ds * NS_PER_DECISECOND : 0;
}

/* Answer every read that may be answered now. */
static void serve_reads(struct terminal *t)
{
	struct waiter *w;

	while ((w = first_read(t)) && ldisc_read_ready(&t->ld, w->length))
		answer_read(t);
	if (ldisc_readable(&t->ld))
		poll_wakes_fire(&t->readable);
}

void terminal_receive(struct terminal *t, uint8_t c)
{
	int sig = ldisc_receive(&t->ld, c);

	if (sig)
		terminal_signal(t, sig);
	if (t->ld.t.c_cc
		    [VMIN]) /* VTIME runs from the latest character (VMIN 0: the read's start) */
		arm_timer(t);
	serve_reads(t);
	t->output(t);
}

/* Take what fits of the oldest waiting writes, answering each. */
static void serve_writes(struct terminal *t)
{
	while (t->writes && ldisc_write_room(&t->ld)) {
		struct waiter *w = t->writes;
		t->writes = w->next;
		(w->by_tty ? tty_write_reply
			   : fs_write_reply)(w->reply, ldisc_write(&t->ld, w->bytes, w->length));
		free(w);
	}
}

void terminal_output_drained(struct terminal *t)
{
	serve_writes(t);
	if (ldisc_write_room(&t->ld))
		poll_wakes_fire(&t->writable);
}

int64_t terminal_read(struct terminal *t, const struct call *c, uint32_t length, void *buf,
		      uint32_t flags)
{
	struct waiter *w;

	if (t->hung_up)
		return 0;
	if (length > READ_MAX)
		length = READ_MAX;
	if (!t->reads && ldisc_read_ready(&t->ld, length)) {
		uint32_t n = ldisc_read(&t->ld, buf, length);
		terminal_input_taken(t);
		return n;
	}
	if (flags & O_NONBLOCK)
		return -EAGAIN;
	if (!(w = malloc(sizeof(*w))))
		return -ENOMEM;
	*w = (struct waiter){
		.reply = c->reply, .handle = c->handle, .by_tty = c->by_tty, .length = length
	};
	enqueue(&t->reads, w);
	if (t->reads == w)
		arm_timer(t);
	return RPC_NO_REPLY;
}

int64_t terminal_write(struct terminal *t, const struct call *c, const void *bytes, uint32_t n,
		       uint32_t flags)
{
	struct waiter *w;
	int64_t r;

	if (t->hung_up)
		return -EIO;
	if (!t->writes && ldisc_write_room(&t->ld)) {
		r = ldisc_write(&t->ld, bytes, n);
		t->output(t);
		return r;
	}
	if (flags & O_NONBLOCK)
		return -EAGAIN;
	if (!(w = malloc(sizeof(*w) + n)))
		return -ENOMEM;
	*w = (struct waiter){
		.reply = c->reply, .handle = c->handle, .by_tty = c->by_tty, .length = n
	};
	for (uint32_t i = 0; i < n; i++)
		w->bytes[i] = ((const uint8_t *)bytes)[i];
	enqueue(&t->writes, w);
	return RPC_NO_REPLY;
}

/* The waits of queue q that came through handle are answered -EINTR. */
static void interrupt_queue(struct waiter **q, port_name_t handle, int reading)
{
	while (*q) {
		struct waiter *w = *q;
		if (w->handle != handle) {
			q = &w->next;
			continue;
		}
		*q = w->next;
		if (reading)
			(w->by_tty ? tty_read_reply : fs_read_reply)(w->reply, -EINTR, 0, 0);
		else
			(w->by_tty ? tty_write_reply : fs_write_reply)(w->reply, -EINTR);
		free(w);
	}
}

void terminal_interrupt(struct terminal *t, port_name_t handle)
{
	interrupt_queue(&t->reads, handle, 1);
	interrupt_queue(&t->writes, handle, 0);
	if (!t->reads)
		t->read_deadline = 0;
}

uint32_t terminal_poll(struct terminal *t, uint32_t events, port_name_t wake)
{
	if (t->hung_up)
		return poll_answer(&t->readable,
				   POLLHUP | POLLIN | POLLRDNORM | POLLOUT | POLLWRNORM, events,
				   wake);
	uint32_t in = ldisc_readable(&t->ld) ? POLLIN | POLLRDNORM : 0;
	uint32_t out = ldisc_write_room(&t->ld) ? POLLOUT | POLLWRNORM : 0;

	if ((events & (POLLIN | POLLRDNORM)) && !in)
		return poll_answer(&t->readable, in | out, events, wake);
	return poll_answer(&t->writable, in | out, events, wake);
}

void terminal_settings_changed(struct terminal *t)
{
	arm_timer(t);
	serve_reads(t);
	t->output(t);
	terminal_input_taken(t); /* a flush, or a mode with room of another size */
}

uint64_t terminal_deadline(struct terminal *t)
{
	return t->read_deadline;
}

void terminal_timeout(struct terminal *t)
{
	if (!t->read_deadline || (uint64_t)clock_now() < t->read_deadline)
		return;
	if (first_read(t))
		answer_read(t);
	arm_timer(t);
}

void terminal_hangup(struct terminal *t)
{
	t->hung_up = 1;
	while (first_read(t)) {
		struct waiter *w = t->reads;
		t->reads = w->next;
		(w->by_tty ? tty_read_reply : fs_read_reply)(w->reply, 0, 0, 0);
		free(w);
	}
	while (t->writes) {
		struct waiter *w = t->writes;
		t->writes = w->next;
		(w->by_tty ? tty_write_reply : fs_write_reply)(w->reply, -EIO);
		free(w);
	}
	terminal_signal(t, SIGHUP);
	terminal_signal(t, SIGCONT);
	t->sid = t->pgrp = 0;
	poll_wakes_fire(&t->readable);
	poll_wakes_fire(&t->writable);
}

void terminal_signal(struct terminal *t, int sig)
{
	if (t->sid && t->pgrp)
		procs_signal_group(t->procs, t->pgrp, sig);
}
