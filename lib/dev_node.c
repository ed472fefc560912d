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

int64_t dev_node_stat(const struct dev_node *n, uint64_t rdev, uint32_t blksize,
		      struct fs_attr *attr)
{
	if (n->file == PORT_NULL || rpc_fs_stat(n->file, attr) < 0)
		*attr = (struct fs_attr){ .dev = n->dev,
					  .ino = n->ino,
					  .mode = n->mode,
					  .uid = n->uid,
					  .gid = n->gid,
					  .nlink = 1 };
	attr->rdev = rdev;
	attr->size = attr->blocks = 0;
	attr->blksize = blksize;
	return 0;
}
