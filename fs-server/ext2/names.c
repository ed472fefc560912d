/* The operations of ext2.h that make and remove names: mknod, mkdir, symlink, link,
 * unlink, rmdir. Each checks its arguments and the inodes it touches before it changes
 * anything. Link counts follow Linux: a directory has 2 plus one per subdirectory. */
#include <errno.h>
#include <string.h>
#include "fs.h"

void drop_link(struct ext2_fs *fs, struct node *n)
{
	if (n->raw.i_links_count)
		n->raw.i_links_count--;
	node_touch(fs, n, TIME_CTIME);
}

/* A directory leaves its parent: no links of its own, one fewer for the parent. */
int unlink_dir(struct ext2_fs *fs, struct node *parent, struct node *n)
{
	int err;
	n->raw.i_links_count = 0;
	node_touch(fs, n, TIME_CTIME);
	err = node_write(fs, n);
	if (err >= 0 && parent->raw.i_links_count > 2)
		parent->raw.i_links_count--;
	return err < 0 ? err : node_write(fs, parent);
}

/* The checks every new name needs: a writable fs, a good name, a directory that does
 * not hold it yet. The directory comes back referenced. */
static int prepare_new_name(struct ext2_fs *fs, uint32_t dir, const char *name, size_t len,
			    struct node **d)
{
	uint32_t ino;
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
		err = dir_lookup(fs, *d, name, len, &ino);
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
		node_set_rdev(n, rdev);
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
	if (tlen <= EXT2_FAST_SYMLINK_MAX) {
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
