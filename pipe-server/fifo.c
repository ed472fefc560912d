/*
 * FIFOs: a named pipe is a node of the fs-server's; opening it there gives a handle
 * that only says which node (and with what access, checked there), and this server
 * gives the pipe's end for it. The fs-server vouches for the handle (fs.identify); the
 * client's word is not taken. One pipe per FIFO while any end is open, keyed by the
 * node's device and inode; as on Linux, an open for reading waits for a writer, one for
 * writing for a reader, and an open for both never waits.
 */
#include <errno.h>
#include <fs.h>
#include <linux/fcntl.h>
#include <linux/stat.h>
#include <masque/rights.h>
#include <ns.h>
#include <pipe.h>
#include <rpc.h>
#include <self.h>
#include <stdlib.h>
#include <trap.h>
#include "fifo.h"
#include "pipe.h"

/* An open that waits for the other side. */
struct opener {
	struct opener *next;
	port_name_t reply;
	unsigned mode;
	uint32_t flags;
};

struct fifo {
	struct fifo *next;
	uint64_t dev, ino;
	struct pipe *pipe;
	struct opener *waiting;
};

static struct fifo *fifos;
static port_name_t fs_root = PORT_NULL;

void fifo_init(void)
{
	if (rpc_ns_lookup(bootstrap_port, "fs", &fs_root))
		fs_root = PORT_NULL; /* no file system: no FIFOs */
}

static struct fifo *fifo_of(uint64_t dev, uint64_t ino)
{
	struct fifo *f = fifos;

	while (f && (f->dev != dev || f->ino != ino))
		f = f->next;
	if (f)
		return f;
	if (!(f = calloc(1, sizeof(*f))) || !(f->pipe = pipe_new())) {
		free(f);
		return 0;
	}
	f->dev = dev, f->ino = ino;
	f->pipe->readers = f->pipe->writers = 0; /* counted as ends open */
	f->pipe->fifo = f;
	f->next = fifos;
	fifos = f;
	return f;
}

void fifo_forget(struct fifo *f)
{
	struct fifo **link = &fifos;

	while (*link && *link != f)
		link = &(*link)->next;
	if (*link)
		*link = f->next;
	free(f);
}

/* A pipe with no ends and no one waiting to open one goes. */
static void drop_if_unused(struct fifo *f)
{
	if (!f->pipe->readers && !f->pipe->writers && !f->waiting) {
		free(f->pipe);
		fifo_forget(f);
	}
}

static void count(struct fifo *f, unsigned mode, int delta)
{
	if (mode & END_READ)
		f->pipe->readers += (uint32_t)delta;
	if (mode & END_WRITE)
		f->pipe->writers += (uint32_t)delta;
}

/* Whether an open for mode must wait for the other side. */
static int must_wait(const struct fifo *f, unsigned mode, uint32_t flags)
{
	if (mode == END_READ)
		return !f->pipe->writers && !(flags & O_NONBLOCK);
	return mode == END_WRITE && !f->pipe->readers;
}

/* Openers whose other side has come get their ends. */
static void release_waiters(struct fifo *f)
{
	for (struct opener **link = &f->waiting, *o; (o = *link);) {
		port_name_t end;
		if (must_wait(f, o->mode, o->flags)) {
			link = &o->next;
			continue;
		}
		*link = o->next;
		int64_t r = end_new(f->pipe, o->mode, o->flags, &end);
		if (r)
			count(f, o->mode, -1);
		pipe_fifo_reply(o->reply, r, r ? PORT_NULL : end);
		free(o);
	}
}

int64_t pipe_fifo(struct rpc_ctx *ctx, port_name_t file, port_name_t *end)
{
	uint64_t dev, ino, mount; /* a FIFO is one through any mount */
	uint32_t mode, flags, mount_flags;
	struct fifo *f;
	int64_t r = -ENXIO;

	*end = PORT_NULL;
	if (ctx->local == factory && fs_root != PORT_NULL)
		r = rpc_fs_identify(fs_root, file, &dev, &ino, &mode, &flags, &mount_flags, &mount);
	else
		rpc_release_right(file, MSG_MOVE_SEND);
	if (r < 0)
		return r;
	if (!S_ISFIFO(mode) || (flags & O_PATH))
		return -EINVAL;
	unsigned want = (flags & O_ACCMODE) == O_RDONLY	  ? END_READ
			: (flags & O_ACCMODE) == O_WRONLY ? END_WRITE
							  : END_READ | END_WRITE;
	if (!(f = fifo_of(dev, ino)))
		return -ENFILE;
	if (want == END_WRITE && !f->pipe->readers && (flags & O_NONBLOCK)) {
		drop_if_unused(f);
		return -ENXIO; /* no reader, and it will not wait for one */
	}
	count(f, want, 1); /* a waiting opener counts: the other side need not wait for it */
	release_waiters(f);
	if (must_wait(f, want, flags)) {
		struct opener *o = malloc(sizeof(*o));
		if (!o) {
			count(f, want, -1);
			drop_if_unused(f);
			return -ENOMEM;
		}
		*o = (struct opener){ f->waiting, ctx->reply, want, flags & O_NONBLOCK };
		f->waiting = o;
		return RPC_NO_REPLY;
	}
	if ((r = end_new(f->pipe, want, flags, end))) {
		count(f, want, -1);
		drop_if_unused(f);
	}
	return r;
}

void fifo_interrupt(void)
{
	for (struct fifo *f = fifos, *next; f; f = next) {
		next = f->next;
		while (f->waiting) {
			struct opener *o = f->waiting;
			f->waiting = o->next;
			count(f, o->mode, -1);
			pipe_fifo_reply(o->reply, -EINTR, PORT_NULL);
			free(o);
		}
		drop_if_unused(f);
	}
}
