/* Paths as the program gives them (path.c): checked, and the directory handle they
 * start from. */
#ifndef EMUL_PATH_H
#define EMUL_PATH_H

#include <masque/types.h>

/* 0 if path may go to a server: -EFAULT for NULL, -ENAMETOOLONG past PATH_MAX, -ENOENT
 * for "" (unless empty_ok). */
int path_check(const char *path, int empty_ok);

/* The handle a path relative to dirfd starts from (AT_FDCWD: the working directory;
 * an absolute path: the root, whatever dirfd is); PORT_NULL if dirfd is not open. */
port_name_t path_dir(int dirfd, const char *path);

/* A new handle (O_PATH, a send right the caller releases) for what path names from
 * dirfd, following a final symbolic link unless nofollow; or a negated errno. */
int64_t path_open(int dirfd, const char *path, int nofollow, port_name_t *out);

#endif
