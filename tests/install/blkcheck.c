/* One fact about a block device per run, printed as one line for tests/install/install.t
 * to match on the console of a booted Masque: blkcheck CHECK DEVICE, CHECK one of
 *   size64   BLKGETSIZE64's bytes          sectors  BLKGETSIZE's 512-byte sectors
 *   efault   BLKGETSIZE64 to an unmapped address: the errno's name
 *   notty    TCGETS (no block request): the errno's name
 *   seekend  lseek(0, SEEK_END)           stat     fstat's type, st_rdev and st_size
 *   pwrite   pwrite then pread of 9 bytes at 4093 (across a block boundary): "same"
 *   fsync    fsync and fdatasync: "0 0"
 *   excl     two opens with O_EXCL (Linux's claim of a block device): each errno's name
 * The device is opened for reading and writing for the last two, else read-only. */
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <termios.h>
#include <unistd.h>

static const char *errno_name(int e)
{
	return e == EFAULT   ? "EFAULT"
	       : e == ENOTTY ? "ENOTTY"
	       : e == EBUSY  ? "EBUSY"
	       : e	     ? strerror(e)
			     : "none";
}

/* The errno of an open of device with O_EXCL, "none" if it opened (and stays open). */
static const char *claim(const char *device)
{
	return open(device, O_RDONLY | O_EXCL) < 0 ? errno_name(errno) : "none";
}

static int check(const char *what, const char *device, int fd)
{
	uint64_t size = 0;
	unsigned long sectors = 0;
	struct termios t;
	struct stat st;
	char back[9];

	if (!strcmp(what, "size64") && !ioctl(fd, BLKGETSIZE64, &size))
		return printf("size64 %llu\n", (unsigned long long)size) < 0;
	if (!strcmp(what, "sectors") && !ioctl(fd, BLKGETSIZE, &sectors))
		return printf("sectors %lu\n", sectors) < 0;
	if (!strcmp(what, "efault"))
		return printf("efault %s\n",
			      ioctl(fd, BLKGETSIZE64, (void *)8) ? errno_name(errno) : "none") < 0;
	if (!strcmp(what, "notty"))
		return printf("notty %s\n", ioctl(fd, TCGETS, &t) ? errno_name(errno) : "none") < 0;
	if (!strcmp(what, "seekend"))
		return printf("seekend %lld\n", (long long)lseek(fd, 0, SEEK_END)) < 0;
	if (!strcmp(what, "stat") && !fstat(fd, &st))
		return printf("stat %s %u:%u size %lld\n", S_ISBLK(st.st_mode) ? "block" : "other",
			      major(st.st_rdev), minor(st.st_rdev), (long long)st.st_size) < 0;
	if (!strcmp(what, "pwrite") && pwrite(fd, "crossing!", 9, 4093) == 9 &&
	    pread(fd, back, 9, 4093) == 9)
		return printf("pwrite %s\n", memcmp(back, "crossing!", 9) ? "differs" : "same") < 0;
	if (!strcmp(what, "fsync"))
		return printf("fsync %d %d\n", fsync(fd), fdatasync(fd)) < 0;
	if (!strcmp(what, "excl")) {
		const char *first = claim(device);
		return printf("excl %s %s\n", first, claim(device)) < 0;
	}
	perror(what);
	return 1;
}

int main(int argc, char **argv)
{
	int fd, writes;

	if (argc != 3) {
		fprintf(stderr, "usage: blkcheck CHECK DEVICE\n");
		return 2;
	}
	writes = !strcmp(argv[1], "pwrite") || !strcmp(argv[1], "fsync");
	if ((fd = open(argv[2], writes ? O_RDWR : O_RDONLY)) < 0) {
		perror(argv[2]);
		return 1;
	}
	return check(argv[1], argv[2], fd);
}
