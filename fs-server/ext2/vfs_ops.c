/* The library as one of the fs-server's file system types (../vfs.h): each operation
 * is the ext2_ function of its name on the instance ext2_mount made. */
#include "ext2.h"
#include "ext2_format.h"

static int unmount(void *fs)
{
	return ext2_unmount(fs);
}

static int sync(void *fs)
{
	return ext2_sync(fs);
}

static int remount(void *fs, int read_only)
{
	return ext2_remount(fs, read_only);
}

static int dirty(const void *fs)
{
	return ext2_dirty(fs);
}

static int fsync(void *fs, uint32_t ino)
{
	return ext2_fsync(fs, ino);
}

static int statfs(void *fs, struct vfs_statfs *st)
{
	return ext2_statfs(fs, st);
}

static int stat(void *fs, uint32_t ino, struct vfs_stat *st)
{
	return ext2_stat(fs, ino, st);
}

static int owner(void *fs, uint32_t ino, uint32_t *mode, uint32_t *uid, uint32_t *gid)
{
	return ext2_owner(fs, ino, mode, uid, gid);
}

static int inode_get(void *fs, uint32_t ino)
{
	return ext2_inode_get(fs, ino);
}

static void inode_put(void *fs, uint32_t ino)
{
	ext2_inode_put(fs, ino);
}

static int lookup(void *fs, uint32_t dir, const char *name, size_t len, uint32_t *ino)
{
	return ext2_lookup(fs, dir, name, len, ino);
}

static int readdir(void *fs, uint32_t dir, uint64_t *cookie, struct vfs_dirent *ent)
{
	return ext2_readdir(fs, dir, cookie, ent);
}

static int64_t read(void *fs, uint32_t ino, uint64_t off, void *buf, size_t len)
{
	return ext2_read(fs, ino, off, buf, len);
}

static int64_t write(void *fs, uint32_t ino, uint64_t off, const void *buf, size_t len)
{
	return ext2_write(fs, ino, off, buf, len);
}

static int truncate(void *fs, uint32_t ino, uint64_t size)
{
	return ext2_truncate(fs, ino, size);
}

static int mknod(void *fs, uint32_t dir, const char *name, size_t len, uint32_t mode, uint32_t rdev,
		 uint32_t uid, uint32_t gid, uint32_t *ino)
{
	return ext2_mknod(fs, dir, name, len, mode, rdev, uid, gid, ino);
}

static int mkdir(void *fs, uint32_t dir, const char *name, size_t len, uint32_t mode, uint32_t uid,
		 uint32_t gid, uint32_t *ino)
{
	return ext2_mkdir(fs, dir, name, len, mode, uid, gid, ino);
}

static int symlink(void *fs, uint32_t dir, const char *name, size_t len, const char *target,
		   size_t tlen, uint32_t uid, uint32_t gid, uint32_t *ino)
{
	return ext2_symlink(fs, dir, name, len, target, tlen, uid, gid, ino);
}

static int64_t readlink(void *fs, uint32_t ino, char *buf, size_t size)
{
	return ext2_readlink(fs, ino, buf, size);
}

static int link(void *fs, uint32_t ino, uint32_t dir, const char *name, size_t len)
{
	return ext2_link(fs, ino, dir, name, len);
}

static int unlink(void *fs, uint32_t dir, const char *name, size_t len)
{
	return ext2_unlink(fs, dir, name, len);
}

static int rmdir(void *fs, uint32_t dir, const char *name, size_t len)
{
	return ext2_rmdir(fs, dir, name, len);
}

static int rename(void *fs, uint32_t olddir, const char *oldname, size_t oldlen, uint32_t newdir,
		  const char *newname, size_t newlen)
{
	return ext2_rename(fs, olddir, oldname, oldlen, newdir, newname, newlen);
}

static int setattr(void *fs, uint32_t ino, const struct vfs_setattr *attr)
{
	return ext2_setattr(fs, ino, attr);
}

const struct vfs_ops ext2_vfs_ops = {
	.type = "ext2",
	.magic = EXT2_SUPER_MAGIC,
	.root = EXT2_ROOT,
	.unmount = unmount,
	.sync = sync,
	.remount = remount,
	.dirty = dirty,
	.fsync = fsync,
	.statfs = statfs,
	.stat = stat,
	.owner = owner,
	.inode_get = inode_get,
	.inode_put = inode_put,
	.lookup = lookup,
	.readdir = readdir,
	.read = read,
	.write = write,
	.truncate = truncate,
	.mknod = mknod,
	.mkdir = mkdir,
	.symlink = symlink,
	.readlink = readlink,
	.link = link,
	.unlink = unlink,
	.rmdir = rmdir,
	.rename = rename,
	.setattr = setattr,
};
