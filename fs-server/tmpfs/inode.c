/* Inodes: the table from number to inode, references, the freeing of an inode without
 * links at its last put, and the operations on one inode's attributes (stat, owner,
 * setattr). A number is taken from the table at or after a cursor that goes round it,
 * so a freed number comes back only after the rest of the table's. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "tmpfs_int.h"

#define TABLE_MIN 64 /* the table's first size, in numbers */

struct tmpfs_inode *tmpfs_inode_find(struct tmpfs *fs, uint32_t ino)
{
	return ino < fs->table_size ? fs->table[ino] : NULL;
}

/* Inode ino, which must live: -ENOENT for a number no inode has. */
int tmpfs_inode_of(struct tmpfs *fs, uint32_t ino, struct tmpfs_inode **out)
{
	*out = tmpfs_inode_find(fs, ino);
	return *out ? 0 : -ENOENT;
}

/* Inode ino, which must be a directory. */
int tmpfs_dir_of(struct tmpfs *fs, uint32_t ino, struct tmpfs_inode **out)
{
	int err = tmpfs_inode_of(fs, ino, out);
	if (err < 0)
		return err;
	return type_of(*out) == S_DIR ? 0 : -ENOTDIR;
}

/* Twice the numbers, up to every 32-bit one; the new ones free. */
static int table_grow(struct tmpfs *fs)
{
	uint64_t size = fs->table_size ? fs->table_size * 2 : TABLE_MIN;
	struct tmpfs_inode **table;
	if (size > (uint64_t)INO_MAX + 1)
		size = (uint64_t)INO_MAX + 1;
	if (size == fs->table_size)
		return -ENOSPC;
	table = realloc(fs->table, size * sizeof(*table));
	if (!table)
		return -ENOMEM;
	memset(table + fs->table_size, 0, (size - fs->table_size) * sizeof(*table));
	fs->table = table;
	fs->table_size = size;
	return 0;
}

/* A number no inode has: the first at or after the cursor, going round. The table grows
 * first once three quarters of it are taken (number 0 counted), so one is near. */
static int free_number(struct tmpfs *fs, uint32_t *ino)
{
	uint64_t taken = fs->used_inodes + 1, i;
	int err;
	if (taken * 4 >= fs->table_size * 3) {
		err = table_grow(fs);
		if (err < 0 && taken >= fs->table_size)
			return err;
	}
	for (i = fs->cursor; fs->table[i]; i = i + 1 < fs->table_size ? i + 1 : 1)
		;
	*ino = (uint32_t)i;
	fs->cursor = i + 1 < fs->table_size ? i + 1 : 1;
	return 0;
}

/* A new inode of mode with its times now and no links, not yet in the table (so a
 * later failure frees it with tmpfs_inode_destroy and nothing else changed). */
int tmpfs_inode_new(struct tmpfs *fs, uint32_t mode, uint32_t uid, uint32_t gid,
		    struct tmpfs_inode **out)
{
	struct tmpfs_inode *n;
	uint32_t ino;
	int err;
	if (fs->opt.max_inodes && fs->used_inodes >= fs->opt.max_inodes)
		return -ENOSPC;
	err = free_number(fs, &ino);
	if (err < 0)
		return err;
	n = calloc(1, sizeof(*n));
	if (!n)
		return -ENOMEM;
	n->ino = ino;
	n->mode = mode;
	n->uid = uid;
	n->gid = gid;
	tmpfs_inode_touch(fs, n, TIME_ATIME | TIME_MTIME | TIME_CTIME);
	*out = n;
	return 0;
}

/* The new inode n takes its number. */
void tmpfs_inode_install(struct tmpfs *fs, struct tmpfs_inode *n)
{
	fs->table[n->ino] = n;
	fs->used_inodes++;
}

/* n and all it holds go: its pages, entries or target, and its number. */
void tmpfs_inode_destroy(struct tmpfs *fs, struct tmpfs_inode *n)
{
	if (type_of(n) == S_REG)
		tmpfs_pages_trim(&n->data, 0);
	else if (type_of(n) == S_DIR)
		tmpfs_dir_destroy(n);
	else if (type_of(n) == S_LNK)
		free(n->target);
	fs->used_pages -= n->pages;
	if (tmpfs_inode_find(fs, n->ino) == n) {
		fs->table[n->ino] = NULL;
		fs->used_inodes--;
	}
	free(n);
}

/* n goes if nothing names or holds it any more. */
void tmpfs_inode_release(struct tmpfs *fs, struct tmpfs_inode *n)
{
	if (!n->nlink && !n->refs)
		tmpfs_inode_destroy(fs, n);
}

/* A non-directory loses a name. */
void tmpfs_inode_drop_link(struct tmpfs *fs, struct tmpfs_inode *n)
{
	n->nlink--;
	tmpfs_inode_touch(fs, n, TIME_CTIME);
	tmpfs_inode_release(fs, n);
}

void tmpfs_inode_touch(struct tmpfs *fs, struct tmpfs_inode *n, int which)
{
	struct vfs_time t;
	tmpfs_now(fs, &t);
	if (which & TIME_ATIME)
		n->atime = t;
	if (which & TIME_MTIME)
		n->mtime = t;
	if (which & TIME_CTIME)
		n->ctime = t;
}

/* Every inode, held or not, and the table: the end of the instance. */
void tmpfs_inodes_destroy(struct tmpfs *fs)
{
	uint64_t i;
	for (i = 0; i < fs->table_size; i++)
		if (fs->table[i])
			tmpfs_inode_destroy(fs, fs->table[i]);
	free(fs->table);
	fs->table = NULL;
	fs->table_size = 0;
}

int tmpfs_inode_get(void *instance, uint32_t ino)
{
	struct tmpfs_inode *n;
	int err = tmpfs_inode_of(instance, ino, &n);
	if (err < 0)
		return err;
	n->refs++;
	return 0;
}

void tmpfs_inode_put(void *instance, uint32_t ino)
{
	struct tmpfs_inode *n = tmpfs_inode_find(instance, ino);
	if (!n || !n->refs)
		return;
	n->refs--;
	tmpfs_inode_release(instance, n);
}

int tmpfs_stat(void *instance, uint32_t ino, struct vfs_stat *st)
{
	struct tmpfs_inode *n;
	int err = tmpfs_inode_of(instance, ino, &n);
	if (err < 0)
		return err;
	memset(st, 0, sizeof(*st));
	st->ino = n->ino;
	st->mode = n->mode;
	st->nlink = n->nlink;
	st->uid = n->uid;
	st->gid = n->gid;
	st->rdev = n->rdev;
	st->size = type_of(n) == S_DIR ? tmpfs_dir_size(n) : n->size;
	st->blocks = n->pages * (TMPFS_PAGE_SIZE / 512);
	st->atime = n->atime;
	st->mtime = n->mtime;
	st->ctime = n->ctime;
	return 0;
}

int tmpfs_owner(void *instance, uint32_t ino, uint32_t *mode, uint32_t *uid, uint32_t *gid)
{
	struct tmpfs_inode *n;
	int err = tmpfs_inode_of(instance, ino, &n);
	if (err < 0)
		return err;
	*mode = n->mode;
	*uid = n->uid;
	*gid = n->gid;
	return 0;
}

int tmpfs_setattr(void *instance, uint32_t ino, const struct vfs_setattr *a)
{
	struct tmpfs_inode *n;
	int err = tmpfs_writable(instance);
	if (err >= 0)
		err = tmpfs_inode_of(instance, ino, &n);
	if (err < 0)
		return err;
	if (a->mask & VFS_SET_MODE)
		n->mode = type_of(n) | (a->mode & S_PERMS);
	if (a->mask & VFS_SET_UID)
		n->uid = a->uid;
	if (a->mask & VFS_SET_GID)
		n->gid = a->gid;
	if (a->mask & VFS_SET_ATIME)
		n->atime = a->atime;
	if (a->mask & VFS_SET_MTIME)
		n->mtime = a->mtime;
	if (a->mask & VFS_SET_CTIME)
		n->ctime = a->ctime;
	else
		tmpfs_inode_touch(instance, n, TIME_CTIME);
	return 0;
}
