/*
 * Record locks on terminals, as Linux keeps them on the inode of the device node a
 * terminal was opened through: lib/record_locks.c keeps them, told here that a handle's
 * file is its node. So /dev/console and /dev/ttyS0 lock apart though one terminal is
 * behind both, and every master opened through /dev/ptmx shares that node's locks. A
 * terminal has no position and, as Linux's i_size of a tty, the size 0.
 */
#include <fs.h>
#include <ipc.h>
#include <linux/fcntl.h>
#include <record_locks.h>
#include "handle.h"

static const char nodes; /* the space of the nodes' dev:ino */

static void *handle(port_name_t local)
{
	return handle_of(local);
}

/* The fs-server numbers its volumes from 1 and ext2's inode numbers have 32 bits, so
 * dev:ino fits in 64. */
static void info(void *handle, struct lock_handle_info *out)
{
	struct handle *h = handle;

	*out = (struct lock_handle_info){ .file = { &nodes, h->node.dev << 32 | h->node.ino },
					  .flags = h->flags & O_ACCMODE,
					  .pos = 0,
					  .description = h };
}

/* A handle is its own open file description. */
static int reachable(const void *description)
{
	const struct handle *h = description;
	return port_has_senders(h->port);
}

/* No size, nothing to hold: a pseudo-terminal's node, whose number ext2 gives out
 * again, is unlinked when its pair goes, when no handle on it is left and so no lock
 * (each process's last close let its own go). A node someone unlinks while it is open
 * keeps its locks under a number a new node may get, which Linux's would not share. */
static const struct lock_server handles = { .handle = handle,
					    .info = info,
					    .reachable = reachable };

int handle_locks_init(port_name_t set)
{
	return record_locks_init(&handles, set);
}
