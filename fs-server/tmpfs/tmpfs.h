/* tmpfs: a file system type of the fs-server (../vfs.h) that keeps everything in memory.
 * No IPC and no Masque traps here, only malloc and the string functions; results are 0
 * (or a count) or a negative Linux errno. Each operation of tmpfs_vfs_ops does what
 * ../ext2/ext2.h says of the ext2_ function of its name, and where that is silent, what
 * Linux's tmpfs does:
 *
 * - Inode numbers come from a table; a freed number is given again only after the
 *   others the table holds, and never while its inode lives. inode_get of a number no
 *   inode has gives -ENOENT (ext2 says -EUCLEAN: there an unused number met is
 *   corruption; here nothing is stored that could be corrupt).
 * - Regular files are sparse 4096-byte pages: holes read as zeros and take no memory;
 *   st.blocks counts the pages a file has, in 512-byte units. Files grow to Linux's
 *   MAX_LFS_FILESIZE (2^63 - 1 bytes; statfs's max_file_size).
 * - A symlink's target (1 to 4095 bytes) takes a page of the limit when it is 128 bytes
 *   or more, as on Linux.
 * - A directory's size is 20 bytes an entry, "." and ".." included (Linux's
 *   BOGO_DIRENT_SIZE); readdir gives "." (cookie 0) and ".." (cookie 1) first, then the
 *   entries in the order they were made. A removed directory (still held) looks up and
 *   lists nothing: -ENOENT, as on Linux.
 * - statfs: 4096-byte blocks. With max_bytes 0 (no limit) blocks is the pages in use and
 *   free_blocks 0; likewise with max_inodes 0 inodes is the inodes in use and
 *   free_inodes 0. There are no reserved blocks.
 * - sync, fsync and dirty have nothing to do; remount read-only makes every change
 *   (write, truncate, setattr, new names, removals, renames) -EROFS, as on ext2;
 *   unmount frees every inode and page, held or not.
 * A failed allocation gives -ENOMEM with nothing changed (a write keeps the bytes it
 * wrote before it and returns their count). One caller at a time: nothing here locks. */
#ifndef FS_TMPFS_H
#define FS_TMPFS_H

#include <stdint.h>
#include "../vfs.h"

#define TMPFS_MAGIC 0x01021994 /* statfs's f_type, as Linux's */
#define TMPFS_ROOT  1	       /* the root directory's inode number */

struct tmpfs;

struct tmpfs_options {
	uint64_t max_bytes; /* the file data's bytes at most, in whole pages (size=); 0: no limit */
	uint64_t max_inodes;	 /* inodes at most (nr_inodes=), the root included; 0: no limit */
	uint32_t mode, uid, gid; /* the root directory's permission bits and owner */
	void (*now)(void *ctx, struct vfs_time *t); /* the time now; may be NULL (time 0) */
	void *ctx;
};

/* A new, empty file system: its root directory only. -EINVAL for max_inodes past
 * 2^32 - 1 (inode numbers have 32 bits). */
int tmpfs_mount(const struct tmpfs_options *opt, struct tmpfs **out);

/* The file system type: .type "tmpfs", .magic TMPFS_MAGIC, .root TMPFS_ROOT; each
 * operation on the instance tmpfs_mount made. */
extern const struct vfs_ops tmpfs_vfs_ops;

#endif
