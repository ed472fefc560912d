/* EBADF from every call that takes a descriptor, given one that was closed, a
 * negative one and one past the table; and the calls that refuse a descriptor open
 * in the wrong mode. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>
#include "report.h"

static void all(int fd)
{
	char buf[64];
	struct stat st;
	struct iovec v = { buf, 1 };

	printf("descriptor %d:\n", fd);
	CALL(read(fd, buf, 1));
	CALL(write(fd, buf, 1));
	CALL(pread(fd, buf, 1, 0));
	CALL(pwrite(fd, buf, 1, 0));
	CALL(readv(fd, &v, 1));
	CALL(writev(fd, &v, 1));
	CALL(lseek(fd, 0, SEEK_SET));
	CALL(fstat(fd, &st));
	CALL(fchmod(fd, 0644));
	CALL(fchown(fd, 0, 0));
	CALL(fsync(fd));
	CALL(fdatasync(fd));
	CALL(ftruncate(fd, 0));
	CALL(fchdir(fd));
	CALL(dup(fd));
	CALL(dup2(fd, 50));
	CALL(dup3(fd, 50, 0));
	CALL(fcntl(fd, F_GETFD));
	CALL(fcntl(fd, F_GETFL));
	CALL(ioctl(fd, FIONBIO, &fd));
	CALL(close(fd));
	CALL(syscall(SYS_getdents64, fd, buf, sizeof(buf)));
	CALL(openat(fd, "x", O_RDONLY));
	CALL(mkdirat(fd, "x", 0755));
	CALL(fstatat(fd, "x", &st, 0));
	CALL(fstatat(fd, "", &st, AT_EMPTY_PATH));
	CALL(unlinkat(fd, "x", 0));
	CALL(faccessat(fd, "x", F_OK, 0));
	CALL(mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 0) == MAP_FAILED);
	CALL(syscall(SYS_syncfs, fd));
}

int main(void)
{
	int fd = open("ebadf-file", O_CREAT | O_WRONLY | O_TRUNC, 0644);
	char c;

	close(fd);
	all(fd);
	all(-1);
	all(100000);
	fd = CALL(open("ebadf-file", O_WRONLY));
	CALL(read(fd, &c, 1));
	CALL(syscall(SYS_getdents64, fd, &c, 1));
	CALL(close(fd));
	fd = CALL(open("ebadf-file", O_RDONLY));
	CALL(write(fd, "x", 1));
	CALL(ftruncate(fd, 0));
	CALL(close(fd));
	CALL(unlink("ebadf-file"));
	return 0;
}
