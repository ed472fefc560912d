/* The file protocol's operations on an open file: reading and writing at a position,
 * its attributes, durability, and new handles on it. */
#include <errno.h>
#include <fs.h>
#include <fs_proto.h>
#include <masque/page_size.h>
#include <linux/fcntl.h>
#include <linux/fs.h>
#include <linux/magic.h>
#include <linux/stat.h>
#include <linux_fs.h>
#include <poll_wakes.h>
#include <self.h>
#include <stdio.h>
#include <string.h>
#include <trap.h>
#include "dev.h"
#include "file_pager.h"
#include "mount.h"
#include "handle.h"
#include "loop.h"
#include "ops.h"
#include "walk.h"

/* The access mode O_ACCMODE itself (3) allows neither: Linux's "ioctl only" open. */
static int readable(const struct handle *h)
{
	uint32_t acc = h->of->flags & O_ACCMODE;

	return !(h->of->flags & O_PATH) && (acc == O_RDONLY || acc == O_RDWR);
}

static int writable(const struct handle *h)
{
	uint32_t acc = h->of->flags & O_ACCMODE;

	return !(h->of->flags & O_PATH) && (acc == O_WRONLY || acc == O_RDWR);
}

int64_t ops_handle(struct rpc_ctx *ctx, struct handle **h)
{
	*h = handle_of(ctx->local);
	return *h ? 0 : -EBADF;
}

/* Where a transfer at offset (-1: the position) starts. */
static int64_t start_of(struct handle *h, int64_t offset)
{
	if (offset >= 0)
		return offset;
	if (offset != -1)
		return -EINVAL;
	return (int64_t)h->of->pos;
}

static int64_t device_number(struct handle *h, uint32_t *rdev)
{
	struct vfs_stat st;
	int err = h->node.vol->ops->stat(h->node.vol->fs, h->node.ino, &st);

	*rdev = st.rdev;
	return err;
}

/* Read len bytes for h at offset into buf: a count or an errno. */
static int64_t read_at(struct handle *h, int64_t offset, void *buf, uint32_t len)
{
	int64_t at = start_of(h, offset), n;
	uint32_t rdev;

	if (!readable(h))
		return -EBADF;
	if (at < 0)
		return at;
	if (S_ISDIR(h->type))
		return -EISDIR;
	if (S_ISCHR(h->type))
		n = (n = device_number(h, &rdev)) ? n : dev_read(rdev, buf, len);
	else if (h->of->loop)
		n = loop_read(h->of->loop - 1, (uint64_t)at, buf, len);
	else if (!S_ISREG(h->type))
		n = -EINVAL;
	else {
		file_pager_sync(h->node, (uint64_t)at, (uint64_t)at + len, 0);
		n = h->node.vol->ops->read(h->node.vol->fs, h->node.ino, (uint64_t)at, buf, len);
	}
	if (n > 0 && offset == -1)
		h->of->pos = (uint64_t)at + (uint64_t)n;
	return n;
}

static int64_t write_at(struct handle *h, int64_t offset, const void *buf, uint32_t len)
{
	int64_t at = start_of(h, offset), n;
	uint32_t rdev;

	if (!writable(h))
		return -EBADF;
	if (at < 0)
		return at;
	if (S_ISCHR(h->type))
		return (n = device_number(h, &rdev)) ? n : dev_write(rdev, buf, len);
	if (h->of->loop) {
		n = loop_write(h->of->loop - 1, (uint64_t)at, buf, len);
		if (n > 0 && offset == -1)
			h->of->pos = (uint64_t)at + (uint64_t)n;
		return n;
	}
	if (!S_ISREG(h->type))
		return S_ISDIR(h->type) ? -EISDIR : -EINVAL;
	struct vfs_stat st;
	if ((h->of->flags & O_APPEND) &&
	    (n = h->node.vol->ops->stat(h->node.vol->fs, h->node.ino, &st)))
		return n;
	if (h->of->flags & O_APPEND)
		at = (int64_t)st.size; /* at the end, whatever the position or offset */
	file_pager_sync(h->node, (uint64_t)at, (uint64_t)at + len, 1);
	n = h->node.vol->ops->write(h->node.vol->fs, h->node.ino, (uint64_t)at, buf, len);
	if (n > 0 && (offset == -1 || (h->of->flags & O_APPEND)))
		h->of->pos = (uint64_t)at + (uint64_t)n;
	return n;
}

int64_t fs_read(struct rpc_ctx *ctx, int64_t offset, uint32_t length, void *bytes,
		uint32_t *bytes_len)
{
	struct handle *h;
	int64_t r = ops_handle(ctx, &h);

	if (r)
		return r;
	if (length > FS_IO_INLINE)
		length = FS_IO_INLINE;
	r = read_at(h, offset, bytes, length);
	*bytes_len = r > 0 ? (uint32_t)r : 0;
	return r < 0 ? r : 0;
}

int64_t fs_write(struct rpc_ctx *ctx, int64_t offset, const void *bytes, uint32_t bytes_len)
{
	struct handle *h;
	int64_t r = ops_handle(ctx, &h);

	return r ? r : write_at(h, offset, bytes, bytes_len);
}

int64_t fs_read_large(struct rpc_ctx *ctx, int64_t offset, uint32_t length, void **bytes,
		      uint32_t *bytes_size)
{
	/* The reply copies the bytes as it goes (copy_ool), so one buffer serves every
	 * read: no fresh pages to fault in and zero each time. */
	static char buffer[FS_IO_OOL] __attribute__((aligned(PAGE_SIZE)));
	struct handle *h;
	int64_t r = ops_handle(ctx, &h);

	*bytes = NULL;
	*bytes_size = 0;
	if (r)
		return r;
	r = read_at(h, offset, buffer, length < FS_IO_OOL ? length : FS_IO_OOL);
	if (r <= 0)
		return r;
	*bytes = buffer;
	*bytes_size = (uint32_t)r;
	return 0;
}

int64_t fs_write_large(struct rpc_ctx *ctx, int64_t offset, void *bytes, uint32_t bytes_size)
{
	struct handle *h;
	int64_t r = ops_handle(ctx, &h);

	if (!r)
		r = bytes_size > FS_IO_OOL ? -EINVAL : write_at(h, offset, bytes, bytes_size);
	if (bytes)
		vm_deallocate(self_task, (uint64_t)bytes, bytes_size);
	return r;
}

/* lseek: a position past the largest file the volume can hold is EINVAL, as Linux's
 * s_maxbytes makes it (and keeps the answer from meaning RPC_NO_REPLY). */
int64_t fs_seek(struct rpc_ctx *ctx, int64_t offset, uint32_t whence)
{
	struct handle *h;
	struct vfs_stat st;
	struct vfs_statfs sfs;
	int64_t r = ops_handle(ctx, &h), base = 0;

	if (r)
		return r;
	if (whence == SEEK_CUR)
		base = (int64_t)h->of->pos;
	else if (whence == SEEK_END &&
		 !(r = h->node.vol->ops->stat(h->node.vol->fs, h->node.ino, &st)))
		base = (int64_t)st.size;
	else if (whence != SEEK_SET && whence != SEEK_END)
		return -EINVAL;
	if (r || (r = h->node.vol->ops->statfs(h->node.vol->fs, &sfs)))
		return r;
	if ((offset > 0 && base > INT64_MAX - offset) || base + offset < 0 ||
	    (uint64_t)(base + offset) > sfs.max_file_size)
		return -EINVAL;
	h->of->pos = (uint64_t)(base + offset);
	return (int64_t)h->of->pos;
}

int64_t stat_answer(struct node node, struct fs_attr *a)
{
	struct vfs_stat st;
	int64_t r = node.vol->ops->stat(node.vol->fs, node.ino, &st);

	if (r)
		return r;
	/* field by field, straight into the reply (a compound literal went by the stack) */
	a->dev = node.vol->dev;
	a->ino = st.ino;
	a->mode = st.mode;
	a->nlink = st.nlink;
	a->uid = st.uid;
	a->gid = st.gid;
	a->rdev = st.rdev;
	a->size = (int64_t)st.size;
	a->blocks = (int64_t)st.blocks;
	a->blksize = node.vol->block_size;
	a->atime = st.atime.sec;
	a->atime_ns = st.atime.nsec;
	a->mtime = st.mtime.sec;
	a->mtime_ns = st.mtime.nsec;
	a->ctime = st.ctime.sec;
	a->ctime_ns = st.ctime.nsec;
	return 0;
}

int64_t fs_stat(struct rpc_ctx *ctx, struct fs_attr *attr)
{
	struct handle *h;
	int64_t r = ops_handle(ctx, &h);

	return r ? r : stat_answer(h->node, attr);
}

int64_t fs_truncate(struct rpc_ctx *ctx, int64_t size)
{
	struct handle *h;
	int64_t r = ops_handle(ctx, &h);

	if (r)
		return r;
	if (size < 0 || !writable(h) || !S_ISREG(h->type))
		return -EINVAL; /* as ftruncate on a descriptor not open for writing */
	/* mapped pages past the new end go (a later touch is a memory error) */
	file_pager_sync(h->node, (uint64_t)size, FILE_PAGER_END, 1);
	return h->node.vol->ops->truncate(h->node.vol->fs, h->node.ino, (uint64_t)size);
}

/* Set the attributes in a, for h's file, after the rule check said yes. */
static int64_t set(struct handle *h, struct vfs_setattr *a)
{
	return h->node.vol->ops->setattr(h->node.vol->fs, h->node.ino, a);
}

int64_t fs_chmod(struct rpc_ctx *ctx, uint32_t mode)
{
	struct handle *h;
	struct file_owner f;
	int64_t r = ops_handle(ctx, &h);

	mode &= 07777;
	if (r || (r = node_owner(h->node, &f)) || (r = perm_chmod(&h->who, &f, &mode)))
		return r;
	return set(h, &(struct vfs_setattr){ .mask = VFS_SET_MODE, .mode = mode });
}

int64_t fs_chown(struct rpc_ctx *ctx, uint32_t uid, uint32_t gid)
{
	struct handle *h;
	struct file_owner f;
	int64_t r = ops_handle(ctx, &h);

	if (r || (r = node_owner(h->node, &f)) || (r = perm_chown(&h->who, &f, uid, gid)))
		return r;
	struct vfs_setattr a = { .mask = 0, .uid = uid, .gid = gid };
	a.mask |= uid != (uint32_t)-1 ? VFS_SET_UID : 0;
	a.mask |= gid != (uint32_t)-1 ? VFS_SET_GID : 0;
	/* a new owner or group takes set-user-id, and an executable's set-group-id, away */
	uint32_t keep = ~(uint32_t)S_ISUID & ~(uint32_t)((f.mode & S_IXGRP) ? S_ISGID : 0);
	if (a.mask && S_ISREG(f.mode) && (f.mode & ~keep & 07777)) {
		a.mask |= VFS_SET_MODE;
		a.mode = f.mode & keep & 07777;
	}
	return set(h, &a);
}

/* One of the two times of utimes: mask bit set, or left alone (UTIME_OMIT), or now. */
static int64_t one_time(int64_t sec, uint32_t ns, uint32_t bit, struct vfs_setattr *a,
			struct vfs_time *t, int *chosen)
{
	if (ns == UTIME_OMIT)
		return 0;
	if (ns == UTIME_NOW)
		return 0; /* left to the library's clock: a change sets ctime, times below */
	if (ns >= 1000000000u)
		return -EINVAL;
	a->mask |= bit;
	*t = (struct vfs_time){ sec, ns };
	*chosen = 1;
	return 0;
}

int64_t fs_utimes(struct rpc_ctx *ctx, int64_t atime, uint32_t atime_ns, int64_t mtime,
		  uint32_t mtime_ns)
{
	struct handle *h;
	struct file_owner f;
	struct vfs_setattr a = { 0 };
	int chosen = 0;
	int64_t r = ops_handle(ctx, &h);

	if (r || (r = one_time(atime, atime_ns, VFS_SET_ATIME, &a, &a.atime, &chosen)) ||
	    (r = one_time(mtime, mtime_ns, VFS_SET_MTIME, &a, &a.mtime, &chosen)) ||
	    (r = node_owner(h->node, &f)) || (r = perm_utimes(&h->who, &f, chosen)))
		return r;
	if (atime_ns == UTIME_OMIT && mtime_ns == UTIME_OMIT)
		return 0;
	struct vfs_time now;
	ops_now(&now);
	if (atime_ns == UTIME_NOW)
		a.mask |= VFS_SET_ATIME, a.atime = now;
	if (mtime_ns == UTIME_NOW)
		a.mask |= VFS_SET_MTIME, a.mtime = now;
	return set(h, &a);
}

int64_t fs_get_flags(struct rpc_ctx *ctx, uint32_t *flags)
{
	struct handle *h;
	int64_t r = ops_handle(ctx, &h);

	if (!r)
		*flags = h->of->flags;
	return r;
}

/* Wakes for what never comes on a file here (a poll for POLLPRI alone): kept, so that
 * the waiter sleeps until its deadline, and never fired. */
static struct poll_wakes never;

/* Files, directories and the devices here never make a reader or writer wait: Linux's
 * answer for a file without a poll operation. An O_PATH handle is no open file to
 * poll (Linux's poll says POLLNVAL of it). */
int64_t fs_poll(struct rpc_ctx *ctx, uint32_t events, port_name_t wake, uint32_t *revents)
{
	struct handle *h;
	int64_t r = ops_handle(ctx, &h);

	if (r) {
		poll_wake_drop(wake);
		return r;
	}
	*revents = poll_answer(&never, h->of->flags & O_PATH ? POLLNVAL : POLL_ALWAYS_READY, events,
			       wake);
	return 0;
}

int64_t fs_set_flags(struct rpc_ctx *ctx, uint32_t flags)
{
	struct handle *h;
	int64_t r = ops_handle(ctx, &h);
	const uint32_t changeable = O_APPEND | O_NONBLOCK;

	if (!r)
		h->of->flags = (h->of->flags & ~changeable) | (flags & changeable);
	return r;
}

int64_t fs_fsync(struct rpc_ctx *ctx, uint32_t data_only)
{
	struct handle *h;
	int64_t r = ops_handle(ctx, &h);

	(void)data_only; /* the library writes data and metadata alike */
	if (r)
		return r;
	file_pager_sync(h->node, 0, FILE_PAGER_END, 0); /* what was written through mappings */
	return h->node.vol->ops->fsync(h->node.vol->fs, h->node.ino);
}

int64_t fs_sync(struct rpc_ctx *ctx)
{
	struct handle *h;
	int64_t r = ops_handle(ctx, &h);

	if (r)
		return r;
	/* everything the server holds, as the protocol says: every volume */
	file_pager_sync_all(NULL);
	r = root_volume->ops->sync(root_volume->fs);
	int64_t below = mount_sync_all();
	return r ? r : below;
}

int64_t fs_statfs(struct rpc_ctx *ctx, uint64_t *type, uint64_t *bsize, uint64_t *blocks,
		  uint64_t *bfree, uint64_t *bavail, uint64_t *files, uint64_t *ffree,
		  uint64_t *namelen)
{
	struct handle *h;
	struct vfs_statfs st;
	int64_t r = ops_handle(ctx, &h);

	if (r || (r = h->node.vol->ops->statfs(h->node.vol->fs, &st)))
		return r;
	*type = h->node.vol->ops->magic, *bsize = st.block_size, *blocks = st.blocks;
	*bfree = st.free_blocks;
	*bavail = st.free_blocks > st.reserved_blocks ? st.free_blocks - st.reserved_blocks : 0;
	*files = st.inodes, *ffree = st.free_inodes, *namelen = st.name_max;
	return 0;
}

int64_t fs_reauthenticate(struct rpc_ctx *ctx, uint32_t uid, uint32_t gid, const void *groups,
			  uint32_t groups_len, port_name_t *file)
{
	struct handle *h, *n;
	struct identity next = { .uid = uid, .gid = gid, .ngroups = groups_len / 4 };
	int64_t r = ops_handle(ctx, &h);

	if (r)
		return r;
	if (groups_len % 4)
		return -EINVAL;
	memcpy(next.groups, groups, groups_len);
	if ((r = perm_reauthenticate(&h->who, &next)) ||
	    (r = handle_new(h->node, h->type, h->of->flags, &next, &n)))
		return r;
	*file = n->port;
	return 0;
}

int64_t fs_reidentify(struct rpc_ctx *ctx, port_name_t identity, port_name_t *file)
{
	struct handle *h, *id = handle_of(identity), *n;
	int64_t r = ops_handle(ctx, &h);

	*file = PORT_NULL;
	/* ours: the right came back to the name of our receive right; drop its reference */
	rpc_release_right(identity, MSG_MOVE_SEND);
	if (r)
		return r;
	if (!id)
		return -EBADF;
	if ((r = handle_share(h, &id->who, &n)))
		return r;
	*file = n->port;
	return 0;
}

/* What one of our handles is, for the pipe server (a FIFO's identity), the process
 * server (a set-uid program's) and getcwd (the mount). */
int64_t fs_identify(struct rpc_ctx *ctx, port_name_t handle, uint64_t *dev, uint64_t *ino,
		    uint32_t *mode, uint32_t *flags, uint32_t *mount_flags, uint64_t *mount)
{
	struct handle *h = handle_of(handle);
	struct vfs_stat st;
	int64_t r;

	(void)ctx;
	/* ours: the right came back to the name of our receive right; drop its reference */
	rpc_release_right(handle, MSG_MOVE_SEND);
	if (!h)
		return -EBADF;
	if ((r = h->node.vol->ops->stat(h->node.vol->fs, h->node.ino, &st)))
		return r;
	*dev = h->node.vol->dev, *ino = st.ino, *mode = st.mode, *flags = h->of->flags;
	*mount_flags = (h->node.vol->base->read_only ? MS_RDONLY : 0) |
		       (h->node.vol->nosuid ? MS_NOSUID : 0);
	*mount = h->node.vol->mount;
	return 0;
}

/* A file on the disk is no terminal; a loop device answers the block requests. */
int64_t fs_ioctl(struct rpc_ctx *ctx, uint32_t request, port_name_t process, const void *arg_in,
		 uint32_t arg_in_len, void *arg_out, uint32_t *arg_out_len)
{
	struct handle *h = handle_of(ctx->local);

	(void)arg_in, (void)arg_in_len;
	rpc_release_right(process, MSG_MOVE_SEND);
	*arg_out_len = 0;
	if (h && h->of->loop)
		return ops_loop_block_request(h->of->loop - 1, request, arg_out, arg_out_len);
	return -ENOTTY;
}
