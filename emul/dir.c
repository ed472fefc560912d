/*
 * Directories: reading them (getdents64, at the description's position, which the
 * server keeps), the working directory (a handle in process.h), and its name, found
 * as Unix always has: up through "..", looking for where we came from.
 */
#include <errno.h>
#include <fs.h>
#include <fs_path.h>
#include <fs_proto.h>
#include <linux/fcntl.h>
#include <linux/limits.h>
#include <linux/stat.h>
#include <masque/rights.h>
#include <proc.h>
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
	int64_t r = rpc_fs_stat(h, &a);

	*dev = a.dev, *ino = a.ino, *mode = a.mode;
	return r;
}

/* Tell the process server the working directory's path, for /proc/PID/cwd ("" when it
 * has none to give, or none that fits). */
static void tell_cwd(void)
{
	static char path[PATH_MAX];

	if (cwd_path(path, sizeof(path)) < 0 || strlen(path) > 255)
		path[0] = 0;
	rpc_proc_cwd(process.proc, path);
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
	port_mod_refs(process.cwd, RIGHT_SEND, -1);
	process.cwd = h;
	tell_cwd();
	return 0;
}

SYSCALL1(chdir, const char *, path)
{
	port_name_t h;
	uint32_t type;
	int64_t r = path_check(path, 0);

	if (r)
		return r;
	r = walk_open(path_dir(AT_FDCWD, path), path, O_PATH | O_DIRECTORY, 0, &h, &type);
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
	int64_t r = fs_path_of(process.root, process.cwd, walk_parent, out, size);

	return r < 0 ? linux_result(r) : r;
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
