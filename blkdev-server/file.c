/* The file protocol on block handles (interfaces/fs.defs): reads and writes at any
 * offset, positions, stat, flags and fsync; what a block device does not have comes
 * from lib/fs_object.c. */
#include <errno.h>
#include <fs.h>
#include <fs_proto.h>
#include <linux/fcntl.h>
#include <linux/fs.h>
#include <masque/page_size.h>
#include <self.h>
#include <trap.h>
#include "handle.h"
#include "transfer.h"

/* Whether h was opened for writing (or reading). */
static int may(const struct handle *h, int writing)
{
	uint32_t acc = h->flags & O_ACCMODE;

	return writing ? acc == O_WRONLY || acc == O_RDWR : acc == O_RDONLY || acc == O_RDWR;
}

/* Where a transfer at offset (-1: the position) through h starts, or -EINVAL. */
static int64_t start_of(const struct handle *h, int64_t offset)
{
	if (offset == -1)
		return (int64_t)h->pos;
	return offset < 0 ? -EINVAL : offset;
}

/* Where a transfer through the handle of ctx starts (offset, or -1: its position), and
 * in *left the bytes from there to the end of the device; a negative errno for a handle
 * that is none or not open that way. */
static int64_t place(struct rpc_ctx *ctx, int64_t offset, int writing, struct handle **h,
		     uint64_t *left)
{
	int64_t at = (*h = handle_of(ctx->local)) ? start_of(*h, offset) : -EBADF;

	if (at >= 0 && !may(*h, writing))
		at = -EBADF;
	if (at >= 0)
		*left = (uint64_t)at < (*h)->vol->size ? (*h)->vol->size - (uint64_t)at : 0;
	return at;
}

/* Up to length bytes at offset through the handle of ctx into buf: the bytes read (0 at
 * the end of the device), or a negative errno. */
static int64_t read_at(struct rpc_ctx *ctx, int64_t offset, void *buf, uint32_t length)
{
	struct handle *h;
	uint64_t left;
	int64_t at = place(ctx, offset, 0, &h, &left), r;

	if (at < 0 || !left || !length)
		return at < 0 ? at : 0;
	r = transfer_read(h->vol, (uint64_t)at, buf, length < left ? length : left);
	if (r > 0 && offset == -1)
		h->pos += (uint64_t)r;
	return r;
}

/* The same for a write: past the end of the device, ENOSPC, as Linux. */
static int64_t write_at(struct rpc_ctx *ctx, int64_t offset, const void *buf, uint32_t length)
{
	struct handle *h;
	uint64_t left;
	int64_t at = place(ctx, offset, 1, &h, &left), r;

	if (at < 0 || !length)
		return at < 0 ? at : 0;
	if (!left)
		return -ENOSPC;
	r = transfer_write(h->vol, (uint64_t)at, buf, length < left ? length : left);
	if (r > 0 && offset == -1)
		h->pos += (uint64_t)r;
	return r;
}

int64_t fs_read(struct rpc_ctx *ctx, int64_t offset, uint32_t length, void *bytes,
		uint32_t *bytes_len)
{
	int64_t r = read_at(ctx, offset, bytes, length < FS_IO_INLINE ? length : FS_IO_INLINE);

	*bytes_len = r > 0 ? (uint32_t)r : 0;
	return r < 0 ? r : 0;
}

int64_t fs_write(struct rpc_ctx *ctx, int64_t offset, const void *bytes, uint32_t bytes_len)
{
	return write_at(ctx, offset, bytes, bytes_len);
}

int64_t fs_read_large(struct rpc_ctx *ctx, int64_t offset, uint32_t length, void **bytes,
		      uint32_t *bytes_size)
{
	/* the reply copies the bytes (copy_ool): one buffer serves every read */
	static char buffer[FS_IO_OOL] __attribute__((aligned(PAGE_SIZE)));
	int64_t r = read_at(ctx, offset, buffer, length < FS_IO_OOL ? length : FS_IO_OOL);

	*bytes = r > 0 ? buffer : 0;
	*bytes_size = r > 0 ? (uint32_t)r : 0;
	return r < 0 ? r : 0;
}

int64_t fs_write_large(struct rpc_ctx *ctx, int64_t offset, void *bytes, uint32_t bytes_size)
{
	int64_t r = bytes_size > FS_IO_OOL ? -EINVAL : write_at(ctx, offset, bytes, bytes_size);

	if (bytes)
		vm_deallocate(self_task, (uint64_t)bytes, bytes_size);
	return r;
}

/* lseek: SEEK_END counts from the device's size; any position at or past 0 is taken. */
int64_t fs_seek(struct rpc_ctx *ctx, int64_t offset, uint32_t whence)
{
	struct handle *h = handle_of(ctx->local);
	int64_t base;

	if (!h)
		return -EBADF;
	if (whence == SEEK_SET)
		base = 0;
	else if (whence == SEEK_CUR)
		base = (int64_t)h->pos;
	else if (whence == SEEK_END)
		base = (int64_t)h->vol->size;
	else
		return -EINVAL;
	if ((offset > 0 && base > INT64_MAX - 1 - offset) || base + offset < 0)
		return -EINVAL; /* INT64_MAX itself is RPC_NO_REPLY */
	h->pos = (uint64_t)(base + offset);
	return base + offset;
}

/* Linux's st_rdev of major:minor. */
static uint64_t rdev_of(uint32_t major, uint32_t minor)
{
	return (uint64_t)major << 8 | (minor & 0xff) | (uint64_t)(minor & ~0xffu) << 12;
}

/* As Linux says of a block device: the node's identity, size 0, 4 KiB blocks. */
int64_t fs_stat(struct rpc_ctx *ctx, struct fs_attr *attr)
{
	struct handle *h = handle_of(ctx->local);

	return h ? dev_node_stat(&h->node, rdev_of(VIRTBLK_MAJOR, h->minor), 4096, attr) : -EBADF;
}

int64_t fs_get_flags(struct rpc_ctx *ctx, uint32_t *flags)
{
	struct handle *h = handle_of(ctx->local);

	*flags = h ? h->flags : 0;
	return h ? 0 : -EBADF;
}

int64_t fs_set_flags(struct rpc_ctx *ctx, uint32_t flags)
{
	struct handle *h = handle_of(ctx->local);

	if (!h)
		return -EBADF;
	h->flags = (h->flags & ~(uint32_t)O_NONBLOCK) | (flags & O_NONBLOCK);
	return 0;
}

/* fsync and fdatasync: the disk's cache is flushed either way. */
int64_t fs_fsync(struct rpc_ctx *ctx, uint32_t data_only)
{
	struct handle *h = handle_of(ctx->local);

	(void)data_only;
	return h ? transfer_flush(h->vol) : -EBADF;
}
