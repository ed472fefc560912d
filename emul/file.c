/*
 * The file calls: descriptors to handles, and the fs protocol (interfaces/fs.defs)
 * behind them. Paths are the server's to resolve, relative to the working directory
 * or a directory descriptor's handle; the results pass through as the server gave them.
 */
#include <asm/stat.h>
#include <errno.h>
#include <fs.h>
#include <fs_proto.h>
#include <linux/fcntl.h>
#include <linux/ioctl.h>
#include <linux/stat.h>
#include <linux/uio.h>
#include <masque/rights.h>
#include <stddef.h>
#include <trap.h>
#include "errno_of.h"
#include "fd.h"
#include "file.h"
#include "path.h"
#include "fifo.h"
#include "process.h"
#include "signal.h"
#include "syscall.h"
#include "tty.h"
#include "user.h"

/* Handles whose server has no large reads (pipes, terminals: streams), by name; a
 * stale entry only costs a file the in-line path. */
#define STREAMS 16
static port_name_t streams[STREAMS];

/* One out-of-line read of up to FS_IO_OOL bytes, copied by the kernel straight into
 * buf: the bytes read, or an error; -EINVAL: h has no large reads (remembered). */
static int64_t read_large(port_name_t h, int64_t offset, char *buf, uint64_t n)
{
	uint32_t got = n < FS_IO_OOL ? (uint32_t)n : FS_IO_OOL;

	if (streams[h % STREAMS] == h)
		return -EINVAL;
	int64_t r = rpc_fs_read_large(h, offset, got, buf, &got);
	if (r == -EINVAL)
		streams[h % STREAMS] = h;
	return r < 0 ? r : got;
}

/* One in-line read of up to FS_IO_INLINE bytes: the bytes read, or an error. */
static int64_t read_inline(port_name_t h, int64_t offset, char *buf, uint64_t n)
{
	uint32_t want = n < FS_IO_INLINE ? (uint32_t)n : FS_IO_INLINE, got = 0;
	int64_t r = rpc_fs_read(h, offset, want, buf, &got);

	if (r == -FS_ASK_WHO) /* a terminal's, with job control */
		r = tty_read_checked(h, buf, want, &got);
	return r < 0 ? r : got;
}

int64_t handle_read(port_name_t h, int64_t offset, char *buf, uint64_t n)
{
	uint64_t done = 0;

	while (done < n) {
		uint64_t want = n - done, chunk = FS_IO_OOL;
		int64_t at = offset < 0 ? -1 : offset + (int64_t)done, r = -EINVAL;
		signal_interruptible(h, 0);
		if (want > FS_IO_INLINE)
			r = read_large(h, at, buf + done, want);
		if (r == -EINVAL) {
			chunk = FS_IO_INLINE;
			r = read_inline(h, at, buf + done, want);
		}
		signal_uninterruptible();
		if (r < 0)
			return done ? (int64_t)done : linux_result(r);
		done += (uint64_t)r;
		if ((uint64_t)r < (want < chunk ? want : chunk))
			break;
	}
	return (int64_t)done;
}

int64_t read_at(port_name_t h, int64_t offset, char *buf, uint64_t n)
{
	if (n && !(n = user_span(buf, n)))
		return -EFAULT;
	return handle_read(h, offset, buf, n);
}

int64_t handle_write(port_name_t h, int64_t offset, const char *buf, uint64_t n)
{
	uint64_t done = 0;
	int64_t room = limit_file_write(h, offset, n);

	if (room < 0)
		return room;
	for (n = (uint64_t)room; done < n;) {
		uint32_t len = n - done < FS_IO_INLINE ? (uint32_t)(n - done) : FS_IO_INLINE;
		signal_interruptible(h, 0);
		int64_t r =
			rpc_fs_write(h, offset < 0 ? -1 : offset + (int64_t)done, buf + done, len);
		if (r == -FS_ASK_WHO) /* a terminal's, with job control */
			r = tty_write_checked(h, buf + done, len);
		signal_uninterruptible();
		if (r == -EPIPE && !done)
			return signal_broken_pipe();
		if (r < 0)
			return done ? (int64_t)done : linux_result(r);
		done += (uint64_t)r;
		if ((uint64_t)r < len)
			break;
	}
	return (int64_t)done;
}

int64_t write_at(port_name_t h, int64_t offset, const char *buf, uint64_t n)
{
	if (n && !(n = user_span(buf, n)))
		return -EFAULT;
	return handle_write(h, offset, buf, n);
}

SYSCALL3(read, int, fd, char *, buf, uint64_t, n)
{
	port_name_t h = fd_handle(fd);

	return h ? read_at(h, -1, buf, n) : -EBADF;
}

SYSCALL3(write, int, fd, const char *, buf, uint64_t, n)
{
	port_name_t h = fd_handle(fd);

	return h ? write_at(h, -1, buf, n) : -EBADF;
}

SYSCALL4(pread64, int, fd, char *, buf, uint64_t, n, int64_t, offset)
{
	port_name_t h = fd_handle(fd);

	if (!h)
		return -EBADF;
	return offset < 0 ? -EINVAL : read_at(h, offset, buf, n);
}

SYSCALL4(pwrite64, int, fd, const char *, buf, uint64_t, n, int64_t, offset)
{
	port_name_t h = fd_handle(fd);

	if (!h)
		return -EBADF;
	return offset < 0 ? -EINVAL : write_at(h, offset, buf, n);
}

/* readv and writev (offset -1: at the position), preadv and pwritev: each buffer in
 * turn, stopping at the first short transfer. */
static int64_t vector_io(int fd, const struct iovec *iov, int count, int64_t offset, int writing)
{
	port_name_t h = fd_handle(fd);
	int64_t total = 0;

	if (!h)
		return -EBADF;
	if (count < 0 || count > UIO_MAXIOV)
		return -EINVAL;
	if (!user_whole(iov, (uint64_t)count * sizeof(*iov)))
		return -EFAULT;
	for (int i = 0; i < count; i++) {
		int64_t at = offset < 0 ? -1 : offset + total;
		int64_t r = writing ? write_at(h, at, iov[i].iov_base, iov[i].iov_len)
				    : read_at(h, at, iov[i].iov_base, iov[i].iov_len);
		if (r < 0)
			return total ? total : r;
		total += r;
		if ((uint64_t)r < iov[i].iov_len)
			break;
	}
	return total;
}

SYSCALL3(readv, int, fd, const struct iovec *, iov, int, count)
{
	return vector_io(fd, iov, count, -1, 0);
}

SYSCALL3(writev, int, fd, const struct iovec *, iov, int, count)
{
	return vector_io(fd, iov, count, -1, 1);
}

/* The offset is one register on x86-64: Linux shifts the high word out. */
SYSCALL4(preadv, int, fd, const struct iovec *, iov, int, count, int64_t, offset)
{
	return offset < 0 ? -EINVAL : vector_io(fd, iov, count, offset, 0);
}

SYSCALL4(pwritev, int, fd, const struct iovec *, iov, int, count, int64_t, offset)
{
	return offset < 0 ? -EINVAL : vector_io(fd, iov, count, offset, 1);
}

SYSCALL4(openat, int, dirfd, const char *, path, uint32_t, flags, uint32_t, mode)
{
	port_name_t dir = path_dir(dirfd, path), h;
	uint32_t type;
	int64_t r = path_check(path, 0), fd;

	if (r)
		return r;
	if (!dir)
		return -EBADF;
	r = walk_open(dir, path, flags & ~(uint32_t)O_CLOEXEC, mode & ~process.umask & 07777, &h,
		      &type);
	if (r >= 0 && type == S_IFIFO && !(flags & O_PATH))
		r = pipe_open_fifo(&h);
	else if (r >= 0 && (type & FS_OPEN_CONTROLLING))
		r = tty_open_controlling(&h);
	if (r < 0)
		return linux_result(r);
	fd = fd_install(h, flags & O_CLOEXEC ? FD_CLOEXEC : 0, 0);
	if (fd < 0)
		port_mod_refs(h, RIGHT_SEND, -1);
	return fd;
}

SYSCALL3(open, const char *, path, uint32_t, flags, uint32_t, mode)
{
	return do_openat(AT_FDCWD, path, flags, mode);
}

/* creat is open for writing, made if missing and emptied if there. */
SYSCALL2(creat, const char *, path, uint32_t, mode)
{
	return do_openat(AT_FDCWD, path, O_CREAT | O_WRONLY | O_TRUNC, mode);
}

SYSCALL1(close, int, fd)
{
	return fd_close(fd);
}

SYSCALL3(lseek, int, fd, int64_t, offset, uint32_t, whence)
{
	port_name_t h = fd_handle(fd);

	return h ? linux_result(rpc_fs_seek(h, offset, whence)) : -EBADF;
}

/* The parts of a device number as Linux's new_encode_dev lays them out. */
static uint32_t dev_major(uint64_t dev)
{
	return (uint32_t)(((dev >> 8) & 0xfff) | ((dev >> 32) & ~0xfffull));
}

static uint32_t dev_minor(uint64_t dev)
{
	return (uint32_t)((dev & 0xff) | ((dev >> 12) & ~0xffull));
}

/* The program's struct stat at out from a: EFAULT if out is not the program's. Field
 * by field, the padding too, as Linux's cp_new_stat: no whole-structure temporary. */
static int64_t stat_out(const struct fs_attr *a, struct stat *out)
{
	if (!user_whole(out, sizeof(*out)))
		return -EFAULT;
	out->st_dev = a->dev;
	out->st_ino = a->ino;
	out->st_nlink = a->nlink;
	out->st_mode = a->mode;
	out->st_uid = a->uid;
	out->st_gid = a->gid;
	out->__pad0 = 0;
	out->st_rdev = a->rdev;
	out->st_size = a->size;
	out->st_blksize = a->blksize;
	out->st_blocks = a->blocks;
	out->st_atime = (uint64_t)a->atime;
	out->st_atime_nsec = a->atime_ns;
	out->st_mtime = (uint64_t)a->mtime;
	out->st_mtime_nsec = a->mtime_ns;
	out->st_ctime = (uint64_t)a->ctime;
	out->st_ctime_nsec = a->ctime_ns;
	out->__unused[0] = out->__unused[1] = out->__unused[2] = 0;
	return 0;
}

SYSCALL2(fstat, int, fd, struct stat *, out)
{
	port_name_t h = fd_handle(fd);
	struct fs_attr a;
	int64_t r;

	if (!h)
		return -EBADF;
	if ((r = rpc_fs_stat(h, &a)) < 0)
		return linux_result(r);
	return stat_out(&a, out);
}

/* The attributes of what path names from dirfd (newfstatat's flags). */
static int64_t stat_at(int dirfd, const char *path, struct fs_attr *a, uint32_t flags)
{
	port_name_t h;
	int64_t r;

	if (flags & ~(uint32_t)(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT))
		return -EINVAL;
	if ((r = path_check(path, flags & AT_EMPTY_PATH)))
		return r;
	if (!(h = path_dir(dirfd, path)))
		return -EBADF;
	if (!path[0]) /* AT_EMPTY_PATH: dirfd itself */
		r = rpc_fs_stat(h, a);
	else /* in one request, where opening then asking would be three */
		r = walk_attr(h, path, flags & AT_SYMLINK_NOFOLLOW, a);
	return r < 0 ? linux_result(r) : 0;
}

SYSCALL4(newfstatat, int, dirfd, const char *, path, struct stat *, out, uint32_t, flags)
{
	struct fs_attr a;
	int64_t r = stat_at(dirfd, path, &a, flags);

	return r ? r : stat_out(&a, out);
}

/* statx from the attributes: the basic fields (ext2 keeps no birth time). */
static void statx_of(const struct fs_attr *a, struct statx *x)
{
	*x = (struct statx){
		.stx_mask = STATX_BASIC_STATS,
		.stx_blksize = a->blksize,
		.stx_nlink = a->nlink,
		.stx_uid = a->uid,
		.stx_gid = a->gid,
		.stx_mode = (uint16_t)a->mode,
		.stx_ino = a->ino,
		.stx_size = (uint64_t)a->size,
		.stx_blocks = (uint64_t)a->blocks,
		.stx_atime = { a->atime, a->atime_ns },
		.stx_ctime = { a->ctime, a->ctime_ns },
		.stx_mtime = { a->mtime, a->mtime_ns },
		.stx_rdev_major = dev_major(a->rdev),
		.stx_rdev_minor = dev_minor(a->rdev),
		.stx_dev_major = dev_major(a->dev),
		.stx_dev_minor = dev_minor(a->dev),
	};
}

SYSCALL5(statx, int, dirfd, const char *, path, uint32_t, flags, uint32_t, mask, struct statx *, x)
{
	uint32_t stat_flags = AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT;
	struct fs_attr a;
	int64_t r;

	if ((flags & ~(stat_flags | AT_STATX_SYNC_TYPE)) || (mask & STATX__RESERVED) ||
	    (flags & AT_STATX_SYNC_TYPE) == AT_STATX_SYNC_TYPE)
		return -EINVAL;
	if ((r = stat_at(dirfd, path, &a, flags & stat_flags)))
		return r;
	if (!user_whole(x, sizeof(*x)))
		return -EFAULT;
	statx_of(&a, x);
	return 0;
}

SYSCALL2(stat, const char *, path, struct stat *, st)
{
	return do_newfstatat(AT_FDCWD, path, st, 0);
}

SYSCALL2(lstat, const char *, path, struct stat *, st)
{
	return do_newfstatat(AT_FDCWD, path, st, AT_SYMLINK_NOFOLLOW);
}

SYSCALL1(fsync, int, fd)
{
	port_name_t h = fd_handle(fd);

	return h ? linux_result(rpc_fs_fsync(h, 0)) : -EBADF;
}

SYSCALL1(fdatasync, int, fd)
{
	port_name_t h = fd_handle(fd);

	return h ? linux_result(rpc_fs_fsync(h, 1)) : -EBADF;
}

SYSCALL1(syncfs, int, fd)
{
	port_name_t h = fd_handle(fd);

	return h ? linux_result(rpc_fs_sync(h)) : -EBADF;
}

/* sync cannot fail on Linux: every file system the process can reach is written. */
SYSCALL0(sync)
{
	rpc_fs_sync(process.root);
	return 0;
}
