/*
 * Bind mounts (tests/compat/bind.t, which prints the plan; Masque only, TAP: Linux
 * would need mounts on the host): a directory of the root file system shown again
 * elsewhere, its files the same files (data, identity, mappings, locks), ".." at its
 * top the directory it covers, getcwd through it (beside its source, too); a file
 * bound on a file; who may; what stays busy; the second disk mounted on /mnt cannot go
 * while a bind shows part of it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define DISK "/dev/vdb" /* the second disk, an empty ext2 file system */

static int n;

static void check(const char *what, int ok)
{
	printf("%sok %d - %s\n", ok ? "" : "not ", ++n, what);
	fflush(stdout);
}

static int put(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd < 0)
		return -1; /* errno: open's */
	int ok = write(fd, text, strlen(text)) == (ssize_t)strlen(text);
	return close(fd) == 0 && ok ? 0 : -1;
}

/* The first line of path, or "" */
static const char *get(const char *path)
{
	static char buf[64];
	int fd = open(path, O_RDONLY);
	ssize_t got = fd < 0 ? 0 : read(fd, buf, sizeof(buf) - 1);

	close(fd);
	buf[got > 0 ? got : 0] = 0;
	return buf;
}

static int same_file(const char *a, const char *b)
{
	struct stat x, y;

	return !stat(a, &x) && !stat(b, &y) && x.st_dev == y.st_dev && x.st_ino == y.st_ino;
}

/* Whether the mount table has a line for where. */
static int in_table(const char *where)
{
	char line[512], want[300];
	FILE *f = fopen("/proc/mounts", "r");
	int found = 0;

	snprintf(want, sizeof(want), " %s ext2 ", where);
	while (f && fgets(line, sizeof(line), f))
		found |= strstr(line, want) != NULL;
	if (f)
		fclose(f);
	return found;
}

/* The errno of mount --bind from source to target in a child of uid 1000, 0 if it
 * worked. */
static int bind_as_user(const char *source, const char *target)
{
	int st;
	pid_t pid = fork();

	if (pid == 0) {
		if (setresuid(1000, 1000, 1000))
			_exit(100);
		_exit(mount(source, target, NULL, MS_BIND, NULL) ? errno : 0);
	}
	return waitpid(pid, &st, 0) == pid && WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* A lock on the whole of path from a child: 0, or its errno. */
static int child_locks(const char *path)
{
	int st;
	pid_t pid = fork();

	if (pid == 0) {
		int fd = open(path, O_RDWR);
		struct flock l = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
		_exit(fd < 0 ? 100 : fcntl(fd, F_SETLK, &l) ? errno : 0);
	}
	return waitpid(pid, &st, 0) == pid && WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void files(void)
{
	char cwd[256];
	struct flock l = { .l_type = F_WRLCK, .l_whence = SEEK_SET };

	check("mount --bind of a directory",
	      mount("/b/src/deep", "/bdst", NULL, MS_BIND, NULL) == 0);
	check("its files are there", !strcmp(get("/bdst/f"), "hello"));
	check("the same files: device and inode", same_file("/bdst/f", "/b/src/deep/f"));
	check("its top is the source directory", same_file("/bdst", "/b/src/deep"));
	check("a file made through it is in the source",
	      put("/bdst/g", "new") == 0 && !strcmp(get("/b/src/deep/g"), "new"));
	check("\"..\" at its top is the covered directory's parent",
	      same_file("/bdst/..", "/") && !same_file("/bdst/..", "/b/src"));
	check("getcwd in it says the path through it",
	      !chdir("/bdst/sub") && getcwd(cwd, sizeof(cwd)) && !strcmp(cwd, "/bdst/sub"));
	chdir("/");
	check("the mount table shows it", in_table("/bdst"));
	check("a bind beside its source, in the same directory",
	      mkdir("/b/src/twin", 0755) == 0 &&
		      mount("/b/src/deep", "/b/src/twin", NULL, MS_BIND, NULL) == 0);
	check("getcwd in it says the path through it, not the source's (one device, inode)",
	      !chdir("/b/src/twin/sub") && getcwd(cwd, sizeof(cwd)) &&
		      !strcmp(cwd, "/b/src/twin/sub"));
	check("and in the source, the source's", !chdir("/b/src/deep/sub") &&
							 getcwd(cwd, sizeof(cwd)) &&
							 !strcmp(cwd, "/b/src/deep/sub"));
	chdir("/");
	check("umount of it", umount("/b/src/twin") == 0 && rmdir("/b/src/twin") == 0);

	int fd = open("/bdst/f", O_RDWR);
	char *map = fd < 0 ? MAP_FAILED : mmap(0, 4096, PROT_READ, MAP_SHARED, fd, 0);
	int other = open("/b/src/deep/f", O_WRONLY);
	check("a shared mapping through it sees a write through the source",
	      map != MAP_FAILED && pwrite(other, "J", 1, 0) == 1 && map[0] == 'J');
	close(other);
	if (map != MAP_FAILED)
		munmap(map, 4096);
	check("a lock through it holds through the source",
	      fcntl(fd, F_SETLK, &l) == 0 && child_locks("/b/src/deep/f") == EAGAIN);
	check("rename out of it: EXDEV",
	      rename("/bdst/g", "/b/src/deep/h") == -1 && errno == EXDEV);
	check("umount while a file is open through it: EBUSY",
	      umount("/bdst") == -1 && errno == EBUSY);
	close(fd);
	check("umount", umount("/bdst") == 0);
	check("then the directory under it shows again",
	      access("/bdst/f", F_OK) == -1 && errno == ENOENT);
	check("nor is it in the mount table", !in_table("/bdst"));
}

static void kinds(void)
{
	check("a file bound on a file",
	      put("/bfile", "") == 0 &&
		      mount("/b/src/deep/f", "/bfile", NULL, MS_BIND, NULL) == 0 &&
		      !strcmp(get("/bfile"), "Jello"));
	check("and unmounted", umount("/bfile") == 0 && !strcmp(get("/bfile"), ""));
	check("a directory on a file: ENOTDIR",
	      mount("/b/src", "/bfile", NULL, MS_BIND, NULL) == -1 && errno == ENOTDIR);
	check("a file on a directory: ENOTDIR",
	      mount("/b/src/deep/f", "/bdst", NULL, MS_BIND, NULL) == -1 && errno == ENOTDIR);
	check("a source that is not there: ENOENT",
	      mount("/b/none", "/bdst", NULL, MS_BIND, NULL) == -1 && errno == ENOENT);
	check("by uid 1000: EPERM", bind_as_user("/b/src", "/bdst") == EPERM);
	check("on the root: EBUSY",
	      mount("/b/src", "/", NULL, MS_BIND, NULL) == -1 && errno == EBUSY);
}

/* umount of where, which may be EBUSY for a moment after proc left a directory of it:
 * the process server lets go of its handle on that directory once the fs-server has
 * told it (a notification). */
static int umount_settled(const char *where)
{
	for (int tries = 0; tries < 50; tries++) {
		if (umount(where) == 0)
			return 1;
		if (errno != EBUSY)
			return 0;
		usleep(20000);
	}
	return 0;
}

/* The second disk on /mnt, part of it bound on /bdst: /mnt stays while it is. */
static void busy_base(void)
{
	check("the second disk mounted on /mnt", mount(DISK, "/mnt", "ext2", 0, NULL) == 0 &&
							 mkdir("/mnt/x", 0755) == 0 &&
							 put("/mnt/x/y", "second") == 0);
	check("a directory of it bound", mount("/mnt/x", "/bdst", NULL, MS_BIND, NULL) == 0 &&
						 !strcmp(get("/bdst/y"), "second"));
	check("remount read-only through the bind: the disk's file system is",
	      mount(NULL, "/bdst", NULL, MS_REMOUNT | MS_RDONLY, NULL) == 0 &&
		      put("/mnt/x/z", "no") == -1 && errno == EROFS);
	check("and read-write again",
	      mount(NULL, "/bdst", NULL, MS_REMOUNT, NULL) == 0 && put("/mnt/x/z", "yes") == 0);
	check("umount of the disk while the bind shows part of it: EBUSY",
	      umount("/mnt") == -1 && errno == EBUSY);
	check("a bind inside the bind",
	      mkdir("/mnt/x/in", 0755) == 0 &&
		      mount("/b/src", "/bdst/in", NULL, MS_BIND, NULL) == 0);
	check("umount of the outer bind while the inner is there: EBUSY",
	      umount("/bdst") == -1 && errno == EBUSY);
	check("umount of the inner bind, then of the outer",
	      umount("/bdst/in") == 0 && umount("/bdst") == 0);
	check("proc on a directory of the disk", mount("proc", "/mnt/x", "proc", 0, NULL) == 0);
	check("umount of the disk while proc is there: EBUSY",
	      umount("/mnt") == -1 && errno == EBUSY);
	check("umount of proc, then of the disk", umount("/mnt/x") == 0 && umount_settled("/mnt"));
}

int main(void)
{
	if (mkdir("/b", 0755) || mkdir("/b/src", 0755) || mkdir("/b/src/deep", 0755) ||
	    mkdir("/b/src/deep/sub", 0755) || put("/b/src/deep/f", "hello") ||
	    mkdir("/bdst", 0755)) {
		printf("Bail out! cannot make the tree\n");
		return 1;
	}
	files();
	kinds();
	busy_base();
	return 0;
}
