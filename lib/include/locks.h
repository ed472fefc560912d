/*
 * The record locks of one file as Linux keeps them, without ports or waiting
 * (record_locks.c adds those): POSIX and OFD byte-range locks (fcntl) in one list, flock locks in
 * another, since Linux lets the two kinds ignore each other. An owner is an address the
 * caller chooses: a process's lock owner for POSIX locks, an open file description for
 * OFD and flock locks. Pure code, checked on the host (tests/host/locks.c).
 */
#ifndef LIB_LOCKS_H
#define LIB_LOCKS_H

#include <stdint.h>

#define LOCK_OFFSET_MAX INT64_MAX /* a lock's last byte when it runs to the end */

/* A byte-range lock. An owner's locks are one run of the list, in ascending order,
 * never overlapping and never touching one of the same type (Linux merges those);
 * owners follow one another in the order of their first lock. */
struct lock {
	struct lock *next;
	const void *owner;
	int64_t first, last; /* the bytes it holds, both included */
	uint32_t type;	     /* F_RDLCK or F_WRLCK */
	int32_t pid;	     /* what F_GETLK says holds it: a pid, or -1 (an OFD lock) */
};

/* An flock lock: one per owner at most. */
struct flock_lock {
	struct flock_lock *next;
	const void *owner;
	uint32_t type; /* LOCK_SH or LOCK_EX */
};

/* The bytes first..last that a struct flock's whence, start and len name, for an open
 * file at position pos in a file of size bytes: 0, or -EINVAL or -EOVERFLOW as Linux
 * says (flock64_to_posix_lock). */
int lock_range(uint32_t whence, int64_t start, int64_t len, int64_t pos, int64_t size,
	       int64_t *first, int64_t *last);

/* The first lock of list that keeps owner from a lock of type (F_RDLCK or F_WRLCK) on
 * first..last, or NULL. */
const struct lock *lock_conflict(const struct lock *list, const void *owner, uint32_t type,
				 int64_t first, int64_t last);

/* owner holds type on first..last (F_UNLCK: nothing there), its other locks split,
 * trimmed or merged around it as Linux does; pid goes with the new lock. 0, or -ENOLCK
 * (out of memory) with nothing changed. No conflict is checked here. */
int lock_set(struct lock **list, const void *owner, int32_t pid, uint32_t type, int64_t first,
	     int64_t last);

/* Every lock of owner goes: whether it held any. */
int lock_drop(struct lock **list, const void *owner);

/* Whether any lock of list belongs to owner. */
int lock_holds(const struct lock *list, const void *owner);

/* owner asks for its flock lock to be type (LOCK_SH, LOCK_EX or LOCK_UN). As Linux, a
 * lock of the other type it holds goes first, whatever follows; *changed says whether
 * the list changed. 0; -EAGAIN if another owner's lock is in the way; -ENOLCK. */
int flock_set(struct flock_lock **list, const void *owner, uint32_t type, int *changed);

/* owner's flock lock goes: whether it had one. */
int flock_drop(struct flock_lock **list, const void *owner);

#endif
