/*
 * nosuid mounts (tests/compat/nosuid.t; Masque only, TAP): a second disk, an empty ext2
 * file system, is mounted on /mnt; a set-uid-root copy of this program there runs as
 * root for a process of uid 1000, but as uid 1000 once the disk is mounted nosuid
 * (the process server learns it from the fs-server); the mount's errors.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define DISK "/dev/vdb" /* the second disk, as a whole: the driver's disk1 */
#define COPY "/mnt/suid"

static int n;

static void check(const char *what, int ok)
{
	printf("%sok %d - %s\n", ok ? "" : "not ", ++n, what);
	fflush(stdout);
}

static int copy_self(const char *self)
{
	char buf[65536];
	int in = open(self, O_RDONLY), out = open(COPY, O_WRONLY | O_CREAT | O_TRUNC, 0755);
	ssize_t got;

	if (in < 0 || out < 0)
		return -1;
	while ((got = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, (size_t)got) != got)
			return -1;
	close(in);
	return close(out) || chmod(COPY, 04755);
}

/* The effective uid the copy runs with, exec'd by a process of uid 1000; -1 if none. */
static int copy_euid(void)
{
	int fds[2], st, euid = -1;
	pid_t pid;

	if (pipe(fds))
		return -1;
	if ((pid = fork()) == 0) {
		dup2(fds[1], 1);
		if (setresgid(1000, 1000, 1000) || setresuid(1000, 1000, 1000))
			_exit(2);
		execl(COPY, COPY, "euid", (char *)0);
		_exit(3);
	}
	close(fds[1]);
	char text[16] = { 0 };
	if (read(fds[0], text, sizeof(text) - 1) > 0)
		sscanf(text, "%d", &euid);
	close(fds[0]);
	waitpid(pid, &st, 0);
	return euid;
}

static int mounts_say(const char *line)
{
	char buf[4096] = { 0 };
	int fd = open("/proc/mounts", O_RDONLY);
	ssize_t got = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);

	close(fd);
	return got > 0 && strstr(buf, line) != 0;
}

static int fails_with(int r, int err)
{
	return r == -1 && errno == err;
}

int main(int argc, char **argv)
{
	struct stat st;

	if (argc > 1 && !strcmp(argv[1], "euid")) {
		printf("%d\n", (int)geteuid());
		return 0;
	}
	mkdir("/mnt", 0755);
	check("mount the second disk", mount(DISK, "/mnt", "ext2", 0, 0) == 0);
	check("a set-uid-root copy of this program on it", copy_self(argv[0]) == 0);
	check("runs as root for uid 1000", copy_euid() == 0);
	check("unmount it", umount("/mnt") == 0);

	check("mount it nosuid", mount(DISK, "/mnt", "ext2", MS_NOSUID, 0) == 0);
	check("/proc/mounts says nosuid", mounts_say("/dev/disk1 /mnt ext2 rw,nosuid "));
	check("the copy keeps its set-uid bit",
	      stat(COPY, &st) == 0 && (st.st_mode & 07777) == 04755 && st.st_uid == 0);
	check("but runs as uid 1000", copy_euid() == 1000);
	check("unmount it again", umount("/mnt") == 0);

	check("a source that is no block node: ENOTBLK",
	      fails_with(mount("/dev/null", "/mnt", "ext2", 0, 0), ENOTBLK));
	check("a flag the fs-server does not do: EINVAL",
	      fails_with(mount(DISK, "/mnt", "ext2", MS_NOEXEC, 0), EINVAL));
	check("mount it read-only and nosuid",
	      mount(DISK, "/mnt", "ext2", MS_RDONLY | MS_NOSUID, 0) == 0);
	check("/proc/mounts says ro,nosuid", mounts_say("/dev/disk1 /mnt ext2 ro,nosuid "));
	check("the copy runs as uid 1000 there too", copy_euid() == 1000);
	check("unmount it at last", umount("/mnt") == 0);
	printf("1..%d\n", n);
	return 0;
}
