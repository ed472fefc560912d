/*
 * The pipe server: pipes as served objects (pipe.h), so that a process that misbehaves
 * can hurt only its own ends. Registered as "pipe"; interfaces/pipe.defs makes pipes
 * and opens FIFOs (fifo.c), and each end is a handle of the file protocol (read at a
 * read end, write at a write end, both at a FIFO's end opened for both, stat, flags);
 * an end goes when its last send right does; record locks as on any file (locks.c).
 * The file protocol's other calls get what Linux says for a pipe (lib/fs_object.c).
 */
#include <errno.h>
#include <fs.h>
#include <linux/fcntl.h>
#include <linux/stat.h>
#include <masque/rights.h>
#include <notify.h>
#include <ns.h>
#include <pipe.h>
#include <poll_wakes.h>
#include <record_locks.h>
#include <rpc.h>
#include <self.h>
#include <stdio.h>
#include <stdlib.h>
#include <trap.h>
#include "end.h"
#include "fifo.h"
#include "pipe.h"

static struct end *ends;
static port_name_t set;
port_name_t factory;

struct end *end_of(port_name_t port)
{
	struct end *e = ends;

	while (e && e->port != port)
		e = e->next;
	return e;
}

/* Take the end of port out of the list; the end, or NULL. */
static struct end *unlink_end(port_name_t port)
{
	struct end **link = &ends, *e;

	while (*link && (*link)->port != port)
		link = &(*link)->next;
	if (!(e = *link))
		return 0;
	*link = e->next;
	return e;
}

int64_t end_new(struct pipe *p, unsigned mode, uint32_t flags, port_name_t *port)
{
	struct end *e = malloc(sizeof(*e));
	int64_t name = port_allocate_member(set, PORT_NOTIFY_NO_SENDERS);

	if (!e || name < 0) {
		free(e);
		if (name >= 0)
			port_destroy((port_name_t)name);
		return -ENFILE;
	}
	*e = (struct end){ .next = ends,
			   .port = (port_name_t)name,
			   .pipe = p,
			   .mode = mode,
			   .flags = flags & O_NONBLOCK };
	ends = e;
	*port = e->port;
	return 0;
}

int64_t pipe_create(struct rpc_ctx *ctx, uint32_t flags, port_name_t *read_end,
		    port_name_t *write_end)
{
	struct pipe *p;

	if (ctx->local != factory)
		return -EINVAL;
	if (flags & ~(uint32_t)O_NONBLOCK)
		return -EINVAL;
	if (!(p = pipe_new()))
		return -ENFILE;
	if (end_new(p, END_READ, flags, read_end)) {
		free(p);
		return -ENFILE;
	}
	if (end_new(p, END_WRITE, flags, write_end)) {
		free(unlink_end(*read_end));
		port_destroy(*read_end);
		free(p);
		return -ENFILE;
	}
	return 0;
}

int64_t fs_read(struct rpc_ctx *ctx, int64_t offset, uint32_t length, void *bytes,
		uint32_t *bytes_len)
{
	struct end *e = end_of(ctx->local);
	int64_t r;

	*bytes_len = 0;
	if (!e || !(e->mode & END_READ))
		return -EBADF;
	if (offset != -1)
		return -ESPIPE;
	r = pipe_read(e->pipe, ctx->reply, e->port, length, bytes, e->flags & O_NONBLOCK);
	if (r < 0 || r == RPC_NO_REPLY)
		return r;
	*bytes_len = (uint32_t)r;
	return 0;
}

int64_t fs_write(struct rpc_ctx *ctx, int64_t offset, const void *bytes, uint32_t bytes_len)
{
	struct end *e = end_of(ctx->local);

	if (!e || !(e->mode & END_WRITE))
		return -EBADF;
	if (offset != -1)
		return -ESPIPE;
	return pipe_write(e->pipe, ctx->reply, e->port, bytes, bytes_len, e->flags & O_NONBLOCK);
}

void fs_interrupt(struct rpc_ctx *ctx)
{
	struct end *e = end_of(ctx->local);

	if (ctx->local == factory)
		fifo_interrupt(); /* opens of FIFOs waiting for their other side */
	for (int writing = 0; e && writing < 2; writing++)
		if (e->mode & (writing ? END_WRITE : END_READ))
			pipe_interrupt(e->pipe, e->port, writing);
	if (e)
		record_locks_interrupt(e);
}

int64_t fs_poll(struct rpc_ctx *ctx, uint32_t events, port_name_t wake, uint32_t *revents)
{
	struct end *e = end_of(ctx->local);

	if (!e) {
		poll_wake_drop(wake);
		return -EBADF;
	}
	if (e->mode != (END_READ | END_WRITE)) {
		*revents = pipe_poll(e->pipe, e->mode == END_WRITE, events, wake);
		return 0;
	}
	/* both ends in one: ready as either; armed, when neither is, for the reading side */
	*revents =
		pipe_poll(e->pipe, 1, events, PORT_NULL) | pipe_poll(e->pipe, 0, events, PORT_NULL);
	if (!(*revents & events))
		*revents = pipe_poll(e->pipe, 0, events, wake);
	else
		poll_wake_drop(wake);
	return 0;
}

int64_t fs_stat(struct rpc_ctx *ctx, struct fs_attr *attr)
{
	struct end *e = end_of(ctx->local);

	if (!e)
		return -EBADF;
	*attr = (struct fs_attr){
		.dev = 0x0c, /* Linux's pipefs is an anonymous device too */
		.ino = e->pipe->ino,
		.mode = S_IFIFO | 0600,
		.nlink = 1,
		.blksize = 4096,
	};
	return 0;
}

int64_t fs_get_flags(struct rpc_ctx *ctx, uint32_t *flags)
{
	struct end *e = end_of(ctx->local);

	if (!e)
		return -EBADF;
	*flags = (e->mode == END_READ	 ? O_RDONLY
		  : e->mode == END_WRITE ? O_WRONLY
					 : O_RDWR) |
		 e->flags;
	return 0;
}

int64_t fs_set_flags(struct rpc_ctx *ctx, uint32_t flags)
{
	struct end *e = end_of(ctx->local);

	if (!e)
		return -EBADF;
	e->flags = flags & O_NONBLOCK;
	return 0;
}

/* The last send right to an end went: the end closes. */
void notify_no_senders(struct rpc_ctx *ctx, uint32_t make_sends)
{
	struct end *e = unlink_end(ctx->local);

	(void)make_sends;
	if (!e)
		return;
	port_destroy(e->port);
	record_locks_handle_gone(e);
	record_locks_description_gone(e);
	/* the writer first: for an end of both, the pipe may go only with its reader */
	if (e->mode & END_WRITE)
		pipe_close_end(e->pipe, 1);
	if (e->mode & END_READ)
		pipe_close_end(e->pipe, 0);
	free(e);
}

/* A process that held or waited for record locks is gone. */
void notify_dead_name(struct rpc_ctx *ctx, uint32_t name)
{
	record_locks_dead_name(ctx->local, name);
}

void notify_send_once(struct rpc_ctx *ctx)
{
	(void)ctx;
}

static int other_demux(struct msg_header *in, struct msg_header *out)
{
	return pipe_demux(in, out) || notify_demux(in, out);
}

int main(void)
{
	int64_t s = port_allocate(RIGHT_PORT_SET);
	int64_t f = s < 0 ? s : port_allocate_member((port_name_t)s, 0);

	if (f < 0 ||
	    port_insert_right(self_task, (port_name_t)f, (port_name_t)f, MSG_MAKE_SEND) < 0) {
		printf("pipe-server: no ports\n");
		return 1;
	}
	set = (port_name_t)s;
	factory = (port_name_t)f;
	fifo_init();
	if (end_locks_init(set)) {
		printf("pipe-server: no port for record locks\n");
		return 1;
	}
	if (rpc_ns_register(bootstrap_port, "pipe", factory)) {
		printf("pipe-server: cannot register\n");
		return 1;
	}
	rpc_serve(set, fs_demux, other_demux);
	return 1;
}
