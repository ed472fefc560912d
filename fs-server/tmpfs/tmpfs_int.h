/* The inside of tmpfs: the instance, its inodes, a file's pages and a directory's
 * entries, and what each file of the library offers the others. Not for the server.
 * Every name declared here starts with tmpfs_: the fs-server links ext2 beside it. */
#ifndef FS_TMPFS_INT_H
#define FS_TMPFS_INT_H

#include <stddef.h>
#include <stdint.h>
#include "tmpfs.h"

/* Linux's file types, as vfs_stat's mode holds them. */
#define S_TYPE	0170000
#define S_SOCK	0140000
#define S_LNK	0120000
#define S_REG	0100000
#define S_BLK	0060000
#define S_DIR	0040000
#define S_CHR	0020000
#define S_FIFO	0010000
#define S_PERMS 07777

#define TMPFS_PAGE_SIZE	 4096u
#define TMPFS_PAGE_SHIFT 12
#define NAME_MAX_LEN	 255
#define TARGET_MAX_LEN	 4095
#define SHORT_TARGET_LEN 128	   /* a target this long or longer takes a page, as on Linux */
#define DIRENT_BOGO_SIZE 20	   /* a directory's size per entry (Linux's BOGO_DIRENT_SIZE) */
#define MAX_FILE_SIZE	 INT64_MAX /* Linux's MAX_LFS_FILESIZE */
#define INO_MAX		 UINT32_MAX

/* A file's pages: a radix tree of NODE_SLOTS-way nodes, height levels of them above the
 * pages (0: no pages), so a small file takes one node. */
#define NODE_SHIFT	9
#define NODE_SLOTS	(1u << NODE_SHIFT)
#define TREE_HEIGHT_MAX 6 /* 54 bits of page index: MAX_FILE_SIZE has 51 */
struct page_node {
	void *slot[NODE_SLOTS]; /* the nodes below, or at height 1 the pages */
};
struct tmpfs_pages {
	struct page_node *root;
	unsigned height;
};

/* A directory entry; entries are listed oldest first, each with a cookie larger than
 * any before it in its directory, so a cookie names a place in the list for good. */
struct tmpfs_dirent {
	struct tmpfs_dirent *hash_next;
	struct tmpfs_dirent *prev, *next;
	struct tmpfs_inode *inode;
	uint64_t cookie;
	uint32_t hash;
	uint8_t len;
	char name[];
};

struct tmpfs_dir {
	struct tmpfs_inode *parent; /* "..": the root's is itself; NULL once removed */
	struct tmpfs_dirent *first, *last;
	struct tmpfs_dirent **buckets; /* by hash of the name; NULL: search the list */
	uint32_t bucket_count;	       /* a power of two, or 0 without buckets */
	uint32_t count;		       /* entries, "." and ".." not counted */
	uint64_t added;		       /* entries ever added: the next one's cookie follows */
	struct tmpfs_dirent *resume;   /* where readdir stopped last: its next call goes on there */
};

struct tmpfs_inode {
	uint32_t ino, mode, nlink, uid, gid, rdev;
	uint32_t refs;	/* inode_get's not yet put */
	uint64_t size;	/* regular files and symlinks; a directory's comes from its count */
	uint64_t pages; /* pages it takes of the limit */
	struct vfs_time atime, mtime, ctime;
	union {
		struct tmpfs_pages data; /* S_REG */
		struct tmpfs_dir dir;	 /* S_DIR */
		char *target;		 /* S_LNK: size bytes */
	};
};

struct tmpfs {
	struct tmpfs_options opt;
	uint64_t max_pages, used_pages; /* max_pages 0: no limit */
	uint64_t used_inodes;
	struct tmpfs_inode **table; /* by inode number; [0] is never used */
	uint64_t table_size;
	uint64_t cursor;	 /* where the search for a free number starts */
	struct page_node *spare; /* nodes tmpfs_pages_preload set aside, through slot[0] */
	unsigned spare_count;
	int read_only; /* remounted read-only: every change is -EROFS */
};

/* -EROFS on a read-only file system, else 0: the first check of every change. */
static inline int tmpfs_writable(const struct tmpfs *fs)
{
	return fs->read_only ? -EROFS : 0;
}

static inline uint32_t type_of(const struct tmpfs_inode *n)
{
	return n->mode & S_TYPE;
}

/* super.c */
void tmpfs_now(struct tmpfs *fs, struct vfs_time *t);
/* -ENOSPC unless count more pages fit under the limit. */
int tmpfs_room_for_pages(const struct tmpfs *fs, uint64_t count);

/* inode.c */
#define TIME_ATIME 1
#define TIME_MTIME 2
#define TIME_CTIME 4
struct tmpfs_inode *tmpfs_inode_find(struct tmpfs *fs, uint32_t ino);
int tmpfs_inode_of(struct tmpfs *fs, uint32_t ino, struct tmpfs_inode **out);
int tmpfs_dir_of(struct tmpfs *fs, uint32_t ino, struct tmpfs_inode **out);
int tmpfs_inode_new(struct tmpfs *fs, uint32_t mode, uint32_t uid, uint32_t gid,
		    struct tmpfs_inode **out);
void tmpfs_inode_install(struct tmpfs *fs, struct tmpfs_inode *n);
void tmpfs_inode_destroy(struct tmpfs *fs, struct tmpfs_inode *n);
void tmpfs_inode_release(struct tmpfs *fs, struct tmpfs_inode *n);
void tmpfs_inode_drop_link(struct tmpfs *fs, struct tmpfs_inode *n);
void tmpfs_inode_touch(struct tmpfs *fs, struct tmpfs_inode *n, int which);
void tmpfs_inodes_destroy(struct tmpfs *fs);
int tmpfs_inode_get(void *instance, uint32_t ino);
void tmpfs_inode_put(void *instance, uint32_t ino);
int tmpfs_stat(void *instance, uint32_t ino, struct vfs_stat *st);
int tmpfs_owner(void *instance, uint32_t ino, uint32_t *mode, uint32_t *uid, uint32_t *gid);
int tmpfs_setattr(void *instance, uint32_t ino, const struct vfs_setattr *attr);

/* pages.c */
uint8_t *tmpfs_pages_find(const struct tmpfs_pages *p, uint64_t index);
int tmpfs_pages_preload(struct tmpfs *fs);
void tmpfs_pages_insert(struct tmpfs *fs, struct tmpfs_pages *p, uint64_t index, uint8_t *page);
uint64_t tmpfs_pages_trim(struct tmpfs_pages *p, uint64_t first);
void tmpfs_pages_spare_free(struct tmpfs *fs);

/* data.c */
int64_t tmpfs_read(void *instance, uint32_t ino, uint64_t off, void *buf, size_t len);
int64_t tmpfs_write(void *instance, uint32_t ino, uint64_t off, const void *buf, size_t len);
int tmpfs_truncate(void *instance, uint32_t ino, uint64_t size);
int64_t tmpfs_readlink(void *instance, uint32_t ino, char *buf, size_t size);

/* dir.c */
int tmpfs_check_name(const char *name, size_t len);
int tmpfs_is_dot_or_dotdot(const char *name, size_t len);
uint64_t tmpfs_dir_size(const struct tmpfs_inode *d);
struct tmpfs_dirent *tmpfs_dir_find(struct tmpfs_inode *d, const char *name, size_t len);
int tmpfs_dir_lookup(struct tmpfs_inode *d, const char *name, size_t len, struct tmpfs_inode **out);
struct tmpfs_dirent *tmpfs_dirent_new(const char *name, size_t len);
void tmpfs_dir_add(struct tmpfs *fs, struct tmpfs_inode *d, struct tmpfs_dirent *e,
		   struct tmpfs_inode *n);
void tmpfs_dir_remove(struct tmpfs *fs, struct tmpfs_inode *d, struct tmpfs_dirent *e);
void tmpfs_dir_retarget(struct tmpfs *fs, struct tmpfs_inode *d, struct tmpfs_dirent *e,
			struct tmpfs_inode *n);
void tmpfs_dir_destroy(struct tmpfs_inode *d);
int tmpfs_lookup(void *instance, uint32_t dir, const char *name, size_t len, uint32_t *ino);
int tmpfs_readdir(void *instance, uint32_t dir, uint64_t *cookie, struct vfs_dirent *ent);

/* names.c */
void tmpfs_dir_lose_subdir(struct tmpfs *fs, struct tmpfs_inode *parent, struct tmpfs_inode *d);
int tmpfs_mknod(void *instance, uint32_t dir, const char *name, size_t len, uint32_t mode,
		uint32_t rdev, uint32_t uid, uint32_t gid, uint32_t *ino);
int tmpfs_mkdir(void *instance, uint32_t dir, const char *name, size_t len, uint32_t mode,
		uint32_t uid, uint32_t gid, uint32_t *ino);
int tmpfs_symlink(void *instance, uint32_t dir, const char *name, size_t len, const char *target,
		  size_t tlen, uint32_t uid, uint32_t gid, uint32_t *ino);
int tmpfs_link(void *instance, uint32_t ino, uint32_t dir, const char *name, size_t len);
int tmpfs_unlink(void *instance, uint32_t dir, const char *name, size_t len);
int tmpfs_rmdir(void *instance, uint32_t dir, const char *name, size_t len);

/* rename.c */
int tmpfs_rename(void *instance, uint32_t olddir, const char *oldname, size_t oldlen,
		 uint32_t newdir, const char *newname, size_t newlen);

#endif
