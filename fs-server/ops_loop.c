/* The loop devices' requests (fs.defs loop_*, and the block ioctls of fs.ioctl) on
 * handles of their nodes: loop.h does the work. */
#include <errno.h>
#include <fs.h>
#include <linux/fcntl.h>
#include <linux/fs.h>
#include <linux/loop.h>
#include <masque/rights.h>
#include <string.h>
#include <trap.h>
#include "handle.h"
#include "loop.h"
#include "ops.h"

/* The loop device the request came to an open handle of: its number, or -ENOTTY. */
static int64_t device_of(struct rpc_ctx *ctx, struct handle **h)
{
	int64_t r = ops_handle(ctx, h);

	if (r)
		return r;
	return (*h)->of->loop ? (int64_t)(*h)->of->loop - 1 : -ENOTTY;
}

/* Whether a handle's access mode lets it write. */
static int writes(const struct handle *h)
{
	uint32_t acc = h->of->flags & O_ACCMODE;

	return !(h->of->flags & O_PATH) && (acc == O_WRONLY || acc == O_RDWR);
}

int64_t fs_loop_attach(struct rpc_ctx *ctx, port_name_t backing, uint64_t offset,
		       uint64_t sizelimit, uint32_t flags, const char *name)
{
	struct handle *h, *file = handle_of(backing);
	int64_t n = device_of(ctx, &h);

	rpc_release_right(backing, MSG_MOVE_SEND);
	if (n < 0)
		return n;
	if (!file)
		return -EINVAL; /* as Linux says of what is no regular file: not ours */
	if (file->of->flags & O_PATH)
		return -EBADF;
	return loop_attach((uint32_t)n, file->node, writes(h) && writes(file), offset, sizelimit,
			   flags, name);
}

int64_t fs_loop_detach(struct rpc_ctx *ctx)
{
	struct handle *h;
	int64_t n = device_of(ctx, &h);

	return n < 0 ? n : loop_detach((uint32_t)n);
}

int64_t fs_loop_set_status(struct rpc_ctx *ctx, uint64_t offset, uint64_t sizelimit, uint32_t flags,
			   const char *name)
{
	struct handle *h;
	int64_t n = device_of(ctx, &h);

	return n < 0 ? n : loop_set_status((uint32_t)n, offset, sizelimit, flags, name);
}

int64_t fs_loop_status(struct rpc_ctx *ctx, uint32_t *number, uint64_t *dev, uint64_t *ino,
		       uint64_t *offset, uint64_t *sizelimit, uint32_t *flags, char *name)
{
	struct handle *h;
	struct loop_state info;
	int64_t n = device_of(ctx, &h), r;

	*number = 0, *dev = *ino = *offset = *sizelimit = 0, *flags = 0, name[0] = 0;
	if (n < 0 || (r = loop_status((uint32_t)n, &info)))
		return n < 0 ? n : r;
	*number = (uint32_t)n, *dev = info.dev, *ino = info.ino;
	*offset = info.offset, *sizelimit = info.sizelimit, *flags = info.flags;
	memcpy(name, info.name, sizeof(info.name));
	name[sizeof(info.name) - 1] = 0;
	return 0;
}

int64_t fs_loop_free(struct rpc_ctx *ctx, uint32_t *number)
{
	struct handle *h;
	struct vfs_stat st;
	int64_t r = ops_handle(ctx, &h), n;

	*number = 0;
	if (r || (r = h->node.vol->ops->stat(h->node.vol->fs, h->node.ino, &st)))
		return r;
	if (!loop_is_control(st.mode, st.rdev) || (h->of->flags & O_PATH))
		return -ENOTTY;
	if ((n = loop_free()) < 0)
		return n;
	*number = (uint32_t)n;
	return 0;
}

/* Answer with the value's size bytes. */
static int64_t answer(const void *value, uint32_t size, void *out, uint32_t *out_len)
{
	memcpy(out, value, size);
	*out_len = size;
	return 0;
}

int64_t ops_loop_block_request(uint32_t n, uint32_t request, void *out, uint32_t *out_len)
{
	uint64_t bytes = loop_size(n), sectors = bytes / 512;
	uint32_t sector = 512;

	switch (request) {
	case BLKGETSIZE64:
		return answer(&bytes, sizeof(bytes), out, out_len);
	case BLKGETSIZE:
		return answer(&sectors, sizeof(sectors), out, out_len);
	case BLKSSZGET:
	case BLKPBSZGET:
		return answer(&sector, sizeof(sector), out, out_len);
	case BLKFLSBUF:
		return loop_flush(n);
	case BLKRRPART:
		return -EINVAL; /* no partitions are read from a loop device */
	default:
		return -ENOTTY;
	}
}
