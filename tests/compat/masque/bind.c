/*
 * Bind mounts (tests/compat/bind.t, which prints the plan; Masque only, TAP: Linux
 * would need mounts on the host): a directory of the root file system shown again
 * elsewhere, its files the same files (data, identity, mappings, locks), ".." at its
 * top the directory it covers, getcwd through it (beside its source, too); a file
 * bound on a file; who may; what stays busy; the second disk mounted on /mnt cannot go
 * while a bind shows part of it. Then mounts stacked on a mount's root, mount --rbind,
 * and the propagation of mounts and unmounts between peers and to slaves (shared
 * subtrees), with BusyBox's "mount bind+rshared" test step by step.
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
#include "points.h"

#define DISK "/dev/vdb" /* the second disk, an empty ext2 file system */

static int same_file(const char *a, const char *b)
{
	struct stat x, y;

	return !stat(a, &x) && !stat(b, &y) && x.st_dev == y.st_dev && x.st_ino == y.st_ino;
}

/* How many lines of the mount table are for where. */
static int table_count(const char *where)
{
	char line[512], want[300];
	FILE *f = fopen("/proc/mounts", "r");
	int found = 0;

	snprintf(want, sizeof(want), " %s ext2 ", where);
	while (f && fgets(line, sizeof(line), f))
		found += strstr(line, want) != NULL;
	if (f)
		fclose(f);
	return found;
}

/* Whether the mount table has a line for where. */
static int listed(const char *where)
{
	char want[300];

	snprintf(want, sizeof(want), " %s ext2 ", where);
	return in_table(want);
}

static int bind(const char *source, const char *target)
{
	return mount(source, target, NULL, MS_BIND, NULL);
}

/* mount --make-shared and the like: flags the propagation type, with MS_REC or not. */
static int make(const char *target, unsigned long flags)
{
	return mount("none", target, NULL, flags, NULL);
}

/* Whether path is not there: ENOENT. */
static int absent(const char *path)
{
	return access(path, F_OK) == -1 && errno == ENOENT;
}

/* The errno of mount(source, target, NULL, flags) in a child of uid 1000, 0 if it
 * worked. */
static int mount_as_user(const char *source, const char *target, unsigned long flags)
{
	int st;
	pid_t pid = fork();

	if (pid == 0) {
		if (setresuid(1000, 1000, 1000))
			_exit(100);
		_exit(mount(source, target, NULL, flags, NULL) ? errno : 0);
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
	check("the mount table shows it", listed("/bdst"));
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
	check("nor is it in the mount table", !listed("/bdst"));
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
	check("by uid 1000: EPERM", mount_as_user("/b/src", "/bdst", MS_BIND) == EPERM);
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

/* A mount on the root of another covers it; umount takes the top one off. */
static void stacked(void)
{
	check("a bind on the root of a bind: it shows",
	      bind("/b/src/deep", "/bdst") == 0 && bind("/b/src", "/bdst") == 0 &&
		      same_file("/bdst", "/b/src") && !access("/bdst/deep/f", F_OK));
	check("the mount table has both", table_count("/bdst") == 2);
	check("\"..\" at the top of both is the covered directory's parent",
	      same_file("/bdst/..", "/"));
	check("umount takes the top one off: the one below shows again",
	      umount("/bdst") == 0 && same_file("/bdst", "/b/src/deep") &&
		      !strcmp(get("/bdst/f"), "Jello"));
	check("umount again: the directory itself",
	      umount("/bdst") == 0 && absent("/bdst/f") && !listed("/bdst"));
}

/* mount --rbind: the mounts below the source (a bind of a directory, a file bound on a
 * file, the second disk) come with it, where a plain bind leaves them. */
static void recursive(void)
{
	check("mounts below a source: a directory, a file, the second disk",
	      mkdir("/r", 0755) == 0 && mkdir("/r/src", 0755) == 0 &&
		      mkdir("/r/src/sub", 0755) == 0 && mkdir("/r/src/disk", 0755) == 0 &&
		      put("/r/src/file", "") == 0 && mkdir("/r/dst", 0755) == 0 &&
		      mkdir("/r/plain", 0755) == 0 && bind("/b/src/deep", "/r/src/sub") == 0 &&
		      bind("/b/src/deep/f", "/r/src/file") == 0 &&
		      mount(DISK, "/r/src/disk", "ext2", 0, NULL) == 0 &&
		      put("/r/src/disk/d", "disk") == 0);
	check("mount --bind: what is mounted below the source does not come",
	      bind("/r/src", "/r/plain") == 0 && absent("/r/plain/sub/f") &&
		      !strcmp(get("/r/plain/file"), "") && absent("/r/plain/disk/d"));
	check("rmdir of a mount point seen through another bind: EBUSY",
	      err_of(rmdir("/r/plain/sub")) == EBUSY);
	check("mount --rbind", mount("/r/src", "/r/dst", NULL, MS_BIND | MS_REC, NULL) == 0);
	check("it brings the bind of a directory below the source",
	      !strcmp(get("/r/dst/sub/f"), "Jello"));
	check("and the file bound on a file", !strcmp(get("/r/dst/file"), "Jello"));
	check("and the disk mounted below it", !strcmp(get("/r/dst/disk/d"), "disk"));
	check("the mount table shows the copies by their paths",
	      listed("/r/dst/sub") && listed("/r/dst/file") && listed("/r/dst/disk"));
	check("the disk cannot be unmounted while a copy shows it: EBUSY",
	      err_of(umount("/r/src/disk")) == EBUSY);
	check("nor the rbind while the copies are on it: EBUSY", err_of(umount("/r/dst")) == EBUSY);
	check("a copy is a mount of its own: umount of it leaves the original",
	      umount("/r/dst/sub") == 0 && absent("/r/dst/sub/f") &&
		      !strcmp(get("/r/src/sub/f"), "Jello"));
	check("by uid 1000: EPERM", mount_as_user("/r/src", "/r/plain", MS_BIND | MS_REC) == EPERM);
	check("all of it unmounted, the copies first",
	      umount("/r/dst/file") == 0 && umount("/r/dst/disk") == 0 && umount("/r/dst") == 0 &&
		      umount("/r/plain") == 0 && umount("/r/src/disk") == 0 &&
		      umount("/r/src/file") == 0 && umount("/r/src/sub") == 0);
}

/* Peer groups: /p/a shared, /p/b a bind of it (a peer), /p/c a bind of its directory
 * sub (a peer that sees only what is below sub). */
static void shared(void)
{
	check("mount --make-shared of a bind",
	      mkdir("/p", 0755) == 0 && mkdir("/p/a", 0755) == 0 && mkdir("/p/b", 0755) == 0 &&
		      mkdir("/p/c", 0755) == 0 && mkdir("/p/a/m", 0755) == 0 &&
		      mkdir("/p/a/sub", 0755) == 0 && mkdir("/p/a/sub/y", 0755) == 0 &&
		      bind("/p/a", "/p/a") == 0 && make("/p/a", MS_SHARED) == 0);
	check("binds of it are its peers",
	      bind("/p/a", "/p/b") == 0 && bind("/p/a/sub", "/p/c") == 0);
	check("a mount on a directory of it shows in the peer",
	      bind("/b/src/deep", "/p/a/m") == 0 && !strcmp(get("/p/b/m/f"), "Jello"));
	check("the copy's line in the mount table names its path", listed("/p/b/m"));
	check("not in a peer that does not see that directory", absent("/p/c/m"));
	check("in one that does, at its place there",
	      bind("/b/src/deep", "/p/a/sub/y") == 0 && !strcmp(get("/p/c/y/f"), "Jello") &&
		      listed("/p/c/y") && listed("/p/b/sub/y"));
	check("a mount on the peer shows in the first",
	      mkdir("/p/a/n", 0755) == 0 && bind("/b/src", "/p/b/n") == 0 &&
		      !strcmp(get("/p/a/n/deep/f"), "Jello"));
	check("umount takes the copies off too",
	      umount("/p/a/m") == 0 && absent("/p/b/m/f") && !listed("/p/b/m") &&
		      umount("/p/c/y") == 0 && absent("/p/a/sub/y/f") && absent("/p/b/sub/y/f"));
	int fd = open("/p/a/n/deep/f", O_RDONLY);
	check("umount while a file is open through a copy: EBUSY, nothing unmounted",
	      fd >= 0 && err_of(umount("/p/b/n")) == EBUSY &&
		      !strcmp(get("/p/b/n/deep/f"), "Jello"));
	close(fd);
	check("then umount", umount("/p/b/n") == 0 && absent("/p/a/n/deep"));
	check("mount --make-private of the peer: a mount on the first no longer shows there",
	      make("/p/b", MS_PRIVATE) == 0 && bind("/b/src/deep", "/p/a/m") == 0 &&
		      absent("/p/b/m/f") && umount("/p/a/m") == 0);
}

/* Slaves: /p/b a slave of /p/a's peer group. */
static void slave(void)
{
	check("mount --make-slave of a peer",
	      umount("/p/b") == 0 && bind("/p/a", "/p/b") == 0 && make("/p/b", MS_SLAVE) == 0);
	check("a slave receives what is mounted on its master",
	      bind("/b/src/deep", "/p/a/m") == 0 && !strcmp(get("/p/b/m/f"), "Jello"));
	check("and its unmounts", listed("/p/b/m") && umount("/p/a/m") == 0 && absent("/p/b/m/f"));
	check("but does not send", bind("/b/src/deep", "/p/b/m") == 0 &&
					   !strcmp(get("/p/b/m/f"), "Jello") &&
					   absent("/p/a/m/f") && umount("/p/b/m") == 0);
	check("mount --make-unbindable: a bind of it is EINVAL",
	      make("/p/a", MS_UNBINDABLE) == 0 && err_of(bind("/p/a/m", "/p/b/m")) == EINVAL);
	check("on what is no mount's root: EINVAL", err_of(make("/p/a/m", MS_SHARED)) == EINVAL);
	check("two types at once: EINVAL", err_of(make("/p/a", MS_SHARED | MS_PRIVATE)) == EINVAL);
	check("by uid 1000: EPERM", mount_as_user("none", "/p/a", MS_PRIVATE) == EPERM);
	check("all unmounted", umount("/p/c") == 0 && umount("/p/b") == 0 && umount("/p/a") == 0 &&
				       !listed("/p/a") && !listed("/p/b") && !listed("/p/c"));
}

/* BusyBox's testsuite's "mount bind+rshared" (testsuite/mount.tests), step by step. */
static void busybox_rshared(void)
{
	int made = !mkdir("/bb", 0755) && !chdir("/bb") && !mkdir("mount.dir", 0755) &&
		   !mkdir("mount.shared1", 0755) && !mkdir("mount.shared2", 0755) &&
		   !put("mount.dir/a", "") && !put("mount.dir/b", "");

	check("the BusyBox scenario's mounts",
	      made && bind("mount.shared1", "mount.shared1") == 0 &&
		      make("mount.shared1", MS_SHARED | MS_REC) == 0 &&
		      bind("mount.shared2", "mount.shared2") == 0 &&
		      make("mount.shared2", MS_SHARED | MS_REC) == 0 &&
		      bind("mount.shared2", "mount.shared1") == 0 &&
		      bind("mount.dir", "mount.shared2") == 0);
	check("mount.shared2 shows mount.dir",
	      same_file("mount.shared2", "mount.dir") && !access("mount.shared2/a", F_OK));
	check("and so does mount.shared1, a peer of mount.shared2's bind",
	      same_file("mount.shared1", "mount.dir") && !access("mount.shared1/b", F_OK));
	check("the copy's line names mount.shared1", table_count("/bb/mount.shared1") == 3);
	check("umount of mount.dir: EINVAL, it is no mount point",
	      err_of(umount("mount.dir")) == EINVAL);
	check("umount of mount.shared1 takes the copy and the original off",
	      umount("mount.shared1") == 0 && table_count("/bb/mount.shared2") == 1 &&
		      table_count("/bb/mount.shared1") == 2);
	check("then the rest, one at a time",
	      umount("mount.shared2") == 0 && umount("mount.shared1") == 0 &&
		      umount("mount.shared1") == 0 && !listed("/bb/mount.shared1") &&
		      !listed("/bb/mount.shared2"));
	check("and the directories go", !unlink("mount.dir/a") && !unlink("mount.dir/b") &&
						!rmdir("mount.dir") && !rmdir("mount.shared1") &&
						!rmdir("mount.shared2"));
	chdir("/");
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
	stacked();
	recursive();
	shared();
	slave();
	busybox_rshared();
	return 0;
}
