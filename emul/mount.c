/*
 * File systems: mount(2) of "proc" (the process server's /proc, attached on a directory
 * of the fs-server: proc.mount_proc), of "ext2" from a virtio disk's or a loop device's
 * block node (the fs-server mounts the volume: fs.mount), of "tmpfs" (fs.mount_tmpfs),
 * bind mounts (fs.bind), their propagation (fs.propagation), remounts, umount2, and
 * statfs and fstatfs, which the server of the file answers (fs.statfs).
 */
#include <asm/statfs.h>
#include <errno.h>
#include <format.h>
#include <fs.h>
#include <linux/fcntl.h>
#include <linux/limits.h>
#include <linux/major.h>
#include <linux/mount.h>
#include <linux/stat.h>
#include <linux_fs.h>
#include <masque/rights.h>
#include <proc.h>
#include <string.h>
#include <trap.h>
#include <virtblk.h>
#include "errno_of.h"
#include "fd.h"
#include "path.h"
#include "process.h"
#include "syscall.h"
#include "user.h"

/* target as a path from the root, into out: what the mount table shows. */
static int64_t absolute(const char *target, char out[PATH_MAX])
{
	if (target[0] == '/')
		return strlcpy(out, target, PATH_MAX) < PATH_MAX ? 0 : -ENAMETOOLONG;
	int64_t n = cwd_path(out, PATH_MAX);
	if (n < 0)
		return n;
	size_t at = strlen(out);
	return snprintf(out + at, PATH_MAX - at, "%s%s", at > 1 ? "/" : "", target) <
			       (int)(PATH_MAX - at)
		       ? 0
		       : -ENAMETOOLONG;
}

/* Attach the process server's /proc on the directory target. */
static int64_t mount_proc(const char *target)
{
	static char where[PATH_MAX];
	port_name_t dir = path_dir(AT_FDCWD, target), h;
	uint32_t type;
	int64_t r = absolute(target, where);

	if (r)
		return r;
	if ((r = rpc_fs_open(dir, target, O_PATH | O_DIRECTORY, 0, &h, &type)) < 0)
		return linux_result(r);
	r = rpc_proc_mount_proc(process.proc, h, where);
	port_mod_refs(h, RIGHT_SEND, -1);
	return linux_result(r);
}

/* mount -o remount,ro or rw (nosuid or not) of the file system on target: the
 * fs-server's (MS_SILENT and the old magic number in the high bits say nothing to it). */
static int64_t remount(const char *target, uint64_t flags)
{
	flags &= ~(uint64_t)(MS_MGC_MSK | MS_SILENT);
	if (flags & ~(uint64_t)(MS_REMOUNT | MS_RDONLY | MS_NOSUID))
		return -EINVAL;
	return linux_result(rpc_fs_mount(path_dir(AT_FDCWD, target), target, "", (uint32_t)flags));
}

/* The volume name of block device rdev (a disk's, "vdb1", or a loop device's, "loop0")
 * into volume: 0, or -ENXIO for a device we have not. */
static int64_t volume_of(uint64_t rdev, char volume[VIRTBLK_NAME])
{
	uint32_t major = (uint32_t)(rdev >> 8 & 0xfff),
		 minor = (uint32_t)((rdev & 0xff) | (rdev >> 12 & ~0xffull));

	if (major == LOOP_MAJOR)
		return snprintf(volume, VIRTBLK_NAME, "loop%u", minor) < VIRTBLK_NAME ? 0 : -ENXIO;
	if (major != VIRTBLK_MAJOR || virtblk_name(minor, volume))
		return -ENXIO;
	return 0;
}

/* Mount the ext2 file system of the block node source on the directory target (the
 * fs-server says who may): ENOTBLK for a source that is no block node, ENXIO for one no
 * disk or loop device of ours has. */
static int64_t mount_ext2(const char *source, const char *target, uint64_t flags)
{
	static char where[PATH_MAX];
	char volume[VIRTBLK_NAME];
	struct fs_attr a;
	int64_t r = path_check(source, 0);

	if (r || (r = absolute(target, where)))
		return r;
	if (flags & ~(uint64_t)(MS_RDONLY | MS_NOSUID | MS_SILENT | MS_MGC_MSK))
		return -EINVAL; /* what the fs-server does not do */
	if ((r = rpc_fs_stat_path(path_dir(AT_FDCWD, source), source, 0, &a)) < 0)
		return linux_result(r);
	if (!S_ISBLK(a.mode))
		return -ENOTBLK;
	if ((r = volume_of(a.rdev, volume)))
		return r;
	return linux_result(rpc_fs_mount(path_dir(AT_FDCWD, where), where, volume,
					 (uint32_t)(flags & (MS_RDONLY | MS_NOSUID))));
}

/* Mount a new tmpfs on the directory target, with the options data gives (a string,
 * or NULL for none); source is only what the mount table shows. */
static int64_t mount_tmpfs(const char *source, const char *target, uint64_t flags, const char *data)
{
	static char where[PATH_MAX];
	int64_t r = absolute(target, where);

	if (r || (source && (r = path_check(source, 1))) || (data && (r = path_check(data, 1))))
		return r;
	if (flags & ~(uint64_t)(MS_RDONLY | MS_NOSUID | MS_SILENT | MS_MGC_MSK))
		return -EINVAL; /* what the fs-server does not do */
	return linux_result(rpc_fs_mount_tmpfs(path_dir(AT_FDCWD, where), where,
					       source ? source : "none", data ? data : "",
					       (uint32_t)(flags & (MS_RDONLY | MS_NOSUID))));
}

/* mount --bind: what source names shown again on target (the fs-server's files only),
 * with MS_REC (--rbind) the mounts below it too. */
static int64_t bind(const char *source, const char *target, uint64_t flags)
{
	static char where[PATH_MAX];
	port_name_t h;
	uint32_t type;
	int64_t r = path_check(source, 0);

	if (r || (r = absolute(target, where)))
		return r;
	if (flags & ~(uint64_t)(MS_BIND | MS_REC | MS_SILENT | MS_MGC_MSK))
		return -EINVAL;
	if ((r = rpc_fs_open(path_dir(AT_FDCWD, source), source, O_PATH, 0, &h, &type)) < 0)
		return linux_result(r);
	r = rpc_fs_bind(path_dir(AT_FDCWD, where), where, h, (uint32_t)(flags & MS_REC));
	port_mod_refs(h, RIGHT_SEND, -1);
	return linux_result(r);
}

/* mount --make-shared, --make-slave, --make-private, --make-unbindable (with MS_REC
 * their r- forms) of the mount whose root target names: the fs-server's, which says
 * what flags it takes (MS_SILENT and the old magic number say nothing to it; the bits
 * of the number's mask are the propagation types' too). */
static int64_t propagation(const char *target, uint64_t flags)
{
	if ((flags & MS_MGC_MSK) == MS_MGC_VAL)
		flags &= ~(uint64_t)MS_MGC_MSK;
	flags &= ~(uint64_t)MS_SILENT;
	if (flags != (uint32_t)flags)
		return -EINVAL;
	return linux_result(
		rpc_fs_propagation(path_dir(AT_FDCWD, target), target, (uint32_t)flags));
}

SYSCALL5(mount, const char *, source, const char *, target, const char *, fstype, uint64_t, flags,
	 const void *, data)
{
	int64_t r = path_check(target, 0);

	if (r)
		return r;
	if (flags & MS_REMOUNT)
		return remount(target, flags);
	if (flags & MS_BIND)
		return bind(source, target, flags);
	if (flags & (MS_SHARED | MS_PRIVATE | MS_SLAVE | MS_UNBINDABLE))
		return propagation(target, flags);
	if (flags & MS_MOVE)
		return -EINVAL; /* no moves of mounts so far */
	if (!fstype || path_check(fstype, 0))
		return -EFAULT;
	if (!strcmp(fstype, "proc"))
		return mount_proc(target);
	if (!strcmp(fstype, "ext2"))
		return mount_ext2(source, target, flags);
	if (!strcmp(fstype, "tmpfs"))
		return mount_tmpfs(source, target, flags, data);
	return -ENODEV; /* a type no server of ours mounts */
}

SYSCALL2(umount2, const char *, target, uint32_t, flags)
{
	int64_t r = path_check(target, 0);

	if (r)
		return r;
	if (flags & ~(uint32_t)MNT_FORCE)
		return -EINVAL;
	return linux_result(rpc_fs_unmount(path_dir(AT_FDCWD, target), target, flags));
}

/* struct statfs from the server of handle h. */
static int64_t statfs_of(port_name_t h, struct statfs *out)
{
	uint64_t type, bsize, blocks, bfree, bavail, files, ffree, namelen;
	int64_t r =
		rpc_fs_statfs(h, &type, &bsize, &blocks, &bfree, &bavail, &files, &ffree, &namelen);

	if (r < 0)
		return linux_result(r);
	if (!user_whole(out, sizeof(*out)))
		return -EFAULT;
	memset(out, 0, sizeof(*out));
	out->f_type = (long)type, out->f_bsize = (long)bsize, out->f_frsize = (long)bsize;
	out->f_blocks = blocks, out->f_bfree = bfree, out->f_bavail = bavail;
	out->f_files = files, out->f_ffree = ffree, out->f_namelen = (long)namelen;
	return 0;
}

SYSCALL2(statfs, const char *, path, struct statfs *, out)
{
	port_name_t h;
	int64_t r = path_open(AT_FDCWD, path, 0, &h);

	if (r)
		return r;
	r = statfs_of(h, out);
	port_mod_refs(h, RIGHT_SEND, -1);
	return r;
}

SYSCALL2(fstatfs, int, fd, struct statfs *, out)
{
	port_name_t h = fd_handle(fd);

	return h ? statfs_of(h, out) : -EBADF;
}
