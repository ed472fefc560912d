/*
 * The file protocol's record locks (fs.lock, fs.test_lock, fs.unlock_owner, fs.flock)
 * on the fs-server's files: lib/record_locks.c keeps them, told here what a handle is
 * and which file (ops_lock.c).
 */
#ifndef FS_SERVER_OPS_LOCK_H
#define FS_SERVER_OPS_LOCK_H

#include <masque/types.h>
#include "handle.h"
#include "volume.h"

/* Make the port the owners' dead-name notifications come to, in handle_set. */
int ops_lock_init(void);

/* The handle h goes: its OFD and flock locks go, and the waits that came through it. */
void ops_lock_handle_gone(struct handle *h);

/* A dead-name notification that came to local, for name: if it is ours, the owner
 * whose port died loses its locks and waits. */
void ops_lock_dead_name(port_name_t local, port_name_t name);

/* Whether any file of vol has locks or waits for one. */
int ops_lock_any_on(const struct volume *vol);

#endif
