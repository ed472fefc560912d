/* The operations of ext2.h: each checks its arguments and the inodes it touches before
 * it changes anything, then changes directories and inodes through dir.c, file.c and
 * inode.c. Link counts follow Linux: a directory has 2 plus one per subdirectory. */
#include <errno.h>
#include <string.h>
#include "fs.h"

#define FAST_SYMLINK_MAX (sizeof(((struct ext2_inode *)0)->i_block) - 1)
/* Directories above any directory, at most: a longer ".." chain is a loop. */
#define MAX_DEPTH 4096

static int check_name(const char *name, size_t len)
{
	if (!len)
		return -ENOENT;
	if (len > EXT2_NAME_LEN)
		return -ENAMETOOLONG;
	while (len--)
		if (name[len] == '/' || !name[len])
			return -EINVAL;
	return 0;
}

static int is_dot_or_dotdot(const char *name, size_t len)
{
	return (len == 1 && name[0] == '.') || (len == 2 && name[0] == '.' && name[1] == '.');
}

static int get_dir(struct ext2_fs *fs, uint32_t ino, struct node **out)
{
	int err = node_get(fs, ino, out);
	if (err < 0)
		return err;
	if (!node_is_dir(*out)) {
		node_put(fs, *out);
		return -ENOTDIR;
	}
	return 0;
}

/* Linux's st_rdev encoding from and to major and minor. */
static uint32_t rdev_encode(uint32_t major, uint32_t minor)
{
	return (minor & 0xff) | ((major & 0xfff) << 8) | ((minor & ~0xffu) << 12);
}

static uint32_t node_rdev(const struct node *n)
{
	uint32_t old = n->raw.i_block[0], new = n->raw.i_block[1];
	if (old)
		return rdev_encode((old >> 8) & 0xff, old & 0xff);
	return new;
}

/* As Linux's ext2: the old 16-bit encoding in i_block[0] when it fits, else the new
 * one in i_block[1]. */
static void set_rdev(struct node *n, uint32_t rdev)
{
	uint32_t major = (rdev & 0xfff00) >> 8, minor = (rdev & 0xff) | ((rdev >> 12) & 0xfff00);
	if (major < 256 && minor < 256)
		n->raw.i_block[0] = (major << 8) | minor;
	else
		n->raw.i_block[1] = rdev;
}

int ext2_stat(struct ext2_fs *fs, uint32_t ino, struct ext2_stat *st)
{
	struct node *n;
	int err = node_get(fs, ino, &n);
	uint32_t type;
	if (err < 0)
		return err;
	type = node_type(n);
	memset(st, 0, sizeof(*st));
	st->ino = ino;
	st->mode = n->raw.i_mode;
	st->nlink = n->raw.i_links_count;
	st->uid = n->raw.i_uid | (uint32_t)n->raw.l_i_uid_high << 16;
	st->gid = n->raw.i_gid | (uint32_t)n->raw.l_i_gid_high << 16;
	if (type == EXT2_S_IFCHR || type == EXT2_S_IFBLK)
		st->rdev = node_rdev(n);
	st->size = node_size(n);
	st->blocks = n->raw.i_blocks;
	st->flags = n->raw.i_flags;
	node_get_time(fs, n, TIME_ATIME, &st->atime);
	node_get_time(fs, n, TIME_MTIME, &st->mtime);
	node_get_time(fs, n, TIME_CTIME, &st->ctime);
	node_put(fs, n);
	return 0;
}

int ext2_lookup(struct ext2_fs *fs, uint32_t dir, const char *name, size_t len, uint32_t *ino)
{
	struct dir_slot slot;
	struct node *d;
	int err = check_name(name, len);
	if (err < 0)
		return err;
	err = get_dir(fs, dir, &d);
	if (err < 0)
		return err;
	err = dir_find(fs, d, name, len, &slot);
	node_put(fs, d);
	if (err >= 0)
		*ino = slot.ino;
	return err;
}

int ext2_readdir(struct ext2_fs *fs, uint32_t dir, uint64_t *cookie, struct ext2_dirent *ent)
{
	struct node *d;
	int err = get_dir(fs, dir, &d);
	if (err < 0)
		return err;
	err = dir_next(fs, d, cookie, ent);
	node_put(fs, d);
	return err;
}

/* Inode ino, which must be a regular file. */
static int get_file(struct ext2_fs *fs, uint32_t ino, struct node **out)
{
	int err = node_get(fs, ino, out);
	if (err < 0)
		return err;
	if (node_type(*out) == EXT2_S_IFREG)
		return 0;
	err = node_is_dir(*out) ? -EISDIR : -EINVAL;
	node_put(fs, *out);
	return err;
}

int64_t ext2_read(struct ext2_fs *fs, uint32_t ino, uint64_t off, void *buf, size_t len)
{
	struct node *n;
	int64_t r = get_file(fs, ino, &n);
	if (r < 0)
		return r;
	r = file_read(fs, n, off, buf, len);
	node_put(fs, n);
	return r;
}

int64_t ext2_write(struct ext2_fs *fs, uint32_t ino, uint64_t off, const void *buf, size_t len)
{
	struct node *n;
	int64_t r;
	if (fs->read_only)
		return -EROFS;
	r = get_file(fs, ino, &n);
	if (r < 0)
		return r;
	r = file_write(fs, n, off, buf, len);
	node_put(fs, n);
	return r;
}

int ext2_truncate(struct ext2_fs *fs, uint32_t ino, uint64_t size)
{
	struct node *n;
	int err;
	if (fs->read_only)
		return -EROFS;
	err = get_file(fs, ino, &n);
	if (err < 0)
		return err;
	err = file_truncate(fs, n, size);
	node_put(fs, n);
	return err;
}

/* The checks every new name needs: a writable fs, a good name, a directory that does
 * not hold it yet. The directory comes back referenced. */
static int prepare_new_name(struct ext2_fs *fs, uint32_t dir, const char *name, size_t len,
			    struct node **d)
{
	struct dir_slot slot;
	int err;
	if (fs->read_only)
		return -EROFS;
	err = check_name(name, len);
	if (err < 0)
		return err;
	err = get_dir(fs, dir, d);
	if (err < 0)
		return err;
	if (!(*d)->raw.i_links_count)
		err = -ENOENT; /* a removed directory takes no new names */
	else
		err = dir_find(fs, *d, name, len, &slot);
	if (err == -ENOENT)
		return 0;
	node_put(fs, *d);
	return err < 0 ? err : -EEXIST;
}

/* A new inode of mode in directory d's neighbourhood, one link, referenced. */
static int new_inode(struct ext2_fs *fs, struct node *d, uint32_t mode, uint32_t uid, uint32_t gid,
		     struct node **out)
{
	uint32_t ino;
	int err = alloc_inode(fs, d->ino, (mode & EXT2_S_IFMT) == EXT2_S_IFDIR, &ino);
	if (err < 0)
		return err;
	err = node_new(fs, ino, mode, uid, gid, out);
	if (err < 0) {
		free_inode(fs, ino, (mode & EXT2_S_IFMT) == EXT2_S_IFDIR);
		return err;
	}
	(*out)->raw.i_links_count = 1;
	return node_write(fs, *out);
}

/* Name the new inode n in d (a new directory's ".." links d); on failure n loses its
 * links and goes with its last put. */
static int finish_new(struct ext2_fs *fs, struct node *d, const char *name, size_t len,
		      struct node *n, int err, uint32_t *ino)
{
	if (err >= 0)
		err = dir_add(fs, d, name, len, n->ino, n->raw.i_mode);
	if (err >= 0 && node_is_dir(n)) {
		d->raw.i_links_count++;
		err = node_write(fs, d);
	}
	if (err < 0)
		n->raw.i_links_count = 0;
	else if (ino)
		*ino = n->ino;
	node_put(fs, n);
	node_put(fs, d);
	return err;
}

int ext2_mknod(struct ext2_fs *fs, uint32_t dir, const char *name, size_t len, uint32_t mode,
	       uint32_t rdev, uint32_t uid, uint32_t gid, uint32_t *ino)
{
	struct node *d, *n;
	uint32_t type = mode & EXT2_S_IFMT;
	int err;
	if (type != EXT2_S_IFREG && type != EXT2_S_IFIFO && type != EXT2_S_IFSOCK &&
	    type != EXT2_S_IFCHR && type != EXT2_S_IFBLK)
		return -EINVAL;
	err = prepare_new_name(fs, dir, name, len, &d);
	if (err < 0)
		return err;
	err = new_inode(fs, d, type | (mode & 07777), uid, gid, &n);
	if (err < 0) {
		node_put(fs, d);
		return err;
	}
	if (type == EXT2_S_IFCHR || type == EXT2_S_IFBLK) {
		set_rdev(n, rdev);
		err = node_write(fs, n);
	}
	return finish_new(fs, d, name, len, n, err, ino);
}

int ext2_mkdir(struct ext2_fs *fs, uint32_t dir, const char *name, size_t len, uint32_t mode,
	       uint32_t uid, uint32_t gid, uint32_t *ino)
{
	struct node *d, *n;
	int err = prepare_new_name(fs, dir, name, len, &d);
	if (err < 0)
		return err;
	if (d->raw.i_links_count >= EXT2_LINK_MAX) {
		node_put(fs, d);
		return -EMLINK;
	}
	err = new_inode(fs, d, EXT2_S_IFDIR | (mode & 07777), uid, gid, &n);
	if (err < 0) {
		node_put(fs, d);
		return err;
	}
	n->raw.i_links_count = 2;
	err = dir_init(fs, n, d->ino);
	return finish_new(fs, d, name, len, n, err, ino);
}

static int write_target(struct ext2_fs *fs, struct node *n, const char *target, size_t tlen)
{
	int64_t r;
	if (tlen <= FAST_SYMLINK_MAX) {
		memcpy(n->raw.i_block, target, tlen);
		node_set_size(n, tlen);
		return node_write(fs, n);
	}
	r = file_write(fs, n, 0, target, tlen);
	if (r < 0)
		return (int)r;
	return r == (int64_t)tlen ? 0 : -ENOSPC;
}

int ext2_symlink(struct ext2_fs *fs, uint32_t dir, const char *name, size_t len, const char *target,
		 size_t tlen, uint32_t uid, uint32_t gid, uint32_t *ino)
{
	struct node *d, *n;
	int err;
	if (!tlen)
		return -ENOENT;
	if (tlen >= fs->block_size)
		return -ENAMETOOLONG;
	err = prepare_new_name(fs, dir, name, len, &d);
	if (err < 0)
		return err;
	err = new_inode(fs, d, EXT2_S_IFLNK | 0777, uid, gid, &n);
	if (err < 0) {
		node_put(fs, d);
		return err;
	}
	err = write_target(fs, n, target, tlen);
	return finish_new(fs, d, name, len, n, err, ino);
}

/* A fast symlink keeps its target in i_block: it has no blocks but an attribute one. */
static int is_fast_symlink(struct ext2_fs *fs, const struct node *n)
{
	uint32_t acl = n->raw.i_file_acl ? fs->block_size / 512 : 0;
	return n->raw.i_blocks == acl;
}

int64_t ext2_readlink(struct ext2_fs *fs, uint32_t ino, char *buf, size_t size)
{
	struct node *n;
	uint64_t len;
	int64_t r = node_get(fs, ino, &n);
	if (r < 0)
		return r;
	len = node_size(n);
	if (node_type(n) != EXT2_S_IFLNK)
		r = -EINVAL;
	else if (!len || len >= fs->block_size ||
		 (is_fast_symlink(fs, n) && len > FAST_SYMLINK_MAX)) {
		complain(fs, "bad symlink length in inode", ino);
		r = -EUCLEAN;
	}
	if (r >= 0 && len > size)
		len = size;
	if (r >= 0 && is_fast_symlink(fs, n)) {
		memcpy(buf, n->raw.i_block, len);
		r = (int64_t)len;
	} else if (r >= 0) {
		r = file_read(fs, n, 0, buf, len);
	}
	node_put(fs, n);
	return r;
}

int ext2_link(struct ext2_fs *fs, uint32_t ino, uint32_t dir, const char *name, size_t len)
{
	struct node *d, *n;
	int err = node_get(fs, ino, &n);
	if (err < 0)
		return err;
	if (node_is_dir(n))
		err = -EPERM;
	else if (n->raw.i_links_count >= EXT2_LINK_MAX)
		err = -EMLINK;
	else if (!n->raw.i_links_count)
		err = -ENOENT;
	if (err >= 0)
		err = prepare_new_name(fs, dir, name, len, &d);
	if (err < 0) {
		node_put(fs, n);
		return err;
	}
	err = dir_add(fs, d, name, len, n->ino, n->raw.i_mode);
	if (err >= 0) {
		n->raw.i_links_count++;
		node_touch(fs, n, TIME_CTIME);
		err = node_write(fs, n);
	}
	node_put(fs, d);
	node_put(fs, n);
	return err;
}

/* The entry name in dir and its inode, both referenced, for a removal. */
static int find_victim(struct ext2_fs *fs, uint32_t dir, const char *name, size_t len,
		       struct node **d, struct dir_slot *slot, struct node **n)
{
	int err;
	if (fs->read_only)
		return -EROFS;
	err = check_name(name, len);
	if (err < 0)
		return err;
	err = get_dir(fs, dir, d);
	if (err < 0)
		return err;
	err = dir_find(fs, *d, name, len, slot);
	if (err >= 0)
		err = node_get(fs, slot->ino, n);
	if (err < 0)
		node_put(fs, *d);
	return err;
}

static void drop_link(struct ext2_fs *fs, struct node *n)
{
	if (n->raw.i_links_count)
		n->raw.i_links_count--;
	node_touch(fs, n, TIME_CTIME);
}

int ext2_unlink(struct ext2_fs *fs, uint32_t dir, const char *name, size_t len)
{
	struct dir_slot slot;
	struct node *d, *n;
	int err = find_victim(fs, dir, name, len, &d, &slot, &n);
	if (err < 0)
		return err;
	if (node_is_dir(n))
		err = -EISDIR;
	if (err >= 0)
		err = dir_remove(fs, d, &slot);
	if (err >= 0) {
		drop_link(fs, n);
		err = node_write(fs, n);
	}
	node_put(fs, n);
	node_put(fs, d);
	return err;
}

/* A directory leaves its parent: no links of its own, one fewer for the parent. */
static int unlink_dir(struct ext2_fs *fs, struct node *parent, struct node *n)
{
	int err;
	n->raw.i_links_count = 0;
	node_touch(fs, n, TIME_CTIME);
	err = node_write(fs, n);
	if (err >= 0 && parent->raw.i_links_count > 2)
		parent->raw.i_links_count--;
	return err < 0 ? err : node_write(fs, parent);
}

int ext2_rmdir(struct ext2_fs *fs, uint32_t dir, const char *name, size_t len)
{
	struct dir_slot slot;
	struct node *d, *n;
	int err;
	if (len == 1 && name[0] == '.')
		return -EINVAL;
	if (len == 2 && name[0] == '.' && name[1] == '.')
		return -ENOTEMPTY;
	err = find_victim(fs, dir, name, len, &d, &slot, &n);
	if (err < 0)
		return err;
	if (!node_is_dir(n))
		err = -ENOTDIR;
	if (err >= 0)
		err = dir_is_empty(fs, n);
	if (err == 0)
		err = -ENOTEMPTY;
	if (err > 0)
		err = dir_remove(fs, d, &slot);
	if (err >= 0)
		err = unlink_dir(fs, d, n);
	node_put(fs, n);
	node_put(fs, d);
	return err;
}

/* Whether directory `inside` is dir or below it: -EINVAL if so, following "..". */
static int check_not_below(struct ext2_fs *fs, uint32_t dir, uint32_t inside)
{
	struct dir_slot slot;
	struct node *n;
	uint32_t cur = inside;
	int depth, err;
	for (depth = 0; depth < MAX_DEPTH; depth++) {
		if (cur == dir)
			return -EINVAL;
		if (cur == EXT2_ROOT_INO)
			return 0;
		err = get_dir(fs, cur, &n);
		if (err >= 0) {
			err = dir_find(fs, n, "..", 2, &slot);
			node_put(fs, n);
		}
		if (err < 0)
			return err == -ENOENT || err == -ENOTDIR ? -EUCLEAN : err;
		cur = slot.ino;
	}
	complain(fs, "directory chain through \"..\" too deep from inode", inside);
	return -EUCLEAN;
}

struct rename {
	struct node *od, *nd, *src, *dst;
	struct dir_slot oslot, nslot;
};

/* What must hold before anything changes (decode, then perform). */
static int rename_check(struct ext2_fs *fs, struct rename *r)
{
	int moving_dir = node_is_dir(r->src) && r->od != r->nd, err = 0;
	if (moving_dir)
		err = check_not_below(fs, r->src->ino, r->nd->ino);
	if (err < 0)
		return err;
	if (!r->dst)
		return moving_dir && r->nd->raw.i_links_count >= EXT2_LINK_MAX ? -EMLINK : 0;
	if (node_is_dir(r->src) && !node_is_dir(r->dst))
		return -ENOTDIR;
	if (!node_is_dir(r->src) && node_is_dir(r->dst))
		return -EISDIR;
	if (!node_is_dir(r->dst))
		return 0;
	err = dir_is_empty(fs, r->dst);
	return err == 0 ? -ENOTEMPTY : err < 0 ? err : 0;
}

static int rename_perform(struct ext2_fs *fs, struct rename *r, const char *oldname, size_t oldlen,
			  const char *newname, size_t newlen)
{
	int moving_dir = node_is_dir(r->src) && r->od != r->nd, err;
	struct dir_slot dotdot;
	if (r->dst)
		err = dir_retarget(fs, r->nd, &r->nslot, r->src->ino, r->src->raw.i_mode);
	else
		err = dir_add(fs, r->nd, newname, newlen, r->src->ino, r->src->raw.i_mode);
	if (err >= 0 && r->dst && node_is_dir(r->dst))
		err = unlink_dir(fs, r->nd, r->dst);
	else if (err >= 0 && r->dst) {
		drop_link(fs, r->dst);
		err = node_write(fs, r->dst);
	}
	/* The old entry again: adding to the same directory may have moved it. */
	if (err >= 0)
		err = dir_find(fs, r->od, oldname, oldlen, &r->oslot);
	if (err >= 0)
		err = dir_remove(fs, r->od, &r->oslot);
	if (err >= 0 && moving_dir)
		err = dir_find(fs, r->src, "..", 2, &dotdot);
	if (err >= 0 && moving_dir)
		err = dir_retarget(fs, r->src, &dotdot, r->nd->ino, EXT2_S_IFDIR);
	if (err >= 0 && moving_dir) {
		r->od->raw.i_links_count--;
		r->nd->raw.i_links_count++;
		err = node_write(fs, r->od);
		if (err >= 0)
			err = node_write(fs, r->nd);
	}
	node_touch(fs, r->src, TIME_CTIME);
	return err < 0 ? err : node_write(fs, r->src);
}

static void rename_release(struct ext2_fs *fs, struct rename *r)
{
	if (r->dst)
		node_put(fs, r->dst);
	if (r->src)
		node_put(fs, r->src);
	if (r->nd)
		node_put(fs, r->nd);
	if (r->od)
		node_put(fs, r->od);
}

static int rename_gather(struct ext2_fs *fs, struct rename *r, uint32_t olddir, const char *oldname,
			 size_t oldlen, uint32_t newdir, const char *newname, size_t newlen)
{
	int err = get_dir(fs, olddir, &r->od);
	if (err >= 0)
		err = get_dir(fs, newdir, &r->nd);
	if (err >= 0)
		err = dir_find(fs, r->od, oldname, oldlen, &r->oslot);
	if (err >= 0)
		err = node_get(fs, r->oslot.ino, &r->src);
	if (err < 0)
		return err;
	err = dir_find(fs, r->nd, newname, newlen, &r->nslot);
	if (err == -ENOENT)
		return 0;
	if (err >= 0)
		err = node_get(fs, r->nslot.ino, &r->dst);
	return err;
}

int ext2_rename(struct ext2_fs *fs, uint32_t olddir, const char *oldname, size_t oldlen,
		uint32_t newdir, const char *newname, size_t newlen)
{
	struct rename r = { 0 };
	int err;
	if (fs->read_only)
		return -EROFS;
	err = check_name(oldname, oldlen);
	if (err >= 0)
		err = check_name(newname, newlen);
	if (err < 0)
		return err;
	if (is_dot_or_dotdot(oldname, oldlen) || is_dot_or_dotdot(newname, newlen))
		return -EINVAL;
	err = rename_gather(fs, &r, olddir, oldname, oldlen, newdir, newname, newlen);
	if (err >= 0 && r.dst == r.src) {
		rename_release(fs, &r);
		return 0;
	}
	if (err >= 0)
		err = rename_check(fs, &r);
	if (err >= 0)
		err = rename_perform(fs, &r, oldname, oldlen, newname, newlen);
	rename_release(fs, &r);
	return err;
}

int ext2_setattr(struct ext2_fs *fs, uint32_t ino, const struct ext2_setattr *a)
{
	struct node *n;
	int err;
	if (fs->read_only)
		return -EROFS;
	err = node_get(fs, ino, &n);
	if (err < 0)
		return err;
	if (a->mask & EXT2_SET_MODE)
		n->raw.i_mode = (uint16_t)((n->raw.i_mode & EXT2_S_IFMT) | (a->mode & 07777));
	if (a->mask & EXT2_SET_UID) {
		n->raw.i_uid = (uint16_t)a->uid;
		n->raw.l_i_uid_high = (uint16_t)(a->uid >> 16);
	}
	if (a->mask & EXT2_SET_GID) {
		n->raw.i_gid = (uint16_t)a->gid;
		n->raw.l_i_gid_high = (uint16_t)(a->gid >> 16);
	}
	if (a->mask & EXT2_SET_ATIME)
		node_set_time(fs, n, TIME_ATIME, &a->atime);
	if (a->mask & EXT2_SET_MTIME)
		node_set_time(fs, n, TIME_MTIME, &a->mtime);
	if (a->mask & EXT2_SET_CTIME)
		node_set_time(fs, n, TIME_CTIME, &a->ctime);
	else
		node_touch(fs, n, TIME_CTIME);
	err = node_write(fs, n);
	node_put(fs, n);
	return err;
}
