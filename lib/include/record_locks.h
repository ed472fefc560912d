/*
 * The file protocol's record locks (fs.lock, fs.test_lock, fs.unlock_owner, fs.flock)
 * for any server of files: the locks of each file that has any, the processes that own
 * POSIX locks (known by their owner ports), and the requests that wait for a lock
 * (record_locks.c). The server says what its handles are (struct lock_server); its
 * handlers of those four calls hand them on here.
 */
#ifndef LIB_RECORD_LOCKS_H
#define LIB_RECORD_LOCKS_H

#include <masque/types.h>
#include <rpc.h>
#include <stdint.h>

/* A file: the same for every handle on it (the fs-server's volume and inode number). */
struct lock_file_id {
	const void *space;
	uint64_t id;
};

/* What the locks need to know of a handle. */
struct lock_handle_info {
	struct lock_file_id file;
	uint32_t flags;		 /* it was opened with: O_ACCMODE, O_PATH */
	int64_t pos;		 /* its position, for SEEK_CUR */
	const void *description; /* its open file description: OFD and flock locks are its */
};

/* The server's side. */
struct lock_server {
	/* The handle whose port is local, or NULL. */
	void *(*handle)(port_name_t local);
	void (*info)(void *handle, struct lock_handle_info *out);
	/* Whether a process can still reach description (some handle of it has senders):
	 * one that cannot is gone, its locks free at once, before the server's word of it. */
	int (*reachable)(const void *description);
	/* The size of the handle's file, for SEEK_END: 0 or a negated errno (NULL: files
	 * of size 0, as a pipe's or a terminal's). */
	int64_t (*size)(void *handle, int64_t *size);
	/* The file is kept while it has locks or waits: 0 or a negated errno; then let go
	 * (NULL: files whose ids are never given to another while locks may be held). */
	int (*hold)(struct lock_file_id file);
	void (*release)(struct lock_file_id file);
};

/* Take the server's side, and make the port the owners' dead-name notifications come
 * to, in set (the server's port set). */
int record_locks_init(const struct lock_server *server, port_name_t set);

/* This library is the server's side of the file protocol's lock calls: fs_lock,
 * fs_test_lock, fs_unlock_owner and fs_flock (fs.h) are here. */

/* A signal came to a thread waiting through handle (fs.interrupt): its waits end with
 * -EINTR. */
void record_locks_interrupt(void *handle);

/* The handle goes: the waits that came through it end. */
void record_locks_handle_gone(void *handle);

/* The open file description's last handle went: its OFD and flock locks go. */
void record_locks_description_gone(const void *description);

/* A dead-name notification that came to local, for name: if it is ours, the owner
 * whose port died loses its locks and waits. */
void record_locks_dead_name(port_name_t local, port_name_t name);

/* Whether any file of space has locks or waits for one. */
int record_locks_any_in(const void *space);

#endif
