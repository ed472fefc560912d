/*
 * Loop devices (tests/compat/loop.t prints the plan; Masque only, TAP: Linux would need
 * root and loop devices on the host): an ext2 image made by mke2fs in a file of the
 * root file system and in a file of a tmpfs becomes /dev/loopN through
 * /dev/loop-control and LOOP_SET_FD, its status, its size and bytes through the device,
 * mounted read-write and read-only, written through, unmounted, let go explicitly and
 * by LO_FLAGS_AUTOCLEAR; what is refused; e2fsck -fn finds the images clean.
 * usage: loop (run as root)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <linux/loop.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "points.h"

#define IMAGE	  "/loop.img"
#define TMP_IMAGE "/lt/z/e2img"

/* Run argv; its exit status, or -1. */
static int run(char *const argv[])
{
	int st;
	pid_t pid = fork();

	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);
		dup2(null, 1);
		dup2(null, 2);
		execv(argv[0], argv);
		_exit(127);
	}
	return waitpid(pid, &st, 0) == pid && WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static int mke2fs(const char *image)
{
	char *argv[] = { "/sbin/mke2fs", "-q",	 "-F",		"-t",	"ext2",
			 "-b",		 "1024", (char *)image, "2048", NULL };
	return run(argv);
}

static int fsck_clean(const char *image)
{
	char *argv[] = { "/sbin/e2fsck", "-fn", (char *)image, NULL };
	return run(argv) == 0;
}

static int free_device(void)
{
	int c = open("/dev/loop-control", O_RDWR);
	int r = c < 0 ? -1 : ioctl(c, LOOP_CTL_GET_FREE);

	close(c);
	return r;
}

/* A device with a file, its status, size and bytes, mounted and written, let go. */
static void attached(void)
{
	struct loop_info64 info;
	struct stat st;
	uint64_t size = 0;
	unsigned char sb[2048];
	int dev = open("/dev/loop0", O_RDWR);
	int file = open(IMAGE, O_RDWR);

	check("/dev/loop-control finds loop0 free", free_device() == 0);
	check("loop0 opens", dev >= 0);
	check("without a file its status is ENXIO",
	      err_of(ioctl(dev, LOOP_GET_STATUS64, &info)) == ENXIO);
	check("LOOP_SET_FD of the image", ioctl(dev, LOOP_SET_FD, file) == 0);
	check("a second LOOP_SET_FD is EBUSY", err_of(ioctl(dev, LOOP_SET_FD, file)) == EBUSY);
	check("loop-control now finds loop1", free_device() == 1);
	check("LOOP_GET_STATUS64 names the file's device and inode",
	      ioctl(dev, LOOP_GET_STATUS64, &info) == 0 && !fstat(file, &st) &&
		      info.lo_inode == st.st_ino && info.lo_device == st.st_dev &&
		      info.lo_number == 0 && !(info.lo_flags & LO_FLAGS_READ_ONLY));
	check("BLKGETSIZE64 is the file's size",
	      ioctl(dev, BLKGETSIZE64, &size) == 0 && size == (uint64_t)st.st_size);
	check("its bytes are the file's: the ext2 magic at 1080",
	      pread(dev, sb, sizeof(sb), 0) == (ssize_t)sizeof(sb) && sb[1080] == 0x53 &&
		      sb[1081] == 0xef);
	memset(&info, 0, sizeof(info));
	strcpy((char *)info.lo_file_name, IMAGE);
	check("LOOP_SET_STATUS64 names it", ioctl(dev, LOOP_SET_STATUS64, &info) == 0 &&
						    ioctl(dev, LOOP_GET_STATUS64, &info) == 0 &&
						    !strcmp((char *)info.lo_file_name, IMAGE));
	check("mount -t ext2 /dev/loop0 (on mnt, from /)",
	      chdir("/") == 0 && mount("/dev/loop0", "mnt", "ext2", 0, NULL) == 0);
	check("the mount table shows /dev/loop0 on /mnt", in_table("/dev/loop0 /mnt ext2 rw"));
	check("a second mount of it is EBUSY",
	      err_of(mount("/dev/loop0", "/tmp", "ext2", 0, NULL)) == EBUSY);
	check("a file written on it reads back",
	      put("/mnt/hello", "hello loop") == 0 && !strcmp(get("/mnt/hello"), "hello loop"));
	check("LOOP_SET_STATUS64 may not move a mounted device's bytes",
	      (info.lo_offset = 512, err_of(ioctl(dev, LOOP_SET_STATUS64, &info)) == EBUSY));
	check("umount", umount("/mnt") == 0);
	check("LOOP_CLR_FD", ioctl(dev, LOOP_CLR_FD, 0) == 0);
	check("then its status is ENXIO", err_of(ioctl(dev, LOOP_GET_STATUS64, &info)) == ENXIO);
	check("and its size 0", ioctl(dev, BLKGETSIZE64, &size) == 0 && size == 0);
	close(dev);
	close(file);
	check("the image is clean (e2fsck -fn)", fsck_clean(IMAGE));
}

/* A file open read-only makes a read-only device. */
static void read_only(void)
{
	struct loop_info64 info;
	int dev = open("/dev/loop0", O_RDWR), file = open(IMAGE, O_RDONLY);

	check("LOOP_SET_FD of a file open read-only", ioctl(dev, LOOP_SET_FD, file) == 0);
	check("the device says read-only",
	      ioctl(dev, LOOP_GET_STATUS64, &info) == 0 && (info.lo_flags & LO_FLAGS_READ_ONLY));
	check("writing the device is EPERM", err_of(pwrite(dev, "x", 1, 0)) == EPERM);
	check("mounting it read-write is EROFS",
	      err_of(mount("/dev/loop0", "/mnt", "ext2", 0, NULL)) == EROFS);
	check("mounting it read-only works",
	      mount("/dev/loop0", "/mnt", "ext2", MS_RDONLY, NULL) == 0 &&
		      !strcmp(get("/mnt/hello"), "hello loop"));
	check("writing there is EROFS", err_of(put("/mnt/other", "x")) == EROFS);
	check("opening a file there for writing is EROFS",
	      err_of(open("/mnt/hello", O_RDWR)) == EROFS);
	check("umount", umount("/mnt") == 0);
	check("LOOP_CLR_FD", ioctl(dev, LOOP_CLR_FD, 0) == 0);
	close(dev);
	close(file);
}

/* What LOOP_SET_FD refuses. */
static void refused(void)
{
	int dev = open("/dev/loop1", O_RDWR), dir = open("/", O_RDONLY), p[2];

	check("LOOP_SET_FD of a directory is EINVAL",
	      err_of(ioctl(dev, LOOP_SET_FD, dir)) == EINVAL);
	check("LOOP_SET_FD of a pipe is EINVAL",
	      !pipe(p) && err_of(ioctl(dev, LOOP_SET_FD, p[0])) == EINVAL);
	check("LOOP_SET_FD of no descriptor is EBADF",
	      err_of(ioctl(dev, LOOP_SET_FD, 99)) == EBADF);
	check("LOOP_CLR_FD of a free device is ENXIO", err_of(ioctl(dev, LOOP_CLR_FD, 0)) == ENXIO);
	check("a loop ioctl on a plain file is ENOTTY",
	      err_of(ioctl(dir, LOOP_CLR_FD, 0)) == ENOTTY);
	check("mount of a free loop device is ENXIO",
	      err_of(mount("/dev/loop1", "/mnt", "ext2", 0, NULL)) == ENXIO);
	close(dev);
	close(dir);
	close(p[0]);
	close(p[1]);
}

/* An image in a tmpfs, as BusyBox's testsuite does it; the device goes by itself. */
static void on_tmpfs(void)
{
	struct loop_info64 info = { .lo_flags = LO_FLAGS_AUTOCLEAR };
	int dev, file;

	check("tmpfs mounts", !mkdir("/lt", 0755) && !mkdir("/lt/z", 0755) &&
				      mount("tmpfs", "/lt/z", "tmpfs", 0, "size=8m") == 0);
	check("mke2fs makes an image there", mke2fs(TMP_IMAGE) == 0);
	dev = open("/dev/loop2", O_RDWR);
	file = open(TMP_IMAGE, O_RDWR);
	check("LOOP_SET_FD and LO_FLAGS_AUTOCLEAR",
	      ioctl(dev, LOOP_SET_FD, file) == 0 && ioctl(dev, LOOP_SET_STATUS64, &info) == 0);
	close(file);
	check("its file system mounts", mount("/dev/loop2", "/mnt", "ext2", 0, NULL) == 0);
	close(dev);
	dev = open("/dev/loop2", O_RDONLY);
	check("the device keeps its file while mounted", ioctl(dev, LOOP_GET_STATUS64, &info) == 0);
	close(dev);
	check("a file written on it", put("/mnt/f", "on tmpfs") == 0);
	check("the tmpfs cannot go while the device holds its file",
	      err_of(umount("/lt/z")) == EBUSY);
	check("the tmpfs cannot become read-only under a writable device",
	      err_of(mount(NULL, "/lt/z", NULL, MS_REMOUNT | MS_RDONLY, NULL)) == EBUSY);
	check("umount of the loop mount", umount("/mnt") == 0);
	dev = open("/dev/loop2", O_RDONLY);
	check("then the device let its file go",
	      err_of(ioctl(dev, LOOP_GET_STATUS64, &info)) == ENXIO);
	close(dev);
	check("the image is clean (e2fsck -fn)", fsck_clean(TMP_IMAGE));
	check("the tmpfs unmounts", umount("/lt/z") == 0);
}

int main(void)
{
	if (mke2fs(IMAGE)) {
		printf("Bail out! mke2fs of %s\n", IMAGE);
		return 1;
	}
	attached();
	read_only();
	refused();
	on_tmpfs();
	printf("1..%d\n", n);
	return 0;
}
