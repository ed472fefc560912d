/* The kernel's struct stat as fstat, newfstatat and stat write it, through raw calls
 * into a buffer filled with a pattern first: every field written, the padding words
 * zero (no bytes of the server or of emul show through), and the three agree. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

/* asm/stat.h's x86-64 layout, which libc's struct stat need not share */
struct kstat {
	unsigned long dev, ino, nlink;
	unsigned int mode, uid, gid, pad0;
	unsigned long rdev;
	long size, blksize, blocks;
	unsigned long atime, atime_ns, mtime, mtime_ns, ctime, ctime_ns;
	long unused[3];
};

static void show(const char *call, long r, const struct kstat *k)
{
	printf("%s: %ld, padding %s, mode %o, size %ld, nlink %lu\n", call, r,
	       k->pad0 == 0 && !k->unused[0] && !k->unused[1] && !k->unused[2] ? "zero"
									       : "not zero",
	       k->mode, k->size, k->nlink);
}

int main(void)
{
	struct kstat a, b, c;
	int fd = open("statpad.data", O_RDWR | O_CREAT | O_TRUNC, 0640);

	if (fd < 0 || write(fd, "twelve bytes", 12) != 12)
		return 1;
	memset(&a, 0xab, sizeof(a));
	memset(&b, 0xcd, sizeof(b));
	memset(&c, 0xef, sizeof(c));
	show("fstat", syscall(SYS_fstat, fd, &a), &a);
	show("newfstatat", syscall(SYS_newfstatat, AT_FDCWD, "statpad.data", &b, 0), &b);
	show("stat", syscall(SYS_stat, "statpad.data", &c), &c);
	printf("the three agree: %s\n",
	       !memcmp(&a, &b, sizeof(a)) && !memcmp(&b, &c, sizeof(b)) ? "yes" : "no");
	unlink("statpad.data");
	return 0;
}
