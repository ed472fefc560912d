/* Pipes (pipe.h): the ring, and the reads and writes that wait on it. */
#include <errno.h>
#include <fs.h>
#include <masque/rights.h>
#include <rpc.h>
#include <stdlib.h>
#include <string.h>
#include <trap.h>
#include "fifo.h"
#include "pipe.h"

#define READ_MAX 8192 /* FS_IO_INLINE: a read's reply carries at most this */

struct waiter {
	struct waiter *next;
	port_name_t reply;
	port_name_t end;      /* the handle it came through, for fs.interrupt */
	uint32_t length;      /* a read: how much it wants */
	uint32_t done, total; /* a write: how much is in, of how much */
	uint8_t bytes[];      /* a write: its bytes */
};

struct pipe *pipe_new(void)
{
	static uint64_t inodes;
	struct pipe *p = calloc(1, sizeof(*p));

	if (p) {
		p->readers = p->writers = 1;
		p->ino = ++inodes;
	}
	return p;
}

static uint32_t room(const struct pipe *p)
{
	return PIPE_SIZE - p->used;
}

/* Take up to n bytes out of the ring into out. */
static uint32_t take(struct pipe *p, uint8_t *out, uint32_t n)
{
	n = n < p->used ? n : p->used;
	for (uint32_t i = 0; i < n; i++)
		out[i] = p->ring[(p->head + i) % PIPE_SIZE];
	p->head = (p->head + n) % PIPE_SIZE;
	p->used -= n;
	return n;
}

/* Put up to n bytes of in into the ring. */
static uint32_t put(struct pipe *p, const uint8_t *in, uint32_t n)
{
	n = n < room(p) ? n : room(p);
	for (uint32_t i = 0; i < n; i++)
		p->ring[(p->head + p->used + i) % PIPE_SIZE] = in[i];
	p->used += n;
	return n;
}

static void enqueue(struct waiter **q, struct waiter *w)
{
	while (*q)
		q = &(*q)->next;
	w->next = 0;
	*q = w;
}

static struct waiter *dequeue(struct waiter **q)
{
	struct waiter *w = *q;

	*q = w->next;
	return w;
}

/* The waits of queue q whose senders are gone: removed. */
static void drop_gone(struct waiter **q)
{
	while (*q) {
		struct waiter *w = *q;
		if (!rpc_reply_gone(w->reply)) {
			q = &w->next;
			continue;
		}
		*q = w->next;
		free(w);
	}
}

/* A wait answered. A sender that died since rpc_reply_gone looked leaves a dead name,
 * which a failed send keeps: released. */
static void answer_read(struct waiter *r, const void *bytes, uint32_t n)
{
	if (fs_read_reply(r->reply, 0, bytes, n) != KERN_SUCCESS)
		rpc_release_right(r->reply, MSG_MOVE_SEND_ONCE);
	free(r);
}

static void answer_write(struct waiter *w, int64_t result)
{
	if (fs_write_reply(w->reply, result) != KERN_SUCCESS)
		rpc_release_right(w->reply, MSG_MOVE_SEND_ONCE);
	free(w);
}

/* Whether the oldest write can go on: it fits whole if it must (PIPE_BUF or less),
 * else any room will do. */
static int write_may_go(const struct pipe *p, const struct waiter *w)
{
	uint32_t left = w->total - w->done;

	return w->total <= PIPE_BUF ? room(p) >= left : room(p) > 0;
}

/* What an end is ready for, as Linux's pipe_poll: the read end readable with data in
 * the pipe, hung up without writers; the write end writable while a write of PIPE_BUF
 * bytes would not wait (Linux: while a page of the ring is free), in error without
 * readers. */
static uint32_t conditions(const struct pipe *p, int writing)
{
	if (writing)
		return (room(p) >= PIPE_BUF ? POLLOUT | POLLWRNORM : 0) |
		       (p->readers ? 0 : POLLERR);
	return (p->used ? POLLIN | POLLRDNORM : 0) | (p->writers ? 0 : POLLHUP);
}

uint32_t pipe_poll(struct pipe *p, int writing, uint32_t events, port_name_t wake)
{
	return poll_answer(writing ? &p->writable : &p->readable, conditions(p, writing), events,
			   wake);
}

/* Wake the pollers of each end whose conditions now hold. */
static void wake_pollers(struct pipe *p)
{
	if (conditions(p, 0))
		poll_wakes_fire(&p->readable);
	if (conditions(p, 1))
		poll_wakes_fire(&p->writable);
}

/* Serve what waits, in order, as far as the ring allows; then the pollers. */
static void serve_waiters(struct pipe *p)
{
	static uint8_t buf[READ_MAX];
	int moved = 1;

	drop_gone(&p->writes);
	drop_gone(&p->reads);
	while (moved) {
		moved = 0;
		while (p->writes && write_may_go(p, p->writes)) {
			struct waiter *w = p->writes;
			w->done += put(p, w->bytes + w->done, w->total - w->done);
			moved = 1;
			if (w->done < w->total)
				break;
			answer_write(dequeue(&p->writes), w->total);
		}
		while (p->reads && (p->used || !p->writers)) {
			struct waiter *r = dequeue(&p->reads);
			uint32_t n = take(p, buf, r->length);
			answer_read(r, buf, n);
			moved = 1;
		}
	}
	wake_pollers(p);
}

int64_t pipe_read(struct pipe *p, port_name_t reply, port_name_t end, uint32_t length, void *buf,
		  int nonblock)
{
	if (length > READ_MAX)
		length = READ_MAX;
	if (!length)
		return 0;
	if (!p->reads && (p->used || !p->writers)) {
		uint32_t n = take(p, buf, length);
		serve_waiters(p); /* room for a waiting write */
		return n;
	}
	if (nonblock)
		return -EAGAIN;
	struct waiter *w = malloc(sizeof(*w));
	if (!w)
		return -ENOMEM;
	*w = (struct waiter){ .reply = reply, .end = end, .length = length };
	enqueue(&p->reads, w);
	return RPC_NO_REPLY;
}

int64_t pipe_write(struct pipe *p, port_name_t reply, port_name_t end, const void *bytes,
		   uint32_t n, int nonblock)
{
	if (!p->readers)
		return -EPIPE;
	if (!n)
		return 0;
	if (!p->writes && room(p) >= n) { /* whole now: answered as the reply, no wait */
		uint32_t done = put(p, bytes, n);
		serve_waiters(p);
		return done;
	}
	if (nonblock && !p->writes) {
		if (!room(p) || (n <= PIPE_BUF && room(p) < n))
			return -EAGAIN;
		uint32_t done = put(p, bytes, n);
		serve_waiters(p);
		return done;
	}
	if (nonblock)
		return -EAGAIN; /* earlier writes wait: this one would come after them */
	struct waiter *w = malloc(sizeof(*w) + n);
	if (!w)
		return -ENOMEM;
	*w = (struct waiter){ .reply = reply, .end = end, .total = n };
	memcpy(w->bytes, bytes, n);
	enqueue(&p->writes, w);
	serve_waiters(p); /* answers it, now or once there is room */
	return RPC_NO_REPLY;
}

/* Answer every wait of queue q with result (a write: what of it went in, if any). */
static void end_waits(struct waiter **q, int writes)
{
	static const uint8_t nothing[1];

	while (*q) {
		struct waiter *w = dequeue(q);
		if (writes)
			answer_write(w, w->done ? (int64_t)w->done : -EPIPE);
		else
			answer_read(w, nothing, 0);
	}
}

/* Answer and drop the waits of queue q that came through end (a write: what of it went
 * in, if any; else -EINTR). */
static void interrupt_waits(struct waiter **q, port_name_t end, int writes)
{
	for (struct waiter **link = q, *w; (w = *link);) {
		if (w->end != end) {
			link = &w->next;
			continue;
		}
		*link = w->next;
		if (writes && w->done)
			fs_write_reply(w->reply, (int64_t)w->done);
		else if (writes)
			fs_write_reply(w->reply, -EINTR);
		else
			fs_read_reply(w->reply, -EINTR, 0, 0);
		free(w);
	}
}

void pipe_interrupt(struct pipe *p, port_name_t end, int writing)
{
	interrupt_waits(writing ? &p->writes : &p->reads, end, writing);
	if (writing)
		serve_waiters(p); /* the next write may go now */
}

void pipe_close_end(struct pipe *p, int writing)
{
	if (writing && !--p->writers)
		end_waits(&p->reads, 0); /* end of file */
	if (!writing && !--p->readers)
		end_waits(&p->writes, 1); /* EPIPE */
	wake_pollers(p);		  /* every poller, when the pipe goes */
	if (p->readers || p->writers)
		return;
	if (p->fifo)
		fifo_forget(p->fifo); /* the FIFO's next open makes a new pipe */
	free(p);
}
