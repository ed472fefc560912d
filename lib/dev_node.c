/* The device node a device server's handle was opened through (dev_node.h). */
#include <dev_node.h>
#include <fs.h>
#include <masque/rights.h>
#include <trap.h>

void dev_node_hold(const struct dev_node *n)
{
	if (n->file != PORT_NULL)
		port_mod_refs(n->file, RIGHT_SEND, 1);
}

void dev_node_release(struct dev_node *n)
{
	if (n->file != PORT_NULL)
		port_mod_refs(n->file, RIGHT_SEND, -1);
	n->file = PORT_NULL;
}

int64_t dev_node_stat(const struct dev_node *n, uint64_t rdev, uint32_t blksize, uint64_t *dev,
		      uint64_t *ino, uint32_t *mode, uint32_t *nlink, uint32_t *uid, uint32_t *gid,
		      uint64_t *rdev_out, int64_t *size, int64_t *blocks, uint32_t *blksize_out,
		      int64_t *atime, uint32_t *atime_ns, int64_t *mtime, uint32_t *mtime_ns,
		      int64_t *ctime, uint32_t *ctime_ns)
{
	if (n->file == PORT_NULL ||
	    rpc_fs_stat(n->file, dev, ino, mode, nlink, uid, gid, rdev_out, size, blocks,
			blksize_out, atime, atime_ns, mtime, mtime_ns, ctime, ctime_ns) < 0) {
		*dev = n->dev, *ino = n->ino, *mode = n->mode, *uid = n->uid, *gid = n->gid;
		*nlink = 1;
		*atime = *mtime = *ctime = 0;
		*atime_ns = *mtime_ns = *ctime_ns = 0;
	}
	*rdev_out = rdev;
	*size = *blocks = 0;
	*blksize_out = blksize;
	return 0;
}
