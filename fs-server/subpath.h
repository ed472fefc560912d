/*
 * Where a file lies below a directory of the same file system, found as getcwd finds
 * it: up through "..", with each name looked for in its parent. Mount propagation and
 * recursive binds ask it whether a mount point is seen in another mount, and under
 * what path.
 */
#ifndef FS_SERVER_SUBPATH_H
#define FS_SERVER_SUBPATH_H

#include <stddef.h>
#include <stdint.h>
#include "volume.h"

#define SUBPATH_MAX 4096 /* with its NUL, as Linux's PATH_MAX */

/* The path of inode x below the directory top in vol's file system, after prefix (the
 * path of a mount whose top is top: x's path through that mount), into out (of size
 * bytes): prefix alone when x is top, else prefix and "/a/b". dir is the directory
 * that holds x when x is no directory (0: unknown; x is then below top only as top
 * itself). -ENOENT if x is not below top; -ENAMETOOLONG if the path does not fit. */
int subpath(const struct volume *vol, uint32_t top, uint32_t x, uint32_t dir, const char *prefix,
	    char *out, size_t size);

#endif
