/* Where block handles come from: the fs-server's forwarded opens of block nodes
 * (device.open), once it judged the caller's access to the node. An open for writing of
 * a volume that shares blocks with a mounted file system is refused with EBUSY, where
 * Linux allows it: writes under a mounted ext2 would corrupt it. O_EXCL claims the
 * volume, as on Linux: EBUSY when it is mounted or claimed already (e2fsprogs asks so
 * whether a device is in use); opens without it go on regardless. */
#include <device.h>
#include <errno.h>
#include <fs.h>
#include <fs_proto.h>
#include <linux/fcntl.h>
#include <linux/stat.h>
#include "blkdev_server.h"
#include "handle.h"
#include "mounted.h"
#include "volume.h"

#define KEPT_FLAGS (O_ACCMODE | O_NONBLOCK | O_EXCL)

int volume_in_use(const struct volume *v)
{
	char table[FS_IO_INLINE];
	uint32_t len = 0;

	if (rpc_fs_mount_table(fs_port, table, &len))
		return 1; /* cannot tell: the safe answer */
	return mounted_overlaps(table, len, v->name);
}

/* The handle minor stands for, opened with flags through node. */
static int64_t open_volume(uint32_t minor, uint32_t flags, const struct dev_node *node,
			   struct handle **h)
{
	struct volume *v;
	int64_t r = volume_of_minor(minor, &v);

	if (r)
		return r;
	if ((flags & O_EXCL) && handle_claimed(v))
		return -EBUSY;
	if (((flags & O_ACCMODE) != O_RDONLY || (flags & O_EXCL)) && volume_in_use(v))
		return -EBUSY;
	return handle_new(v, minor, flags & KEPT_FLAGS, node, h);
}

void device_open(struct rpc_ctx *ctx, port_name_t client, uint32_t major, uint32_t minor,
		 uint32_t flags, uint32_t uid, uint32_t gid, uint64_t node_dev, uint64_t node_ino,
		 uint32_t node_mode, uint32_t node_uid, uint32_t node_gid, port_name_t node_file)
{
	struct dev_node node = { node_dev, node_ino, node_mode, node_uid, node_gid, node_file };
	struct handle *h;
	int64_t r = -EPERM;

	(void)uid, (void)gid; /* the fs-server judged the access to the node */
	if (ctx->local == device_port)
		r = major == VIRTBLK_MAJOR ? open_volume(minor, flags, &node, &h) : -ENXIO;
	dev_node_release(&node); /* a handle made holds its own */
	if (r)
		fs_open_reply(client, r, PORT_NULL, 0);
	else
		fs_open_reply(client, 0, h->port, S_IFBLK);
}
