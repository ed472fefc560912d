/*
 * Record locks on pipes, as Linux keeps them on a pipe's inode: lib/record_locks.c keeps
 * them, told here that a pipe is the file of both its ends, which have no position and
 * no size. A pipe's inode number is never given out again, so it names the file.
 */
#include <fs.h>
#include <ipc.h>
#include <linux/fcntl.h>
#include <record_locks.h>
#include "end.h"
#include "fifo.h"
#include "pipe.h"

static const char pipes; /* the space of the pipes' inode numbers */

static void *handle(port_name_t local)
{
	return end_of(local);
}

static void info(void *handle, struct lock_handle_info *out)
{
	struct end *e = handle;
	uint32_t access = e->mode == END_READ ? O_RDONLY : e->mode == END_WRITE ? O_WRONLY : O_RDWR;

	*out = (struct lock_handle_info){
		.file = { &pipes, e->pipe->ino }, .flags = access, .pos = 0, .description = e
	};
}

/* An end is its own open file description. */
static int reachable(const void *description)
{
	const struct end *e = description;
	return port_has_senders(e->port);
}

/* No size, nothing to hold: the numbers stay unique, so a pipe that goes leaves no
 * name for another to take. */
static const struct lock_server ends = { .handle = handle, .info = info, .reachable = reachable };

int end_locks_init(port_name_t set)
{
	return record_locks_init(&ends, set);
}
