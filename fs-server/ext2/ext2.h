/* ext2 read/write over a caller's block device: the only header the fs-server includes.
 * No IPC and no Masque traps here; results are 0 (or a count) or a negative Linux errno.
 *
 * Supported: revision 0 and 1 file systems as Debian 12's `mke2fs -t ext2` makes them,
 * block sizes 1, 2 and 4 KiB, 128- and 256-byte inodes (nanosecond times where
 * i_extra_isize leaves room), features filetype, sparse_super, large_file, ext_attr,
 * resize_inode and dir_index. Directories with an index (dir_index) are read and written
 * as linear ones; a write to one clears EXT2_INDEX_FL, which e2fsck accepts. The resize
 * inode (7) and its reserved blocks are left alone. Extended attribute blocks
 * (i_file_acl) are kept as they are; deleting an inode drops one h_refcount of its block
 * and frees the block when none is left. Refused with -EINVAL: any incompat feature but
 * filetype (compression, journal recovery, journal device, meta_bg, and every ext4 one);
 * an ro_compat feature but sparse_super, large_file and btree_dir mounts read-only only.
 *
 * Corrupt metadata gives -EUCLEAN and one call of the complain callback naming the
 * inode or block; a device error gives the device's error (-EIO). Every number read
 * from the disk is checked before use, walks are bounded, and a bitmap or inode slot
 * that does not look like one is refused before anything is written to it.
 *
 * Left to the caller: permissions (only uid, gid and mode are stored), the reserved
 * blocks (s_r_blocks_count is not enforced), path walks, symlinks and mounts. Reads do
 * not update atime (as with noatime). One caller at a time: nothing here locks.
 * Writes are ordered for crash safety as cache.c says; ext2_fsync and ext2_sync write
 * everything back. */
#ifndef FS_EXT2_H
#define FS_EXT2_H

#include <stddef.h>
#include <stdint.h>
#include "../vfs.h"
#include "disk.h"

#define EXT2_ROOT 2 /* the root directory's inode number */

struct ext2_fs;

struct ext2_mount_options {
	int read_only;
	/* The buffer cache's size in file-system blocks; 0: as many as fill cache_bytes
	 * (0: 4 MiB). */
	uint32_t cache_blocks;
	uint64_t cache_bytes;
	/* One line's worth about corrupt metadata: what is wrong and the inode or block. */
	void (*complain)(void *ctx, const char *what, uint64_t number);
	/* The time now, for timestamps; may be NULL (then time 0). */
	void (*now)(void *ctx, struct vfs_time *t);
	void *ctx; /* passed to complain and now */
};

/* Mount: read and check the superblock and group descriptors; a read-write mount marks
 * the file system "not clean" on disk and counts the mount, as Linux does. */
int ext2_mount(const struct ext2_disk *disk, const struct ext2_mount_options *opt,
	       struct ext2_fs **out);
/* Write everything back, mark the file system clean (if it was at mount) and free it.
 * The fs is freed even when the write-back fails; the error is returned. */
int ext2_unmount(struct ext2_fs *fs);
/* Write every dirty buffer to the disk in the safe order and flush the device. */
int ext2_sync(struct ext2_fs *fs);
/* Make a mounted file system read-only (everything written back and the file system
 * marked clean, as at unmount; -EBUSY while a deleted file is still held) or read-write again (marked "not clean" and counted, as at mount). */
int ext2_remount(struct ext2_fs *fs, int read_only);
/* Whether ext2_sync would write anything. */
int ext2_dirty(const struct ext2_fs *fs);
/* Make inode ino's data and metadata, and all they depend on, durable. */
int ext2_fsync(struct ext2_fs *fs, uint32_t ino);

int ext2_statfs(struct ext2_fs *fs, struct vfs_statfs *st);

int ext2_stat(struct ext2_fs *fs, uint32_t ino, struct vfs_stat *st);
/* Only what permission checks need of ino (cheaper than ext2_stat: every directory a
 * path passes is checked). */
int ext2_owner(struct ext2_fs *fs, uint32_t ino, uint32_t *mode, uint32_t *uid, uint32_t *gid);

/* In-core references. The server takes one for each open file or directory it holds;
 * an inode whose link count reaches 0 is freed (blocks and inode) only when its last
 * reference is put. ext2_inode_get fails for an unused or bad inode number. */
int ext2_inode_get(struct ext2_fs *fs, uint32_t ino);
void ext2_inode_put(struct ext2_fs *fs, uint32_t ino);

/* The inode of name (len bytes, no '/') in directory dir, in *ino. "." and ".." are
 * entries like any other. */
int ext2_lookup(struct ext2_fs *fs, uint32_t dir, const char *name, size_t len, uint32_t *ino);

/* The entry at or after *cookie (0 at the start) in *ent, and *cookie moved past it:
 * returns 1, or 0 at the end. A cookie stays valid across changes to the directory. */
int ext2_readdir(struct ext2_fs *fs, uint32_t dir, uint64_t *cookie, struct vfs_dirent *ent);

/* Read up to len bytes at offset off; returns the count (0 at or past the end). Holes
 * read as zeros. Consecutive blocks come in one request; a reader that goes on where it
 * stopped gets read-ahead while it holds a reference (ext2_inode_get). */
int64_t ext2_read(struct ext2_fs *fs, uint32_t ino, uint64_t off, void *buf, size_t len);
/* Write len bytes at off, growing the file; returns the count written (short only when
 * the disk fills after some bytes were written), or -ENOSPC/-EFBIG... for none. */
int64_t ext2_write(struct ext2_fs *fs, uint32_t ino, uint64_t off, const void *buf, size_t len);
/* Set a regular file's size: down frees the blocks past it, up leaves a hole. */
int ext2_truncate(struct ext2_fs *fs, uint32_t ino, uint64_t size);

/* Make a node: mode gives the type (regular, fifo, socket, character or block device)
 * and permission bits; rdev is used for devices. -EEXIST if the name exists. */
int ext2_mknod(struct ext2_fs *fs, uint32_t dir, const char *name, size_t len, uint32_t mode,
	       uint32_t rdev, uint32_t uid, uint32_t gid, uint32_t *ino);
int ext2_mkdir(struct ext2_fs *fs, uint32_t dir, const char *name, size_t len, uint32_t mode,
	       uint32_t uid, uint32_t gid, uint32_t *ino);
/* A symbolic link to target (tlen bytes): fast (in the inode) under 60 bytes. */
int ext2_symlink(struct ext2_fs *fs, uint32_t dir, const char *name, size_t len, const char *target,
		 size_t tlen, uint32_t uid, uint32_t gid, uint32_t *ino);
/* The target of symlink ino, up to size bytes (not NUL-terminated); returns its length. */
int64_t ext2_readlink(struct ext2_fs *fs, uint32_t ino, char *buf, size_t size);
/* A new name in dir for the non-directory ino. */
int ext2_link(struct ext2_fs *fs, uint32_t ino, uint32_t dir, const char *name, size_t len);
/* Remove a non-directory's name (-EISDIR for a directory). */
int ext2_unlink(struct ext2_fs *fs, uint32_t dir, const char *name, size_t len);
/* Remove an empty directory (-ENOTEMPTY, -ENOTDIR; "." and ".." give -EINVAL). */
int ext2_rmdir(struct ext2_fs *fs, uint32_t dir, const char *name, size_t len);
/* Rename, replacing an existing target of the same kind (an empty directory for a
 * directory); a directory into its own subtree gives -EINVAL. */
int ext2_rename(struct ext2_fs *fs, uint32_t olddir, const char *oldname, size_t oldlen,
		uint32_t newdir, const char *newname, size_t newlen);

int ext2_setattr(struct ext2_fs *fs, uint32_t ino, const struct vfs_setattr *attr);

/* The library as a file system type of the fs-server (vfs_ops.c). */
extern const struct vfs_ops ext2_vfs_ops;

#endif
