/* The file protocol on terminal handles (interfaces/fs.defs): read, write, poll,
 * interrupt, stat and flags (record locks: locks.c); what a terminal does not have comes
 * from lib/fs_object.c. */
#include <asm/signal.h>
#include <errno.h>
#include <fs.h>
#include <fs_proto.h>
#include <linux/fcntl.h>
#include <linux/stat.h>
#include <masque/rights.h>
#include <poll_wakes.h>
#include <record_locks.h>
#include <rpc.h>
#include <tty.h>
#include "handle.h"
#include "jobctl.h"
#include "pty.h"
#include "terminal.h"

/* The handle a request came to if it is on a terminal (a /dev/tty handle not yet
 * resolved is on none), or NULL. */
static struct handle *usable(struct rpc_ctx *ctx)
{
	struct handle *h = handle_of(ctx->local);

	return h && h->terminal ? h : 0;
}

/* Whether h was opened for writing (or reading). */
static int may(const struct handle *h, int writing)
{
	uint32_t acc = h->flags & O_ACCMODE;

	return writing ? acc == O_WRONLY || acc == O_RDWR : acc == O_RDONLY || acc == O_RDWR;
}

/* A read through h, by_tty: asked with tty.read (the caller's group checked). */
static int64_t read_through(struct rpc_ctx *ctx, struct handle *h, int by_tty, uint32_t length,
			    void *bytes, uint32_t *bytes_len)
{
	struct call c = { ctx->reply, h->port, by_tty };
	int64_t r = terminal_read(h->terminal, &c, length, bytes, h->flags);

	if (r < 0 || r == RPC_NO_REPLY)
		return r;
	*bytes_len = (uint32_t)r;
	return 0;
}

/* The master of a pseudo-terminal the request came to, or NULL. */
static struct handle *master(struct rpc_ctx *ctx)
{
	struct handle *h = handle_of(ctx->local);

	return h && h->pty && !h->terminal ? h : 0;
}

/* A read of a master: answered now or later. */
static int64_t master_read(struct rpc_ctx *ctx, struct handle *m, uint32_t length, void *bytes,
			   uint32_t *bytes_len)
{
	int64_t r = may(m, 0) ? pty_master_read(m, ctx->reply, length, bytes) : -EBADF;

	if (r < 0 || r == RPC_NO_REPLY)
		return r;
	*bytes_len = (uint32_t)r;
	return 0;
}

int64_t fs_read(struct rpc_ctx *ctx, int64_t offset, uint32_t length, void *bytes,
		uint32_t *bytes_len)
{
	struct handle *h = usable(ctx), *m = master(ctx);

	*bytes_len = 0;
	if (m)
		return master_read(ctx, m, length, bytes, bytes_len);
	if (!h || !may(h, 0))
		return -EBADF;
	if (offset != -1)
		return -ESPIPE;
	if (h->terminal->sid)
		return -FS_ASK_WHO; /* a session's: a background group may not read */
	return read_through(ctx, h, 0, length, bytes, bytes_len);
}

int64_t tty_read(struct rpc_ctx *ctx, port_name_t process, uint64_t blocked, uint32_t length,
		 void *bytes, uint32_t *bytes_len)
{
	struct handle *h = usable(ctx);
	int64_t r = -EBADF;

	*bytes_len = 0;
	if (h && may(h, 0) && !(r = jobctl_check(h->terminal, process, blocked, SIGTTIN)))
		r = read_through(ctx, h, 1, length, bytes, bytes_len);
	rpc_release_right(process, MSG_MOVE_SEND);
	return r;
}

int64_t fs_write(struct rpc_ctx *ctx, int64_t offset, const void *bytes, uint32_t bytes_len)
{
	struct handle *h = usable(ctx), *m = master(ctx);
	struct call c = { ctx->reply, 0, 0 };

	if (m)
		return may(m, 1) ? pty_master_write(m, ctx->reply, bytes, bytes_len) : -EBADF;
	if (!h || !may(h, 1))
		return -EBADF;
	if (offset != -1)
		return -ESPIPE;
	if (h->terminal->sid && (h->terminal->ld.t.c_lflag & TOSTOP))
		return -FS_ASK_WHO; /* a background group may not write */
	c.handle = h->port;
	return terminal_write(h->terminal, &c, bytes, bytes_len, h->flags);
}

int64_t tty_write(struct rpc_ctx *ctx, port_name_t process, uint64_t blocked, const void *bytes,
		  uint32_t bytes_len)
{
	struct handle *h = usable(ctx);
	int64_t r = -EBADF;

	if (h && may(h, 1) && !(r = jobctl_check(h->terminal, process, blocked, SIGTTOU))) {
		struct call c = { ctx->reply, h->port, 1 };
		r = terminal_write(h->terminal, &c, bytes, bytes_len, h->flags);
	}
	rpc_release_right(process, MSG_MOVE_SEND);
	return r;
}

void fs_interrupt(struct rpc_ctx *ctx)
{
	struct handle *h = usable(ctx), *m = master(ctx), *any = handle_of(ctx->local);

	if (h)
		terminal_interrupt(h->terminal, h->port);
	if (m)
		pty_master_interrupt(m);
	if (any)
		record_locks_interrupt(any); /* a lock's wait through it */
}

int64_t fs_poll(struct rpc_ctx *ctx, uint32_t events, port_name_t wake, uint32_t *revents)
{
	struct handle *h = usable(ctx), *m = master(ctx);

	*revents = 0;
	if (m) {
		*revents = pty_master_poll(m, events, wake);
		return 0;
	}
	if (!h) {
		poll_wake_drop(wake);
		return -EBADF;
	}
	*revents = terminal_poll(h->terminal, events, wake);
	return 0;
}

int64_t fs_stat(struct rpc_ctx *ctx, struct fs_attr *attr)
{
	struct handle *h = handle_of(ctx->local);

	return h ? dev_node_stat(&h->node, h->rdev, 1024, attr) : -EBADF;
}

int64_t fs_get_flags(struct rpc_ctx *ctx, uint32_t *flags)
{
	struct handle *h = handle_of(ctx->local);

	*flags = 0;
	if (!h)
		return -EBADF;
	*flags = h->flags;
	return 0;
}

int64_t fs_set_flags(struct rpc_ctx *ctx, uint32_t flags)
{
	struct handle *h = handle_of(ctx->local);

	if (!h)
		return -EBADF;
	h->flags = (h->flags & ~(uint32_t)O_NONBLOCK) | (flags & O_NONBLOCK);
	return 0;
}
