/*
 * Record locks: fcntl's lock commands and flock(2), kept by the file's server (the
 * fs protocol's lock, test_lock, unlock_owner and flock). The process's POSIX locks
 * belong to its lock owner, a port whose receive right only this process holds, made
 * at its first lock; a fork child makes its own, exec keeps it (the task stays; an exec
 * into a new task must move the receive right and keep its name).
 */
#ifndef EMUL_RECORD_LOCK_H
#define EMUL_RECORD_LOCK_H

#include <masque/types.h>
#include <stdint.h>

/* fcntl's F_GETLK, F_SETLK, F_SETLKW and their F_OFD_ forms on handle h, with arg the
 * program's struct flock. */
int64_t record_lock_fcntl(port_name_t h, int cmd, uint64_t arg);

/* A descriptor of h closes: the process's POSIX locks on its file go, as Linux lets
 * them go at any close of the file. */
void record_lock_closed(port_name_t h);

/* exec ended the other threads (thread_single): the owner's lock, if one of them held
 * it, is free. */
void record_lock_threads_ended(void);

/* The process ends: its POSIX locks go everywhere, before its parent can learn of it. */
void record_lock_exit(void);

#endif
