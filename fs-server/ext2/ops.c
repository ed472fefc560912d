/* The operations of ext2.h on one inode: stat, lookup, readdir, read, write, truncate,
 * readlink and setattr; and the checks of names and directories every operation uses.
 * Each checks its arguments and the inodes it touches before it changes anything. */
#include <errno.h>
#include <string.h>
#include "fs.h"

int check_name(const char *name, size_t len)
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

int is_dot_or_dotdot(const char *name, size_t len)
{
	return (len == 1 && name[0] == '.') || (len == 2 && name[0] == '.' && name[1] == '.');
}

int get_dir(struct ext2_fs *fs, uint32_t ino, struct node **out)
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

static uint32_t uid_of(const struct node *n)
{
	return n->raw.i_uid | (uint32_t)n->raw.l_i_uid_high << 16;
}

static uint32_t gid_of(const struct node *n)
{
	return n->raw.i_gid | (uint32_t)n->raw.l_i_gid_high << 16;
}

int ext2_owner(struct ext2_fs *fs, uint32_t ino, uint32_t *mode, uint32_t *uid, uint32_t *gid)
{
	struct node *n;
	int err = node_get(fs, ino, &n);
	if (err < 0)
		return err;
	*mode = n->raw.i_mode;
	*uid = uid_of(n);
	*gid = gid_of(n);
	node_put(fs, n);
	return 0;
}

int ext2_stat(struct ext2_fs *fs, uint32_t ino, struct vfs_stat *st)
{
	struct node *n;
	int err = node_get(fs, ino, &n);
	if (err < 0)
		return err;
	uint32_t type = node_type(n), extra = node_extra_mask(n);
	const struct ext2_inode *i = &n->raw;
	st->ino = ino;
	st->mode = i->i_mode;
	st->nlink = i->i_links_count;
	st->uid = uid_of(n);
	st->gid = gid_of(n);
	st->rdev = type == EXT2_S_IFCHR || type == EXT2_S_IFBLK ? node_rdev(n) : 0;
	st->size = node_size(n);
	st->blocks = i->i_blocks;
	st->atime = time_decode(i->i_atime, i->i_atime_extra & extra);
	st->mtime = time_decode(i->i_mtime, i->i_mtime_extra & extra);
	st->ctime = time_decode(i->i_ctime, i->i_ctime_extra & extra);
	st->flags = i->i_flags;
	node_put(fs, n);
	return 0;
}

int ext2_lookup(struct ext2_fs *fs, uint32_t dir, const char *name, size_t len, uint32_t *ino)
{
	struct node *d;
	int err = check_name(name, len);
	if (err < 0)
		return err;
	err = get_dir(fs, dir, &d);
	if (err < 0)
		return err;
	err = dir_lookup(fs, d, name, len, ino);
	node_put(fs, d);
	return err;
}

int ext2_readdir(struct ext2_fs *fs, uint32_t dir, uint64_t *cookie, struct vfs_dirent *ent)
{
	struct node *d;
	int err = get_dir(fs, dir, &d);
	if (err < 0)
		return err;
	err = dir_next(fs, d, cookie, ent);
	node_put(fs, d);
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
		 (node_is_fast_symlink(fs, n) && len > EXT2_FAST_SYMLINK_MAX)) {
		complain(fs, "bad symlink length in inode", ino);
		r = -EUCLEAN;
	}
	if (r >= 0 && len > size)
		len = size;
	if (r >= 0 && node_is_fast_symlink(fs, n)) {
		memcpy(buf, n->raw.i_block, len);
		r = (int64_t)len;
	} else if (r >= 0) {
		r = file_read(fs, n, 0, buf, len);
	}
	node_put(fs, n);
	return r;
}

int ext2_setattr(struct ext2_fs *fs, uint32_t ino, const struct vfs_setattr *a)
{
	struct node *n;
	int err;
	if (fs->read_only)
		return -EROFS;
	err = node_get(fs, ino, &n);
	if (err < 0)
		return err;
	if (a->mask & VFS_SET_MODE)
		n->raw.i_mode = (uint16_t)((n->raw.i_mode & EXT2_S_IFMT) | (a->mode & 07777));
	if (a->mask & VFS_SET_UID) {
		n->raw.i_uid = (uint16_t)a->uid;
		n->raw.l_i_uid_high = (uint16_t)(a->uid >> 16);
	}
	if (a->mask & VFS_SET_GID) {
		n->raw.i_gid = (uint16_t)a->gid;
		n->raw.l_i_gid_high = (uint16_t)(a->gid >> 16);
	}
	if (a->mask & VFS_SET_ATIME)
		node_set_time(fs, n, TIME_ATIME, &a->atime);
	if (a->mask & VFS_SET_MTIME)
		node_set_time(fs, n, TIME_MTIME, &a->mtime);
	if (a->mask & VFS_SET_CTIME)
		node_set_time(fs, n, TIME_CTIME, &a->ctime);
	else
		node_touch(fs, n, TIME_CTIME);
	err = node_write(fs, n);
	node_put(fs, n);
	return err;
}
