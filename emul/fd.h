/*
 * The descriptor table: from a Linux file descriptor to the handle (a send right to
 * a port of the fs-server or another file server) that stands for its open file
 * description, with the descriptor's own flag, FD_CLOEXEC. Copies of one handle are
 * what dup and fork share.
 */
#ifndef EMUL_FD_H
#define EMUL_FD_H

#include <masque/types.h>
#include <stdint.h>

#define FD_MAX 1024 /* RLIMIT_NOFILE's default */

/* Give handle (whose reference the table takes) the lowest free descriptor at or
 * above lowest, with flags (FD_CLOEXEC); the descriptor or -EMFILE. */
int fd_install(port_name_t handle, uint32_t flags, int lowest);

/* Where the table is, for the process server (/proc/PID/fd: emul_start.h). */
uint64_t fd_table_address(void);

/* The handle of descriptor fd, or PORT_NULL if fd is not open. */
port_name_t fd_handle(int fd);

/* The descriptor's own flags (FD_CLOEXEC); 0 if it is not open. */
uint32_t fd_flags(int fd);

/* Close fd: -EBADF if it is not open. */
int fd_close(int fd);

/* exec: the descriptors marked FD_CLOEXEC close. */
void fd_close_on_exec(void);

/* exec ended the other threads (thread_single): the table's lock, if one of them held
 * it, is free. */
void fd_threads_ended(void);

/* Whether a descriptor's handle is name. */
int fd_uses(port_name_t name);

/* The lowest descriptor whose handle is name, or -1. */
int fd_first_use(port_name_t name);

/* Every descriptor of handle old has handle new instead (whose one reference the
 * table takes; more are made for further descriptors); old's go. */
void fd_exchange(port_name_t old, port_name_t new);

/* The process takes a new identity, whose root handle is new_root: the descriptors'
 * handles are exchanged for ones of that identity (fd_identity.c). */
void fds_follow_identity(port_name_t new_root);

/* A fork's child: the kernel gave each name it inherited one reference, whatever the
 * parent held, so a handle that several descriptors (or the working directory and the
 * root) share gets one more per further use, each of which drops one. */
void fd_forked(void);

#endif
