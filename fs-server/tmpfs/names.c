/* The operations that make and remove names: mknod, mkdir, symlink, link, unlink and
 * rmdir. Each makes ext2's checks in ext2's order and allocates all it needs before it
 * changes anything (decode, then perform). Link counts follow Linux: a directory has 2
 * plus one per subdirectory. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "tmpfs_int.h"

/* A new inode and its entry, ready to go into directory d. */
struct creation {
	struct tmpfs_inode *d, *n;
	struct tmpfs_dirent *e;
};

/* The checks every new name needs: a good name, a directory that is not removed and
 * does not hold the name yet. */
static int check_new_name(struct tmpfs *fs, uint32_t dir, const char *name, size_t len,
			  struct tmpfs_inode **d)
{
	struct tmpfs_inode *n;
	int err = tmpfs_writable(fs);
	if (err >= 0)
		err = tmpfs_check_name(name, len);
	if (err >= 0)
		err = tmpfs_dir_of(fs, dir, d);
	if (err < 0)
		return err;
	if (!(*d)->nlink)
		return -ENOENT; /* a removed directory takes no new names */
	return tmpfs_dir_lookup(*d, name, len, &n) == 0 ? -EEXIST : 0;
}

/* Decide: the checks and the allocations for a new inode of mode called name in dir. */
static int creation_prepare(struct tmpfs *fs, uint32_t dir, const char *name, size_t len,
			    uint32_t mode, uint32_t uid, uint32_t gid, struct creation *c)
{
	int err = check_new_name(fs, dir, name, len, &c->d);
	if (err >= 0)
		err = tmpfs_inode_new(fs, mode, uid, gid, &c->n);
	if (err < 0)
		return err;
	c->e = tmpfs_dirent_new(name, len);
	if (!c->e) {
		tmpfs_inode_destroy(fs, c->n);
		return -ENOMEM;
	}
	return 0;
}

/* What creation_prepare allocated goes again. */
static void creation_abandon(struct tmpfs *fs, struct creation *c)
{
	free(c->e);
	tmpfs_inode_destroy(fs, c->n);
}

/* Perform: the new inode takes its number and its name, with nlink links. */
static void creation_perform(struct tmpfs *fs, struct creation *c, uint32_t nlink, uint32_t *ino)
{
	c->n->nlink = nlink;
	tmpfs_inode_install(fs, c->n);
	tmpfs_dir_add(fs, c->d, c->e, c->n);
	if (ino)
		*ino = c->n->ino;
}

int tmpfs_mknod(void *instance, uint32_t dir, const char *name, size_t len, uint32_t mode,
		uint32_t rdev, uint32_t uid, uint32_t gid, uint32_t *ino)
{
	uint32_t type = mode & S_TYPE;
	struct creation c;
	int err;
	if (type != S_REG && type != S_FIFO && type != S_SOCK && type != S_CHR && type != S_BLK)
		return -EINVAL;
	err = creation_prepare(instance, dir, name, len, type | (mode & S_PERMS), uid, gid, &c);
	if (err < 0)
		return err;
	if (type == S_CHR || type == S_BLK)
		c.n->rdev = rdev;
	creation_perform(instance, &c, 1, ino);
	return 0;
}

int tmpfs_mkdir(void *instance, uint32_t dir, const char *name, size_t len, uint32_t mode,
		uint32_t uid, uint32_t gid, uint32_t *ino)
{
	struct creation c;
	int err =
		creation_prepare(instance, dir, name, len, S_DIR | (mode & S_PERMS), uid, gid, &c);
	if (err < 0)
		return err;
	c.n->dir.parent = c.d;
	creation_perform(instance, &c, 2, ino);
	c.d->nlink++;
	return 0;
}

int tmpfs_symlink(void *instance, uint32_t dir, const char *name, size_t len, const char *target,
		  size_t tlen, uint32_t uid, uint32_t gid, uint32_t *ino)
{
	struct tmpfs *fs = instance;
	uint64_t pages = tlen >= SHORT_TARGET_LEN;
	struct creation c;
	char *copy = NULL;
	int err;
	if (!tlen)
		return -ENOENT;
	if (tlen > TARGET_MAX_LEN)
		return -ENAMETOOLONG;
	err = creation_prepare(fs, dir, name, len, S_LNK | 0777, uid, gid, &c);
	if (err < 0)
		return err;
	err = tmpfs_room_for_pages(fs, pages);
	if (err >= 0 && !(copy = malloc(tlen)))
		err = -ENOMEM;
	if (err < 0) {
		creation_abandon(fs, &c);
		return err;
	}
	memcpy(copy, target, tlen);
	c.n->target = copy;
	c.n->size = tlen;
	c.n->pages = pages;
	fs->used_pages += pages;
	creation_perform(fs, &c, 1, ino);
	return 0;
}

int tmpfs_link(void *instance, uint32_t ino, uint32_t dir, const char *name, size_t len)
{
	struct tmpfs_inode *n, *d;
	struct tmpfs_dirent *e;
	int err = tmpfs_writable(instance);
	if (err >= 0)
		err = tmpfs_inode_of(instance, ino, &n);
	if (err < 0)
		return err;
	if (type_of(n) == S_DIR)
		return -EPERM;
	if (!n->nlink)
		return -ENOENT;
	err = check_new_name(instance, dir, name, len, &d);
	if (err < 0)
		return err;
	e = tmpfs_dirent_new(name, len);
	if (!e)
		return -ENOMEM;
	tmpfs_dir_add(instance, d, e, n);
	n->nlink++;
	tmpfs_inode_touch(instance, n, TIME_CTIME);
	return 0;
}

/* The entry name in directory dir and the inode it names, for a removal; the entry
 * is NULL for "." and "..", which name directories. */
static int find_victim(struct tmpfs *fs, uint32_t dir, const char *name, size_t len,
		       struct tmpfs_inode **d, struct tmpfs_dirent **e, struct tmpfs_inode **n)
{
	int err = tmpfs_writable(fs);
	if (err >= 0)
		err = tmpfs_check_name(name, len);
	if (err >= 0)
		err = tmpfs_dir_of(fs, dir, d);
	if (err >= 0)
		err = tmpfs_dir_lookup(*d, name, len, n);
	if (err >= 0)
		*e = tmpfs_dir_find(*d, name, len);
	return err;
}

int tmpfs_unlink(void *instance, uint32_t dir, const char *name, size_t len)
{
	struct tmpfs_inode *d, *n;
	struct tmpfs_dirent *e;
	int err = find_victim(instance, dir, name, len, &d, &e, &n);
	if (err < 0)
		return err;
	if (type_of(n) == S_DIR)
		return -EISDIR;
	tmpfs_dir_remove(instance, d, e);
	tmpfs_inode_drop_link(instance, n);
	return 0;
}

/* Directory d, its entry gone from parent, is removed: no links, no names, one link
 * fewer for the parent; freed now unless held. */
void tmpfs_dir_lose_subdir(struct tmpfs *fs, struct tmpfs_inode *parent, struct tmpfs_inode *d)
{
	parent->nlink--;
	d->nlink = 0;
	d->dir.parent = NULL;
	tmpfs_inode_touch(fs, d, TIME_CTIME);
	tmpfs_inode_release(fs, d);
}

int tmpfs_rmdir(void *instance, uint32_t dir, const char *name, size_t len)
{
	struct tmpfs_inode *d, *n;
	struct tmpfs_dirent *e;
	int err;
	if (len == 1 && name[0] == '.')
		return -EINVAL;
	if (len == 2 && name[0] == '.' && name[1] == '.')
		return -ENOTEMPTY;
	err = find_victim(instance, dir, name, len, &d, &e, &n);
	if (err < 0)
		return err;
	if (type_of(n) != S_DIR)
		return -ENOTDIR;
	if (n->dir.count)
		return -ENOTEMPTY;
	tmpfs_dir_remove(instance, d, e);
	tmpfs_dir_lose_subdir(instance, d, n);
	return 0;
}
