/*
 * Path resolution: a path taken one component after the other from a directory, with
 * search permission checked on each directory passed, symbolic links followed (at
 * most WALK_LINKS_MAX of them: -ELOOP), ".." within the file system, and the errors
 * Linux gives (-ENOENT, -ENOTDIR, -ENAMETOOLONG, -EACCES).
 */
#ifndef FS_SERVER_WALK_H
#define FS_SERVER_WALK_H

#include <masque/types.h>
#include "perm.h"
#include "volume.h"

#define WALK_LINKS_MAX 40
#define WALK_PATH_MAX  4096 /* with its NUL, as Linux's PATH_MAX */
#define WALK_NAME_MAX  255

/* The file path names from directory start; a symbolic link as the last component
 * is followed only if follow is set (a path ending in '/' always follows). */
int walk(const struct identity *who, struct node start, const char *path, int follow,
	 struct node *out);

/* Where a path went on: to the server of the file system attached on a directory it
 * reached (attach.h), with the rest of the path from that file system's root. */
struct walk_forward {
	port_name_t server;
	char rest[WALK_PATH_MAX];
};
#define WALK_FORWARDED 1

/* walk, but a path that reaches a directory with a file system attached ends there:
 * WALK_FORWARDED, and fwd says where it goes on. (walk itself refuses to go into one,
 * -EACCES, and gives the directory when the path ends on it.) */
int walk_forwarding(const struct identity *who, struct node start, const char *path, int follow,
		    struct node *out, struct walk_forward *fwd);

/* The directory that holds path's last component, and that component in last (a
 * path ending in '/' names its last directory: "a/b/" gives b in a). "/" gives "."
 * in the root. */
int walk_parent(const struct identity *who, struct node start, const char *path, struct node *dir,
		char last[WALK_NAME_MAX + 1]);

/* The file's mode and owner, for the permission rules. */
int node_owner(struct node n, struct file_owner *f);

#endif
