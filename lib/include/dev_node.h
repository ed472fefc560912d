/*
 * The device node a device server's handle was opened through (device.open): what
 * stat said of it then, and an O_PATH handle on it at the fs-server, which says what
 * stat says now (a chmod since). Shared by the servers of devices (tty-server,
 * blkdev-server).
 */
#ifndef LIB_DEV_NODE_H
#define LIB_DEV_NODE_H

#include <fs.h>
#include <masque/types.h>
#include <stdint.h>

struct dev_node {
	uint64_t dev, ino;
	uint32_t mode, uid, gid;
	port_name_t file; /* the O_PATH handle (a send right), or PORT_NULL */
};

/* One more send right to n's file: a handle that keeps a copy of n holds its own. */
void dev_node_hold(const struct dev_node *n);

/* Let go of the send right a copy of n holds. */
void dev_node_release(struct dev_node *n);

/* fs.stat of a handle opened through n, as Linux says of a device: the node's
 * attributes now (as they were at the open if its file cannot say), rdev and blksize
 * the device's, size and blocks 0. */
int64_t dev_node_stat(const struct dev_node *n, uint64_t rdev, uint32_t blksize,
		      struct fs_attr *attr);

#endif
