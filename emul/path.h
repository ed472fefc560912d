/* Paths as the program gives them (path.c): checked, and the directory handle they
 * start from. */
#ifndef EMUL_PATH_H
#define EMUL_PATH_H

#include <fs.h>
#include <linux/limits.h>
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

/* walk.c: the calls on a path from handle dir as one message to its server, but when
 * a server answers FS_ASK_PROCESS (the path goes through /proc/self, or out of /proc by
 * ".."), walked here and the name asked of the process server for this process: an
 * open, a stat (fs_attr_at's flags), an access check (faccessat's mode and flags); the
 * results the servers give (kernel codes too). */
int64_t walk_open(port_name_t dir, const char *path, uint32_t flags, uint32_t mode,
		  port_name_t *file, uint32_t *type);
int64_t walk_attr(port_name_t dir, const char *path, uint32_t flags, struct fs_attr *attr);
int64_t walk_access(port_name_t dir, const char *path, uint32_t mode, uint32_t flags);
/* The directory that holds path's last component, walked here a component at a time
 * (a send right the caller releases), and that component in last ("." for none). */
int64_t walk_to_parent(port_name_t dir, const char *path, port_name_t *parent,
		       char last[NAME_MAX + 1]);
/* name ("self" or "..") in dir, a handle of /proc's root, as the process server
 * resolves it for this process (an O_PATH handle). */
int64_t walk_asking(port_name_t dir, const char *name, port_name_t *out);
/* dir's parent, opened for reading (getcwd's way up: fs_path.h). */
int64_t walk_parent(port_name_t dir, port_name_t *parent);
/* For path /proc/self itself, the link's target (the pid), and for /proc/self/fd/N
 * of a character device, its node in /dev: into target, its length; -1 for any other
 * path (the server answers). */
int proc_self_link(const char *path, char *target, size_t room);
/* The path of the node in /dev (or /dev/pts) of the character device handle h stands
 * for, found by its device and inode numbers: into target, its length; -1 if none. */
int device_node(port_name_t h, char *target, size_t room);

#endif
