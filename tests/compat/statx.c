/* statx: the basic fields agree with stat's, for a file, a directory, a descriptor
 * (AT_EMPTY_PATH) and a symbolic link, and its errors. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include "report.h"

/* The kernel's struct statx (musl's headers have none): the ABI, as linux/stat.h
 * lays it out. */
struct statx_timestamp_abi {
	int64_t tv_sec;
	uint32_t tv_nsec;
	int32_t pad;
};

struct statx_abi {
	uint32_t stx_mask, stx_blksize;
	uint64_t stx_attributes;
	uint32_t stx_nlink, stx_uid, stx_gid;
	uint16_t stx_mode, pad0;
	uint64_t stx_ino, stx_size, stx_blocks, stx_attributes_mask;
	struct statx_timestamp_abi stx_atime, stx_btime, stx_ctime, stx_mtime;
	uint32_t stx_rdev_major, stx_rdev_minor, stx_dev_major, stx_dev_minor;
	uint64_t spare[14];
};

#define BASIC_STATS 0x7ffu

static long statx_call(int dirfd, const char *path, int flags, struct statx_abi *x)
{
	return syscall(SYS_statx, dirfd, path, flags, BASIC_STATS, x);
}

/* Whether statx says of path what lstat or stat (nofollow or not) says. */
static void compare(int dirfd, const char *path, int flags)
{
	struct statx_abi x;
	struct stat st;
	int r = (int)statx_call(dirfd, path, flags, &x);
	int s = flags & AT_EMPTY_PATH	      ? fstat(dirfd, &st)
		: flags & AT_SYMLINK_NOFOLLOW ? lstat(path, &st)
					      : stat(path, &st);

	if (r < 0 || s < 0) {
		printf("%s: statx %d, stat %d, errno %d\n", path, r, s, errno);
		return;
	}
	printf("%s: basic fields %d, size %llu, mode %o, nlink %u; same ino %d, dev %d:%d, "
	       "mtime %d, blocks %d\n",
	       path, (x.stx_mask & BASIC_STATS) == BASIC_STATS,
	       S_ISDIR(x.stx_mode)
		       ? 0ull
		       : (unsigned long long)x.stx_size, /* a directory's: the disk's block */
	       x.stx_mode, x.stx_nlink, x.stx_ino == st.st_ino, x.stx_dev_major == major(st.st_dev),
	       x.stx_dev_minor == minor(st.st_dev), x.stx_mtime.tv_sec == st.st_mtime,
	       x.stx_blocks == (unsigned long long)st.st_blocks);
}

int main(void)
{
	struct statx_abi x;

	mkdir("sx", 0755);
	int fd = open("sx/file", O_CREAT | O_RDWR | O_TRUNC, 0640);
	write(fd, "twelve bytes", 12);
	symlink("file", "sx/link");
	compare(AT_FDCWD, "sx/file", 0);
	compare(AT_FDCWD, "sx", 0);
	compare(AT_FDCWD, "sx/link", AT_SYMLINK_NOFOLLOW);
	compare(AT_FDCWD, "sx/link", 0);
	compare(fd, "", AT_EMPTY_PATH);
	CALL(statx_call(AT_FDCWD, "sx/missing", 0, &x));
	CALL(statx_call(AT_FDCWD, "sx/file", 0x12345678, &x));
	CALL(statx_call(AT_FDCWD, "", 0, &x));
	close(fd);
	unlink("sx/link");
	unlink("sx/file");
	rmdir("sx");
	return 0;
}
