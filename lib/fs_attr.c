/* fs_attr_of (fs_attr.h): the file protocol's stat, gathered. */
#include <fs.h>
#include <fs_attr.h>

int64_t fs_attr_of(port_name_t h, struct fs_attr *a)
{
	return rpc_fs_stat(h, &a->dev, &a->ino, &a->mode, &a->nlink, &a->uid, &a->gid, &a->rdev,
			   &a->size, &a->blocks, &a->blksize, &a->atime.sec, &a->atime.nsec,
			   &a->mtime.sec, &a->mtime.nsec, &a->ctime.sec, &a->ctime.nsec);
}

int64_t fs_attr_at(port_name_t dir, const char *path, uint32_t flags, struct fs_attr *a)
{
	return rpc_fs_stat_path(dir, path, flags, &a->dev, &a->ino, &a->mode, &a->nlink, &a->uid,
				&a->gid, &a->rdev, &a->size, &a->blocks, &a->blksize, &a->atime.sec,
				&a->atime.nsec, &a->mtime.sec, &a->mtime.nsec, &a->ctime.sec,
				&a->ctime.nsec);
}
