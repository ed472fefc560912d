/*
 * The calls on names: the *at family and their older forms, each one message to the
 * server of the directory the path starts from, which resolves it and checks
 * permission with the identity of the handle it came to.
 */
#include <errno.h>
#include <format.h>
#include <fs.h>
#include <fs_proto.h>
#include <linux/fcntl.h>
#include <linux/limits.h>
#include <linux/stat.h>
#include <linux/time_types.h>
#include <linux_fs.h>
#include <masque/rights.h>
#include <string.h>
#include <trap.h>
#include "errno_of.h"
#include "fd.h"
#include "user.h"
#include "path.h"
#include "process.h"
#include "syscall.h"

int path_check(const char *path, int empty_ok)
{
	if (!path || !user_span(path, 1))
		return -EFAULT;
	size_t n = strnlen(path, PATH_MAX);
	if (n == PATH_MAX)
		return -ENAMETOOLONG;
	return n || empty_ok ? 0 : -ENOENT;
}

port_name_t path_dir(int dirfd, const char *path)
{
	if (path && path[0] == '/')
		return process.root;
	return dirfd == AT_FDCWD ? process.cwd : fd_handle(dirfd);
}

int64_t path_open(int dirfd, const char *path, int nofollow, port_name_t *out)
{
	port_name_t dir = path_dir(dirfd, path);
	uint32_t type;
	int64_t r = path_check(path, 1);

	if (r)
		return r;
	if (!dir)
		return -EBADF;
	r = walk_open(dir, path, O_PATH | (nofollow ? O_NOFOLLOW : 0), 0, out, &type);
	return linux_result(r);
}

/* Check path and find dirfd's handle; 0 with *dir set, or a negated errno. */
static int64_t start(int dirfd, const char *path, port_name_t *dir)
{
	int64_t r = path_check(path, 0);

	if (r)
		return r;
	*dir = path_dir(dirfd, path);
	return *dir ? 0 : -EBADF;
}

SYSCALL3(mkdirat, int, dirfd, const char *, path, uint32_t, mode)
{
	port_name_t dir;
	int64_t r = start(dirfd, path, &dir);

	return r ? r : linux_result(rpc_fs_mkdir(dir, path, mode & 07777 & ~process.umask));
}

SYSCALL2(mkdir, const char *, path, uint32_t, mode)
{
	return do_mkdirat(AT_FDCWD, path, mode);
}

SYSCALL4(mknodat, int, dirfd, const char *, path, uint32_t, mode, uint64_t, dev)
{
	port_name_t dir;
	int64_t r = start(dirfd, path, &dir);
	uint32_t type = mode & S_IFMT ? mode & S_IFMT : S_IFREG;

	if (r)
		return r;
	return linux_result(rpc_fs_mknod(dir, path, type | (mode & 07777 & ~process.umask), dev));
}

SYSCALL3(mknod, const char *, path, uint32_t, mode, uint64_t, dev)
{
	return do_mknodat(AT_FDCWD, path, mode, dev);
}

SYSCALL3(unlinkat, int, dirfd, const char *, path, uint32_t, flags)
{
	port_name_t dir;
	int64_t r = start(dirfd, path, &dir);

	if (r)
		return r;
	if (flags & ~(uint32_t)AT_REMOVEDIR)
		return -EINVAL;
	return linux_result(rpc_fs_unlink(dir, path, flags));
}

SYSCALL1(unlink, const char *, path)
{
	return do_unlinkat(AT_FDCWD, path, 0);
}

SYSCALL1(rmdir, const char *, path)
{
	return do_unlinkat(AT_FDCWD, path, AT_REMOVEDIR);
}

SYSCALL5(renameat2, int, olddirfd, const char *, old, int, newdirfd, const char *, new, uint32_t,
	 flags)
{
	port_name_t from, to;
	int64_t r = start(olddirfd, old, &from);

	if (!r)
		r = start(newdirfd, new, &to);
	return r ? r : linux_result(rpc_fs_rename(from, old, to, new, flags));
}

SYSCALL4(renameat, int, olddirfd, const char *, old, int, newdirfd, const char *, new)
{
	return do_renameat2(olddirfd, old, newdirfd, new, 0);
}

SYSCALL2(rename, const char *, old, const char *, new)
{
	return do_renameat2(AT_FDCWD, old, AT_FDCWD, new, 0);
}

SYSCALL5(linkat, int, olddirfd, const char *, old, int, newdirfd, const char *, new, uint32_t,
	 flags)
{
	port_name_t from, to;
	int64_t r = start(olddirfd, old, &from);

	if (!r)
		r = start(newdirfd, new, &to);
	return r ? r : linux_result(rpc_fs_link(from, old, to, new, flags));
}

SYSCALL2(link, const char *, old, const char *, new)
{
	return do_linkat(AT_FDCWD, old, AT_FDCWD, new, 0);
}

SYSCALL3(symlinkat, const char *, target, int, dirfd, const char *, path)
{
	port_name_t dir;
	int64_t r = path_check(target, 0);

	if (!r)
		r = start(dirfd, path, &dir);
	return r ? r : linux_result(rpc_fs_symlink(dir, target, path));
}

SYSCALL2(symlink, const char *, target, const char *, path)
{
	return do_symlinkat(target, AT_FDCWD, path);
}

/* The target of the link path names from dir, into target. Through /proc/self, or out
 * of /proc, the path is walked here (walk.c); /proc's "self" itself is this process's
 * pid, which the process server gave it. */
static int64_t readlink_walked(port_name_t dir, const char *path, char *target)
{
	char last[NAME_MAX + 1];
	port_name_t parent, self;
	int64_t r = rpc_fs_readlink(dir, path, target);

	if (r != -FS_ASK_PROCESS || (r = walk_to_parent(dir, path, &parent, last)) < 0)
		return r;
	r = rpc_fs_readlink(parent, last, target);
	if (r == -FS_ASK_PROCESS && (r = walk_asking(parent, last, &self)) >= 0) {
		port_mod_refs(self, RIGHT_SEND, -1);
		r = snprintf(target, PATH_MAX, "%d", process.pid);
	}
	port_mod_refs(parent, RIGHT_SEND, -1);
	return r;
}

SYSCALL4(readlinkat, int, dirfd, const char *, path, char *, buf, int, size)
{
	static char target[PATH_MAX];
	port_name_t dir;
	int64_t r = start(dirfd, path, &dir);

	if (r)
		return r;
	if (size <= 0)
		return -EINVAL;
	if (proc_self_link(path, target, sizeof(target)) < 0)
		r = readlink_walked(dir, path, target);
	if (r < 0)
		return linux_result(r);
	size_t n = strlen(target);
	if (n > (size_t)size)
		n = (size_t)size;
	if (!user_whole(buf, n))
		return -EFAULT;
	memcpy(buf, target, n);
	return (int64_t)n;
}

SYSCALL3(readlink, const char *, path, char *, buf, int, size)
{
	return do_readlinkat(AT_FDCWD, path, buf, size);
}

SYSCALL4(faccessat2, int, dirfd, const char *, path, uint32_t, mode, uint32_t, flags)
{
	port_name_t dir;
	int64_t r = path_check(path, flags & AT_EMPTY_PATH);

	if (r)
		return r;
	if (!(dir = path_dir(dirfd, path)))
		return -EBADF;
	return linux_result(walk_access(dir, path, mode, flags));
}

SYSCALL3(faccessat, int, dirfd, const char *, path, uint32_t, mode)
{
	return do_faccessat2(dirfd, path, mode, 0);
}

SYSCALL2(access, const char *, path, uint32_t, mode)
{
	return do_faccessat2(AT_FDCWD, path, mode, 0);
}

typedef int64_t handle_op(port_name_t h, uint64_t a, uint64_t b);

/* Run op on handle h (PORT_NULL: -EBADF). A device's server keeps no attributes and
 * says FS_ASK_NODE: then op runs on its node in /dev, as the fs-server judges. */
static int64_t on_handle(port_name_t h, handle_op *op, uint64_t a, uint64_t b)
{
	static char node[PATH_MAX];
	port_name_t n;
	uint32_t type;
	int64_t r = h ? op(h, a, b) : -EBADF;

	if (r != -FS_ASK_NODE)
		return linux_result(r);
	if (device_node(h, node, sizeof(node)) < 0)
		return -EPERM;
	if ((r = rpc_fs_open(process.root, node, O_PATH | O_NOFOLLOW, 0, &n, &type)) < 0)
		return linux_result(r);
	r = linux_result(op(n, a, b));
	port_mod_refs(n, RIGHT_SEND, -1);
	return r;
}

/* Run op on a handle for what path names (or on dirfd itself for "" with
 * AT_EMPTY_PATH). */
static int64_t on_path(int dirfd, const char *path, uint32_t flags, handle_op *op, uint64_t a,
		       uint64_t b)
{
	port_name_t h;
	int64_t r;

	if ((r = path_check(path, flags & AT_EMPTY_PATH)))
		return r;
	if (!path[0]) /* AT_EMPTY_PATH: dirfd itself */
		return on_handle(path_dir(dirfd, path), op, a, b);
	if ((r = path_open(dirfd, path, flags & AT_SYMLINK_NOFOLLOW, &h)))
		return r;
	r = linux_result(op(h, a, b));
	port_mod_refs(h, RIGHT_SEND, -1);
	return r;
}

static int64_t chmod_op(port_name_t h, uint64_t mode, uint64_t unused)
{
	(void)unused;
	return rpc_fs_chmod(h, (uint32_t)mode & 07777);
}

static int64_t chown_op(port_name_t h, uint64_t uid, uint64_t gid)
{
	return rpc_fs_chown(h, (uint32_t)uid, (uint32_t)gid);
}

SYSCALL3(fchmodat, int, dirfd, const char *, path, uint32_t, mode)
{
	return on_path(dirfd, path, 0, chmod_op, mode, 0);
}

SYSCALL2(chmod, const char *, path, uint32_t, mode)
{
	return on_path(AT_FDCWD, path, 0, chmod_op, mode, 0);
}

SYSCALL2(fchmod, int, fd, uint32_t, mode)
{
	return on_handle(fd_handle(fd), chmod_op, mode, 0);
}

SYSCALL5(fchownat, int, dirfd, const char *, path, uint32_t, uid, uint32_t, gid, uint32_t, flags)
{
	if (flags & ~(uint32_t)(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	return on_path(dirfd, path, flags, chown_op, uid, gid);
}

SYSCALL3(chown, const char *, path, uint32_t, uid, uint32_t, gid)
{
	return on_path(AT_FDCWD, path, 0, chown_op, uid, gid);
}

SYSCALL3(lchown, const char *, path, uint32_t, uid, uint32_t, gid)
{
	return on_path(AT_FDCWD, path, AT_SYMLINK_NOFOLLOW, chown_op, uid, gid);
}

SYSCALL3(fchown, int, fd, uint32_t, uid, uint32_t, gid)
{
	return on_handle(fd_handle(fd), chown_op, uid, gid);
}

static int64_t utimes_op(port_name_t h, uint64_t times, uint64_t unused)
{
	const struct __kernel_timespec *t = (const struct __kernel_timespec *)times;

	(void)unused;
	if (!t)
		return rpc_fs_utimes(h, 0, UTIME_NOW, 0, UTIME_NOW);
	return rpc_fs_utimes(h, t[0].tv_sec, (uint32_t)t[0].tv_nsec, t[1].tv_sec,
			     (uint32_t)t[1].tv_nsec);
}

SYSCALL4(utimensat, int, dirfd, const char *, path, const struct __kernel_timespec *, times,
	 uint32_t, flags)
{
	port_name_t h;

	if (flags & ~(uint32_t)(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if (!path) /* futimens: the descriptor itself */
		return (h = fd_handle(dirfd)) ? linux_result(utimes_op(h, (uint64_t)times, 0))
					      : -EBADF;
	return on_path(dirfd, path, flags, utimes_op, (uint64_t)times, 0);
}

SYSCALL2(truncate, const char *, path, int64_t, length)
{
	port_name_t dir, h;
	uint32_t type;
	int64_t r = start(AT_FDCWD, path, &dir);

	if (r)
		return r;
	if (length < 0)
		return -EINVAL;
	if ((r = rpc_fs_open(dir, path, O_WRONLY, 0, &h, &type)) < 0)
		return linux_result(r);
	if (!(r = limit_file_size(h, length)))
		r = linux_result(rpc_fs_truncate(h, length));
	port_mod_refs(h, RIGHT_SEND, -1);
	return r;
}

SYSCALL2(ftruncate, int, fd, int64_t, length)
{
	port_name_t h = fd_handle(fd);

	if (!h)
		return -EBADF;
	if (length < 0)
		return -EINVAL;
	int64_t r = limit_file_size(h, length);
	return r ? r : linux_result(rpc_fs_truncate(h, length));
}
