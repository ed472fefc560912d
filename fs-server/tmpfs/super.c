/* The instance: mount (the root directory), the limits and statfs, unmount (everything
 * freed), the operations a memory file system has nothing to do for, and the table of
 * operations the fs-server calls. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "tmpfs_int.h"

void tmpfs_now(struct tmpfs *fs, struct vfs_time *t)
{
	t->sec = 0;
	t->nsec = 0;
	if (fs->opt.now)
		fs->opt.now(fs->opt.ctx, t);
}

int tmpfs_room_for_pages(const struct tmpfs *fs, uint64_t count)
{
	if (fs->max_pages && count > fs->max_pages - fs->used_pages)
		return -ENOSPC;
	return 0;
}

/* The root directory: its own parent, never removed. */
static int make_root(struct tmpfs *fs)
{
	struct tmpfs_inode *root;
	int err = tmpfs_inode_new(fs, S_DIR | (fs->opt.mode & S_PERMS), fs->opt.uid, fs->opt.gid,
				  &root);
	if (err < 0)
		return err;
	root->nlink = 2;
	root->dir.parent = root;
	tmpfs_inode_install(fs, root);
	return 0;
}

int tmpfs_mount(const struct tmpfs_options *opt, struct tmpfs **out)
{
	struct tmpfs *fs;
	int err;
	if (opt->max_inodes > INO_MAX)
		return -EINVAL;
	fs = calloc(1, sizeof(*fs));
	if (!fs)
		return -ENOMEM;
	fs->opt = *opt;
	fs->max_pages = opt->max_bytes / TMPFS_PAGE_SIZE + (opt->max_bytes % TMPFS_PAGE_SIZE != 0);
	fs->cursor = TMPFS_ROOT;
	err = make_root(fs);
	if (err < 0) {
		free(fs->table);
		free(fs);
		return err;
	}
	*out = fs;
	return 0;
}

static int tmpfs_unmount(void *instance)
{
	struct tmpfs *fs = instance;
	tmpfs_inodes_destroy(fs);
	tmpfs_pages_spare_free(fs);
	free(fs);
	return 0;
}

static int tmpfs_statfs(void *instance, struct vfs_statfs *st)
{
	struct tmpfs *fs = instance;
	memset(st, 0, sizeof(*st));
	st->block_size = TMPFS_PAGE_SIZE;
	st->blocks = fs->max_pages ? fs->max_pages : fs->used_pages;
	st->free_blocks = st->blocks - fs->used_pages;
	st->inodes = fs->opt.max_inodes ? fs->opt.max_inodes : fs->used_inodes;
	st->free_inodes = st->inodes - fs->used_inodes;
	st->name_max = NAME_MAX_LEN;
	st->max_file_size = MAX_FILE_SIZE;
	return 0;
}

/* Nothing is ever waiting to be written. */
static int tmpfs_sync(void *instance)
{
	(void)instance;
	return 0;
}

/* Nothing to write back: read-only only refuses changes from now on. */
static int tmpfs_remount(void *instance, int read_only)
{
	struct tmpfs *fs = instance;

	fs->read_only = read_only;
	return 0;
}

static int tmpfs_dirty(const void *instance)
{
	(void)instance;
	return 0;
}

/* As ext2_fsync: the inode must exist; then there is nothing to write. */
static int tmpfs_fsync(void *instance, uint32_t ino)
{
	struct tmpfs_inode *n;
	return tmpfs_inode_of(instance, ino, &n);
}

const struct vfs_ops tmpfs_vfs_ops = {
	.type = "tmpfs",
	.magic = TMPFS_MAGIC,
	.root = TMPFS_ROOT,
	.unmount = tmpfs_unmount,
	.sync = tmpfs_sync,
	.remount = tmpfs_remount,
	.dirty = tmpfs_dirty,
	.fsync = tmpfs_fsync,
	.statfs = tmpfs_statfs,
	.stat = tmpfs_stat,
	.owner = tmpfs_owner,
	.inode_get = tmpfs_inode_get,
	.inode_put = tmpfs_inode_put,
	.lookup = tmpfs_lookup,
	.readdir = tmpfs_readdir,
	.read = tmpfs_read,
	.write = tmpfs_write,
	.truncate = tmpfs_truncate,
	.mknod = tmpfs_mknod,
	.mkdir = tmpfs_mkdir,
	.symlink = tmpfs_symlink,
	.readlink = tmpfs_readlink,
	.link = tmpfs_link,
	.unlink = tmpfs_unlink,
	.rmdir = tmpfs_rmdir,
	.rename = tmpfs_rename,
	.setattr = tmpfs_setattr,
};
