/*
 * tmpfs (tests/compat/tmpfs.t prints nothing more; Masque only, TAP with its plan at the
 * end: Linux would need root to mount): mount -t tmpfs with options, its statfs, files,
 * directories, links, a program run from it and a shared mapping of one of its files,
 * the size limit, read-only remounts, the mount table, what is refused, and that its
 * files are gone after umount.
 * usage: tmpfs (it copies itself, argv[0], into the tmpfs and runs that copy)
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/wait.h>
#include <unistd.h>
#include "points.h"

#define T "/t"

/* Copy file from to to (mode 755): 0 or -1. */
static int copy(const char *from, const char *to)
{
	char buf[8192];
	int in = open(from, O_RDONLY), out = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0755);
	ssize_t got;

	while (in >= 0 && out >= 0 && (got = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, (size_t)got) != got)
			got = -1;
	return close(in) | close(out);
}

/* The exit status of path run with "child", or -1. */
static int run_child(const char *path)
{
	int st;
	pid_t pid = fork();

	if (pid == 0) {
		execl(path, path, "child", (char *)NULL);
		_exit(127);
	}
	return waitpid(pid, &st, 0) == pid && WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* How many entries directory path has, "." and ".." too. */
static int entries(const char *path)
{
	DIR *d = opendir(path);
	int count = 0;

	while (d && readdir(d))
		count++;
	if (d)
		closedir(d);
	return count;
}

static void mounted(void)
{
	struct statfs sf;
	struct stat st, root;

	check("mount -t tmpfs with size= and mode=",
	      mount("scratch", T, "tmpfs", 0, "size=1m,mode=1770") == 0);
	check("statfs says tmpfs", statfs(T, &sf) == 0 && sf.f_type == TMPFS_MAGIC);
	check("of 1 MiB in 4 KiB blocks, all free",
	      sf.f_bsize == 4096 && sf.f_blocks == 256 && sf.f_bfree == 256);
	check("its root has the mode asked", stat(T, &st) == 0 && (st.st_mode & 07777) == 01770);
	check("a device number of its own", stat("/", &root) == 0 && st.st_dev != root.st_dev);
	check("the mount table shows it", in_table("scratch " T " tmpfs rw"));
	check("an empty directory: . and ..", entries(T) == 2);
}

static void files(void)
{
	struct stat a, b;

	check("a file written reads back",
	      put(T "/f", "in memory") == 0 && !strcmp(get(T "/f"), "in memory"));
	check("a directory and a file in it", mkdir(T "/d", 0755) == 0 &&
						      put(T "/d/g", "deeper") == 0 &&
						      !strcmp(get(T "/d/g"), "deeper"));
	check("the root's link count counts the directory", stat(T, &a) == 0 && a.st_nlink == 3);
	check("a hard link is the same file",
	      link(T "/f", T "/d/h") == 0 && stat(T "/f", &a) == 0 && stat(T "/d/h", &b) == 0 &&
		      a.st_ino == b.st_ino && a.st_nlink == 2);
	check("a symbolic link", symlink("d/g", T "/s") == 0 && !strcmp(get(T "/s"), "deeper"));
	check("rename across directories", rename(T "/d/g", T "/g") == 0 &&
						   !strcmp(get(T "/g"), "deeper") &&
						   err_of(access(T "/d/g", F_OK)) == ENOENT);
	check("rmdir of a directory with files is ENOTEMPTY", err_of(rmdir(T "/d")) == ENOTEMPTY);
	check("unlink, and it is gone", unlink(T "/d/h") == 0 && rmdir(T "/d") == 0 &&
						err_of(access(T "/d", F_OK)) == ENOENT);
	check("a hole reads as zeros and takes no blocks", ({
		      int fd = open(T "/sparse", O_RDWR | O_CREAT, 0644);
		      char c = 1;
		      int ok = fd >= 0 && pwrite(fd, "x", 1, 100000) == 1 &&
			       pread(fd, &c, 1, 50000) == 1 && c == 0 && fstat(fd, &a) == 0 &&
			       a.st_size == 100001 && a.st_blocks == 8;
		      close(fd);
		      ok;
	      }));
}

static void mapped_and_run(const char *self)
{
	int fd = open(T "/m", O_RDWR | O_CREAT, 0644);
	char *map = fd >= 0 && ftruncate(fd, 4096) == 0
			    ? mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0)
			    : MAP_FAILED;

	check("a shared mapping of a file", map != MAP_FAILED);
	if (map != MAP_FAILED) {
		memcpy(map, "mapped", 7);
		msync(map, 4096, MS_SYNC);
		munmap(map, 4096);
	}
	close(fd);
	check("what was written through it is the file's", !strcmp(get(T "/m"), "mapped"));
	check("a program copied there runs",
	      copy(self, T "/prog") == 0 && run_child(T "/prog") == 42);
}

static void limits(void)
{
	static char mib[1 << 20];
	struct statfs before, after;
	int fd = statfs(T, &before) ? -1 : open(T "/big", O_WRONLY | O_CREAT, 0644);
	ssize_t got = write(fd, mib, sizeof(mib));

	check("a write past the size is short", got > 0 && got < (ssize_t)sizeof(mib));
	check("and the next is ENOSPC", err_of(write(fd, mib, 4096)) == ENOSPC);
	close(fd);
	check("space comes back when the file goes",
	      unlink(T "/big") == 0 && statfs(T, &after) == 0 && after.f_bfree == before.f_bfree);
}

static void read_only(void)
{
	int fd = open(T "/f", O_WRONLY);

	check("remount read-only is EBUSY with a file open for writing",
	      err_of(mount(NULL, T, NULL, MS_REMOUNT | MS_RDONLY, NULL)) == EBUSY);
	close(fd);
	check("remount read-only", mount(NULL, T, NULL, MS_REMOUNT | MS_RDONLY, NULL) == 0);
	check("then writing is EROFS", err_of(put(T "/new", "x")) == EROFS);
	check("and opening a file for writing", err_of(open(T "/f", O_WRONLY)) == EROFS);
	check("and its files still read", !strcmp(get(T "/f"), "in memory"));
	check("remount read-write",
	      mount(NULL, T, NULL, MS_REMOUNT, NULL) == 0 && put(T "/new", "x") == 0);
}

static void refused(void)
{
	check("an unknown option is EINVAL",
	      err_of(mount("tmpfs", "/mnt", "tmpfs", 0, "colour=blue")) == EINVAL);
	check("a bad size is EINVAL",
	      err_of(mount("tmpfs", "/mnt", "tmpfs", 0, "size=lots")) == EINVAL);
	check("umount while a file is open is EBUSY", ({
		      int fd = open(T "/f", O_RDONLY);
		      int e = err_of(umount(T));
		      close(fd);
		      e == EBUSY;
	      }));
	pid_t pid = fork();
	int st;
	if (pid == 0)
		_exit(setresuid(1000, 1000, 1000)
			      ? 100
			      : err_of(mount("tmpfs", "/mnt", "tmpfs", 0, NULL)));
	check("uid 1000 may not mount one",
	      waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == EPERM);
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "child"))
		return 42;
	if (mkdir(T, 0755)) {
		printf("Bail out! mkdir %s\n", T);
		return 1;
	}
	mounted();
	files();
	mapped_and_run(argv[0]);
	limits();
	read_only();
	refused();
	check("umount", umount(T) == 0);
	check("its files are gone", err_of(access(T "/f", F_OK)) == ENOENT && entries(T) == 2);
	check("mounted again it is empty",
	      mount("tmpfs", T, "tmpfs", 0, NULL) == 0 && entries(T) == 2 && umount(T) == 0);
	printf("1..%d\n", n);
	return 0;
}
