/*
 * Directories: reading them (getdents64, at the description's position, which the
 * server keeps), the working directory (a handle in process.h), and its name, found
 * as Unix always has: up through "..", looking for where we came from.
 */
#include <errno.h>
#include <fs.h>
#include <fs_attr.h>
#include <fs_proto.h>
#include <linux/fcntl.h>
#include <linux/limits.h>
#include <linux/stat.h>
#include <masque/rights.h>
#include <stdio.h>
#include <string.h>
#include <trap.h>
#include "errno_of.h"
#include "fd.h"
#include "path.h"
#include "process.h"
#include "syscall.h"
#include "user.h"

SYSCALL3(getdents64, int, fd, void *, buf, uint32_t, count)
{
	port_name_t h = fd_handle(fd);
	uint32_t len = 0;
	uint64_t next;
	int64_t r;

	if (!h)
		return -EBADF;
	if (!user_whole(buf, count))
		return -EFAULT;
	r = rpc_fs_readdir(h, FS_READDIR_POSITION, count < FS_IO_INLINE ? count : FS_IO_INLINE, buf,
			   &len, &next);
	return r < 0 ? linux_result(r) : len;
}

/* The device, inode and mode of handle h. */
static int64_t identity(port_name_t h, uint64_t *dev, uint64_t *ino, uint32_t *mode)
{
	struct fs_attr a;
	int64_t r = fs_attr_of(h, &a);

	*dev = a.dev, *ino = a.ino, *mode = a.mode;
	return r;
}

/* Make handle h (whose reference we take) the working directory. */
static int64_t set_cwd(port_name_t h)
{
	uint64_t dev, ino;
	uint32_t mode;
	int64_t r = identity(h, &dev, &ino, &mode);

	if (r >= 0 && !S_ISDIR(mode))
		r = -ENOTDIR;
	if (r < 0) {
		port_mod_refs(h, RIGHT_SEND, -1);
		return linux_result(r);
	}
	/* the root's right stays: the working directory may be that same name, whose two
	 * references a fork's copy of the task holds as one */
	if (process.cwd != process.root)
		port_mod_refs(process.cwd, RIGHT_SEND, -1);
	process.cwd = h;
	return 0;
}

SYSCALL1(chdir, const char *, path)
{
	port_name_t h;
	uint32_t type;
	int64_t r = path_check(path, 0);

	if (r)
		return r;
	r = rpc_fs_open(path_dir(AT_FDCWD, path), proc_self_path(path), O_PATH | O_DIRECTORY, 0, &h,
			&type);
	if (r < 0)
		return linux_result(r);
	if ((r = rpc_fs_access(h, ".", 1 /* X_OK */, 0)) < 0) {
		port_mod_refs(h, RIGHT_SEND, -1);
		return linux_result(r);
	}
	return set_cwd(h);
}

SYSCALL1(fchdir, int, fd)
{
	port_name_t h = fd_handle(fd);
	int64_t r;

	if (!h)
		return -EBADF;
	if ((r = rpc_fs_access(h, ".", 1 /* X_OK */, 0)) < 0)
		return linux_result(r);
	if ((r = port_mod_refs(h, RIGHT_SEND, 1)))
		return linux_result(r);
	return set_cwd(h);
}

/* Whether parent's entry name leads to (dev, ino). */
static int seen_through(port_name_t parent, const char *name, uint64_t dev, uint64_t ino)
{
	port_name_t e;
	uint64_t edev, eino;
	uint32_t type, mode;
	int64_t r = rpc_fs_open(parent, name, O_PATH | O_NOFOLLOW, 0, &e, &type);

	if (r < 0)
		return 0;
	r = identity(e, &edev, &eino, &mode);
	port_mod_refs(e, RIGHT_SEND, -1);
	return r >= 0 && edev == dev && eino == ino;
}

/* The name under which directory parent holds (dev, ino), into name; 0 or an error.
 * An entry's inode number tells, but for a mount point, whose entry is the directory
 * under it: there the entry's own device and inode, seen through it, tell. */
static int64_t name_in(port_name_t parent, uint64_t dev, uint64_t ino, char *name)
{
	static char entries[FS_IO_INLINE];
	uint64_t cookie = 0, pdev, pino;
	uint32_t len, mode;
	int64_t r = identity(parent, &pdev, &pino, &mode);

	while (r >= 0 &&
	       !(r = rpc_fs_readdir(parent, cookie, sizeof(entries), entries, &len, &cookie)) &&
	       len)
		for (uint32_t at = 0; at < len;) {
			uint64_t d_ino;
			uint16_t reclen;
			const char *d_name = entries + at + 19;

			memcpy(&d_ino, entries + at, 8);
			memcpy(&reclen, entries + at + 16, 2);
			at += reclen;
			if (!strcmp(d_name, ".") || !strcmp(d_name, ".."))
				continue;
			if (pdev == dev) {
				if (d_ino != ino)
					continue;
			} else if (!seen_through(parent, d_name, dev, ino))
				continue;
			strlcpy(name, d_name, NAME_MAX + 1);
			return 0;
		}
	return r < 0 ? r : -ENOENT;
}

/* Prepend "/name" to the path being built backwards from the end of buf at *at. */
static int prepend(char *buf, size_t *at, const char *name)
{
	size_t n = strlen(name);

	if (n + 1 > *at)
		return -ERANGE;
	*at -= n;
	memcpy(buf + *at, name, n);
	buf[--*at] = '/';
	return 0;
}

SYSCALL2(getcwd, char *, out, uint64_t, size)
{
	static char path[PATH_MAX];
	int64_t n = cwd_path(path, sizeof(path));

	if (n < 0)
		return n;
	if ((uint64_t)n > size)
		return -ERANGE;
	if (!user_whole(out, (uint64_t)n))
		return -EFAULT;
	memcpy(out, path, (size_t)n);
	return n;
}

int64_t cwd_path(char *out, uint64_t size)
{
	static char path[PATH_MAX];
	char name[NAME_MAX + 1];
	uint64_t root_dev, root_ino, dev, ino;
	uint32_t mode, type;
	size_t at = sizeof(path) - 1;
	port_name_t here = process.cwd, parent;
	int64_t r = identity(process.root, &root_dev, &root_ino, &mode);

	path[at] = 0;
	port_mod_refs(here, RIGHT_SEND, 1);
	while (r >= 0 && (r = identity(here, &dev, &ino, &mode)) >= 0 &&
	       !(dev == root_dev && ino == root_ino)) {
		if ((r = rpc_fs_open(here, "..", O_RDONLY | O_DIRECTORY, 0, &parent, &type)) < 0)
			break;
		if ((r = name_in(parent, dev, ino, name)) >= 0)
			r = prepend(path, &at, name);
		port_mod_refs(here, RIGHT_SEND, -1);
		here = parent;
	}
	port_mod_refs(here, RIGHT_SEND, -1);
	if (r < 0)
		return linux_result(r);
	if (at == sizeof(path) - 1)
		path[--at] = '/';
	size_t n = sizeof(path) - at;
	if (n > size)
		return -ERANGE;
	memcpy(out, path + at, n);
	return (int64_t)n;
}

void dir_take_root(port_name_t new_root)
{
	static char path[PATH_MAX];
	port_name_t old_root = process.root, h = PORT_NULL;
	uint32_t type;
	int64_t r = cwd_path(path, sizeof(path)); /* from the old root, while it is ours */

	process.root = new_root;
	if (r >= 0)
		r = rpc_fs_open(new_root, path, O_PATH | O_DIRECTORY, 0, &h, &type);
	if (r < 0) {
		/* never keep a directory handle of the old identity: it would act as it */
		printf("emul: pid %d: the working directory is out of the new identity's reach: "
		       "now /\n",
		       process.pid);
		port_mod_refs(new_root, RIGHT_SEND, 1);
		h = new_root;
	}
	port_mod_refs(process.cwd, RIGHT_SEND, -1);
	process.cwd = h;
	port_mod_refs(old_root, RIGHT_SEND, -1);
}
