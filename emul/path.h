/* Paths as the program gives them (path.c): checked, and the directory handle they
 * start from. */
#ifndef EMUL_PATH_H
#define EMUL_PATH_H

#include <masque/types.h>
#include <stddef.h>
#include <stdint.h>

/* 0 if path may go to a server: -EFAULT for NULL or an address from emul's up (the
 * kernel half included), -ENAMETOOLONG past PATH_MAX, -ENOENT for "" (unless
 * empty_ok). */
int path_check(const char *path, int empty_ok);

/* The handle a path relative to dirfd starts from (AT_FDCWD: the working directory;
 * an absolute path: the root, whatever dirfd is); PORT_NULL if dirfd is not open. */
port_name_t path_dir(int dirfd, const char *path);

/* A new handle (O_PATH, a send right the caller releases) for what path names from
 * dirfd, following a final symbolic link unless nofollow; or a negated errno. */
int64_t path_open(int dirfd, const char *path, int nofollow, port_name_t *out);

/* The working directory's path from the root (getcwd), into out of size bytes: its
 * length with the NUL, or a negated errno. */
int64_t cwd_path(char *out, uint64_t size);

/* The process has a new identity, whose handle on "/" is new_root (the reference is
 * taken): the working directory is opened again by its path through it, or, out of
 * the new identity's reach, becomes "/". */
void dir_take_root(port_name_t new_root);

/* path, or for one that starts with /proc/self, the same as /proc/PID (proc_self.c). */
const char *proc_self_path(const char *path);
/* Whether path is /proc/self itself (the link). */
int proc_self_itself(const char *path);
/* For path /proc/self itself, the link's target (the pid), and for /proc/self/fd/N
 * of a character device, its node in /dev: into target, its length; -1 for any other
 * path (the server answers). */
int proc_self_link(const char *path, char *target, size_t room);

#endif
