/* readv, writev, preadv and pwritev: several buffers in one call, empty buffers, no
 * buffers, counts past IOV_MAX or negative (EINVAL), a bad iovec array (EFAULT), a
 * short read spread over the buffers. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>
#include "report.h"

int main(void)
{
	char a[4], b[8], c[16];
	struct iovec out[4] = { { "abc", 3 }, { "", 0 }, { "defgh", 5 }, { "ijklmnop", 8 } };
	struct iovec in[3] = { { a, sizeof(a) }, { b, sizeof(b) }, { c, sizeof(c) } };
	int fd = CALL(open("iov-file", O_CREAT | O_RDWR | O_TRUNC, 0644));

	CALL(writev(fd, out, 4));
	CALL(writev(fd, out, 0));
	CALL(syscall(SYS_writev, fd, out, -1));
	CALL(syscall(SYS_writev, fd, out, IOV_MAX + 1));
	CALL(syscall(SYS_writev, fd, (void *)16, 2));
	CALL(lseek(fd, 0, SEEK_SET));
	memset(c, 0, sizeof(c));
	CALL(readv(fd, in, 3));
	printf("a %.4s b %.8s c %s\n", a, b, c);
	CALL(readv(fd, in, 3));
	CALL(syscall(SYS_readv, fd, in, -5));
	CALL(syscall(SYS_readv, fd, (void *)16, 1));

	struct iovec two[2] = { { "XY", 2 }, { "Z", 1 } };
	CALL(pwritev(fd, two, 2, 4));
	CALL(lseek(fd, 0, SEEK_CUR));
	memset(c, 0, sizeof(c));
	struct iovec back[2] = { { a, 3 }, { c, 6 } };
	CALL(preadv(fd, back, 2, 2));
	printf("preadv at 2: %.3s|%s\n", a, c);
	CALL(preadv(fd, back, 2, 100));
	CALL(preadv(fd, back, 2, -1));
	CALL(pwritev(fd, two, 2, -1));
	CALL(syscall(SYS_preadv, fd, back, IOV_MAX + 1, 0, 0));

	int p[2];
	CALL(pipe(p));
	CALL(pwritev(p[1], two, 2, 0));
	CALL(writev(p[1], two, 2));
	memset(c, 0, sizeof(c));
	struct iovec one[2] = { { a, 1 }, { c, 10 } };
	CALL(readv(p[0], one, 2));
	printf("from the pipe: %.1s %s\n", a, c);
	close(p[0]);
	close(p[1]);
	CALL(close(fd));
	CALL(writev(fd, out, 1));
	CALL(unlink("iov-file"));
	return 0;
}
