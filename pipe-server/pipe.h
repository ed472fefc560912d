/*
 * A pipe: a ring of PIPE_SIZE bytes between its writers and its readers, and the
 * requests that wait on it. A read waits while the pipe is empty and has writers; a
 * write waits until its bytes fit, PIPE_BUF of them or fewer all at once (never
 * interleaved with another writer's), more in pieces as room comes, in the order
 * the writes came. Replies go out as the waits end, and pollers are woken as the
 * pipe becomes readable or writable (pipe.c).
 */
#ifndef PIPE_PIPE_H
#define PIPE_PIPE_H

#include <masque/types.h>
#include <poll_wakes.h>
#include <stdint.h>

#define PIPE_SIZE 65536 /* Linux's default capacity */
#define PIPE_BUF  4096	/* writes of at most this many bytes are atomic */

struct waiter; /* a request that waits: a read or the rest of a write */

struct pipe {
	uint8_t ring[PIPE_SIZE];
	uint32_t head, used;	       /* the oldest byte, how many there are */
	uint32_t readers, writers;     /* open ends (handles) of each kind */
	struct waiter *reads, *writes; /* the waits, oldest first */
	uint64_t ino;		       /* for stat */
	struct poll_wakes readable;    /* pollers of the read end waiting for data or EOF */
	struct poll_wakes writable;    /* pollers of the write end waiting for room */
	struct fifo *fifo;	       /* the FIFO it is, or NULL for an anonymous pipe */
};

struct pipe *pipe_new(void);

/* Read up to length bytes into buf: the count (0: end of file, no writers left),
 * -EAGAIN if it would wait and nonblock is set, or RPC_NO_REPLY when it waits (reply,
 * a send-once right, is answered later with the bytes); end: the handle it came
 * through. */
int64_t pipe_read(struct pipe *p, port_name_t reply, port_name_t end, uint32_t length, void *buf,
		  int nonblock);

/* Write n bytes: n once all are in, -EPIPE without readers, -EAGAIN if nonblock and
 * none fit (or fewer than n <= PIPE_BUF), a short count if nonblock and some fit;
 * RPC_NO_REPLY when it waits. */
int64_t pipe_write(struct pipe *p, port_name_t reply, port_name_t end, const void *bytes,
		   uint32_t n, int nonblock);

/* The waits that came through the handle end (a reading or writing one) end now: a
 * read with -EINTR, a write with what of it went in, or -EINTR (fs.interrupt). */
void pipe_interrupt(struct pipe *p, port_name_t end, int writing);

/* The file protocol's poll on an end (writing: the write end): the end's conditions
 * as Linux's pipe_poll says them; wake is kept until one asked for may hold. */
uint32_t pipe_poll(struct pipe *p, int writing, uint32_t events, port_name_t wake);

/* An end closed: the waits it ends are answered. The pipe goes with its last end. */
void pipe_close_end(struct pipe *p, int writing);

#endif
