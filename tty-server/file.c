/* The file protocol on terminal handles (interfaces/fs.defs): read, write, poll,
 * interrupt, stat and flags; what a terminal does not have comes from lib/fs_object.c. */
#include <errno.h>
#include <fs.h>
#include <linux/fcntl.h>
#include <linux/stat.h>
#include <masque/rights.h>
#include <poll_wakes.h>
#include <rpc.h>
#include "handle.h"
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

int64_t fs_read(struct rpc_ctx *ctx, int64_t offset, uint32_t length, void *bytes,
		uint32_t *bytes_len)
{
	struct handle *h = usable(ctx);
	int64_t r;

	*bytes_len = 0;
	if (!h || !may(h, 0))
		return -EBADF;
	if (offset != -1)
		return -ESPIPE;
	r = terminal_read(h->terminal, ctx->reply, h->port, length, bytes, h->flags);
	if (r < 0 || r == RPC_NO_REPLY)
		return r;
	*bytes_len = (uint32_t)r;
	return 0;
}

int64_t fs_write(struct rpc_ctx *ctx, int64_t offset, const void *bytes, uint32_t bytes_len)
{
	struct handle *h = usable(ctx);

	if (!h || !may(h, 1))
		return -EBADF;
	if (offset != -1)
		return -ESPIPE;
	return terminal_write(h->terminal, ctx->reply, h->port, bytes, bytes_len, h->flags);
}

void fs_interrupt(struct rpc_ctx *ctx)
{
	struct handle *h = usable(ctx);

	if (h)
		terminal_interrupt(h->terminal, h->port);
}

int64_t fs_poll(struct rpc_ctx *ctx, uint32_t events, port_name_t wake, uint32_t *revents)
{
	struct handle *h = usable(ctx);

	*revents = 0;
	if (!h) {
		poll_wake_drop(wake);
		return -EBADF;
	}
	*revents = terminal_poll(h->terminal, events, wake);
	return 0;
}

int64_t fs_stat(struct rpc_ctx *ctx, uint64_t *dev, uint64_t *ino, uint32_t *mode, uint32_t *nlink,
		uint32_t *uid, uint32_t *gid, uint64_t *rdev, int64_t *size, int64_t *blocks,
		uint32_t *blksize, int64_t *atime, uint32_t *atime_ns, int64_t *mtime,
		uint32_t *mtime_ns, int64_t *ctime, uint32_t *ctime_ns)
{
	struct handle *h = handle_of(ctx->local);

	if (!h)
		return -EBADF;
	*dev = 0x06; /* Linux's devtmpfs is an anonymous device too */
	*ino = h->rdev;
	*mode = S_IFCHR | 0620;
	*nlink = 1;
	*uid = *gid = 0;
	*rdev = h->rdev;
	*size = *blocks = 0;
	*blksize = 1024;
	*atime = *mtime = *ctime = 0;
	*atime_ns = *mtime_ns = *ctime_ns = 0;
	return 0;
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
