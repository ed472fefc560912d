/* A handle's attributes from the file protocol's stat, in one structure: for clients
 * that want a field or two without sixteen out-parameters. */
#ifndef LIB_FS_ATTR_H
#define LIB_FS_ATTR_H

#include <masque/types.h>
#include <stdint.h>

struct fs_time {
	int64_t sec;
	uint32_t nsec;
};

struct fs_attr {
	uint64_t dev, ino, rdev;
	uint32_t mode, nlink, uid, gid, blksize;
	int64_t size, blocks;
	struct fs_time atime, mtime, ctime;
};

/* stat of handle h into *a: 0 or the call's negative result. */
int64_t fs_attr_of(port_name_t h, struct fs_attr *a);
/* The same of what path names from directory dir (flags: fs.stat_path's). */
int64_t fs_attr_at(port_name_t dir, const char *path, uint32_t flags, struct fs_attr *a);

#endif
