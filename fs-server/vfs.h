/*
 * The file system types the fs-server mounts, and what it asks of each: ext2 over a
 * block device (ext2/) and tmpfs in memory (tmpfs/). A type names files by inode
 * number and answers through a table of operations on an instance of itself (its
 * state, opaque here); results are 0 (or a count) or a negative Linux errno.
 *
 * What every type does alike: "." and ".." are entries like any other for lookup;
 * permissions, path walks, symlink following and mounts are the server's; an inode
 * whose link count reaches 0 goes only when its last reference (inode_get) is put;
 * one caller at a time.
 */
#ifndef FS_SERVER_VFS_H
#define FS_SERVER_VFS_H

#include <stddef.h>
#include <stdint.h>

struct vfs_time {
	int64_t sec;
	uint32_t nsec;
};

struct vfs_statfs {
	uint32_t block_size;
	uint64_t blocks, free_blocks, reserved_blocks;
	uint64_t inodes, free_inodes;
	uint32_t name_max;
	uint64_t max_file_size; /* the largest a file can grow: Linux's s_maxbytes */
};

struct vfs_stat {
	uint32_t ino;
	uint32_t mode; /* type and permission bits, Linux's S_IF* values */
	uint32_t nlink;
	uint32_t uid, gid;
	uint32_t rdev; /* device inodes: Linux's st_rdev encoding (new_encode_dev) */
	uint64_t size;
	uint64_t blocks; /* 512-byte sectors */
	struct vfs_time atime, mtime, ctime;
	uint32_t flags; /* inode flags (chattr's; ext2's i_flags) */
};

struct vfs_dirent {
	uint32_t ino;
	uint8_t type; /* DT_* value (as Linux's getdents64 d_type) */
	uint8_t name_len;
	char name[256]; /* NUL-terminated */
};

#define VFS_SET_MODE  0x01 /* permission bits only; the type is kept */
#define VFS_SET_UID   0x02
#define VFS_SET_GID   0x04
#define VFS_SET_ATIME 0x08
#define VFS_SET_MTIME 0x10
#define VFS_SET_CTIME 0x20 /* else ctime becomes now */
struct vfs_setattr {
	uint32_t mask;
	uint32_t mode, uid, gid;
	struct vfs_time atime, mtime, ctime;
};

/* One type's operations; fs is the instance its mount made. Each is as ext2/ext2.h
 * says of the function of the same name. */
struct vfs_ops {
	const char *type;	  /* the name mount(2) and /proc/mounts give it */
	uint64_t magic;		  /* statfs's f_type */
	uint32_t root;		  /* the root directory's inode number */
	int (*unmount)(void *fs); /* everything written back; fs freed even on error */
	int (*sync)(void *fs);
	int (*remount)(void *fs, int read_only);
	int (*dirty)(const void *fs);
	int (*fsync)(void *fs, uint32_t ino);
	int (*statfs)(void *fs, struct vfs_statfs *st);
	int (*stat)(void *fs, uint32_t ino, struct vfs_stat *st);
	int (*owner)(void *fs, uint32_t ino, uint32_t *mode, uint32_t *uid, uint32_t *gid);
	int (*inode_get)(void *fs, uint32_t ino);
	void (*inode_put)(void *fs, uint32_t ino);
	int (*lookup)(void *fs, uint32_t dir, const char *name, size_t len, uint32_t *ino);
	int (*readdir)(void *fs, uint32_t dir, uint64_t *cookie, struct vfs_dirent *ent);
	int64_t (*read)(void *fs, uint32_t ino, uint64_t off, void *buf, size_t len);
	int64_t (*write)(void *fs, uint32_t ino, uint64_t off, const void *buf, size_t len);
	int (*truncate)(void *fs, uint32_t ino, uint64_t size);
	int (*mknod)(void *fs, uint32_t dir, const char *name, size_t len, uint32_t mode,
		     uint32_t rdev, uint32_t uid, uint32_t gid, uint32_t *ino);
	int (*mkdir)(void *fs, uint32_t dir, const char *name, size_t len, uint32_t mode,
		     uint32_t uid, uint32_t gid, uint32_t *ino);
	int (*symlink)(void *fs, uint32_t dir, const char *name, size_t len, const char *target,
		       size_t tlen, uint32_t uid, uint32_t gid, uint32_t *ino);
	int64_t (*readlink)(void *fs, uint32_t ino, char *buf, size_t size);
	int (*link)(void *fs, uint32_t ino, uint32_t dir, const char *name, size_t len);
	int (*unlink)(void *fs, uint32_t dir, const char *name, size_t len);
	int (*rmdir)(void *fs, uint32_t dir, const char *name, size_t len);
	int (*rename)(void *fs, uint32_t olddir, const char *oldname, size_t oldlen,
		      uint32_t newdir, const char *newname, size_t newlen);
	int (*setattr)(void *fs, uint32_t ino, const struct vfs_setattr *attr);
};

#endif
