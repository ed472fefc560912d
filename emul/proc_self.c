/*
 * /proc/self's links that emul answers itself: /proc/self reads as the link to the pid
 * (paths through it are walk.c's), and a link /proc/self/fd/N of a character device (a
 * terminal: musl's ttyname reads it) names the device's node in /dev, found by its
 * device and inode numbers, as the server cannot name another's file.
 */
#include <format.h>
#include <fs.h>
#include <fs_proto.h>
#include <linux/fcntl.h>
#include <linux/limits.h>
#include <linux/stat.h>
#include <masque/rights.h>
#include <string.h>
#include <trap.h>
#include "fd.h"
#include "path.h"
#include "process.h"

#define SELF	"/proc/self"
#define SELF_FD "/proc/self/fd/"

/* Whether path is /proc/self followed by nothing (0), '/' (1) or anything else (-1). */
static int after_self(const char *path)
{
	size_t n = sizeof(SELF) - 1;

	if (strncmp(path, SELF, n))
		return -1;
	return path[n] == 0 ? 0 : path[n] == '/' ? 1 : -1;
}

/* The descriptor path names as /proc/self/fd/N, or -1. */
static int self_fd(const char *path)
{
	int fd = 0;
	const char *p = path + sizeof(SELF_FD) - 1;

	if (strncmp(path, SELF_FD, sizeof(SELF_FD) - 1) || !*p || strlen(p) > 4)
		return -1;
	for (; *p; p++) {
		if (*p < '0' || *p > '9')
			return -1;
		fd = fd * 10 + (*p - '0');
	}
	return fd;
}

/* The name in directory dir (a path from the root) of the file (dev, ino), as
 * dir/NAME into target: its length, or -1 if none is. */
static int name_of_node(const char *dir, uint64_t dev, uint64_t ino, char *target, size_t room)
{
	static char entries[FS_IO_INLINE];
	port_name_t h;
	uint32_t type, len;
	uint64_t cookie = 0;
	int found = -1;

	if (rpc_fs_open(process.root, dir, O_RDONLY | O_DIRECTORY, 0, &h, &type) < 0)
		return -1;
	while (found < 0 &&
	       rpc_fs_readdir(h, cookie, sizeof(entries), entries, &len, &cookie) >= 0 && len)
		for (uint32_t at = 0; found < 0 && at < len;) {
			struct fs_attr a;
			uint16_t reclen;
			const char *name = entries + at + 19;
			memcpy(&reclen, entries + at + 16, 2);
			at += reclen;
			if (rpc_fs_stat_path(h, name, AT_SYMLINK_NOFOLLOW, &a) >= 0 &&
			    S_ISCHR(a.mode) && a.dev == dev && a.ino == ino)
				found = snprintf(target, room, "%s/%s", dir, name);
		}
	port_mod_refs(h, RIGHT_SEND, -1);
	return found;
}

int device_node(port_name_t h, char *target, size_t room)
{
	struct fs_attr a;
	int n;

	if (!h || rpc_fs_stat(h, &a) < 0 || !S_ISCHR(a.mode))
		return -1;
	if ((n = name_of_node("/dev", a.dev, a.ino, target, room)) < 0)
		n = name_of_node("/dev/pts", a.dev, a.ino, target, room);
	return n;
}

/* A character device's node, for descriptor fd's link: its length, or -1. */
static int device_link(int fd, char *target, size_t room)
{
	return device_node(fd_handle(fd), target, room);
}

int proc_self_link(const char *path, char *target, size_t room)
{
	if (!path)
		return -1;
	if (after_self(path) == 0)
		return snprintf(target, room, "%d", process.pid);
	int fd = self_fd(path);
	return fd < 0 ? -1 : device_link(fd, target, room);
}
