/* A block device's ioctls (fs.ioctl), as Linux answers them: its size in bytes
 * (BLKGETSIZE64) and in 512-byte sectors (BLKGETSIZE), its logical and physical block
 * size (BLKSSZGET, BLKPBSZGET), a flush (BLKFLSBUF), and BLKRRPART, the partition table
 * read again (a disk's handle only, EINVAL on a partition's; EBUSY while a partition of
 * the disk is open or mounted). Anything else is ENOTTY. */
#include <errno.h>
#include <fs.h>
#include <linux/fs.h>
#include <rpc.h>
#include <string.h>
#include "blkdev_server.h"
#include "handle.h"
#include "transfer.h"

/* Answer with the value's size bytes. */
static int64_t answer(const void *value, uint32_t size, void *arg_out, uint32_t *arg_out_len)
{
	memcpy(arg_out, value, size);
	*arg_out_len = size;
	return 0;
}

/* BLKRRPART through h. */
static int64_t reread(struct handle *h)
{
	uint32_t disk = h->minor / VIRTBLK_MINORS;

	if (h->minor % VIRTBLK_MINORS)
		return -EINVAL;
	if (handle_on_partition(disk) || volume_in_use(h->vol))
		return -EBUSY;
	return volume_reread(h->vol, disk);
}

static int64_t block_ioctl(struct handle *h, uint32_t request, void *arg_out, uint32_t *arg_out_len)
{
	uint64_t bytes = h->vol->size, sectors = bytes / 512;
	uint32_t block_size = h->vol->block_size;

	switch (request) {
	case BLKGETSIZE64:
		return answer(&bytes, sizeof(bytes), arg_out, arg_out_len);
	case BLKGETSIZE:
		return answer(&sectors, sizeof(sectors), arg_out, arg_out_len);
	case BLKSSZGET:
	case BLKPBSZGET:
		return answer(&block_size, sizeof(block_size), arg_out, arg_out_len);
	case BLKFLSBUF:
		return transfer_flush(h->vol);
	case BLKRRPART:
		return reread(h);
	default:
		return -ENOTTY;
	}
}

int64_t fs_ioctl(struct rpc_ctx *ctx, uint32_t request, port_name_t process, const void *arg_in,
		 uint32_t arg_in_len, void *arg_out, uint32_t *arg_out_len)
{
	struct handle *h = handle_of(ctx->local);

	(void)arg_in, (void)arg_in_len;
	rpc_release_right(process, MSG_MOVE_SEND);
	*arg_out_len = 0;
	return h ? block_ioctl(h, request, arg_out, arg_out_len) : -EBADF;
}
