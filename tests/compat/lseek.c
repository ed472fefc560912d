/* lseek: every whence, holes read back as zeros, reading and writing past the end,
 * negative results and bad whence (EINVAL), pipes (ESPIPE), pread and pwrite's own
 * offset errors. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "report.h"

int main(void)
{
	char buf[16];
	int p[2];
	struct stat st;
	int fd = CALL(open("seek-file", O_CREAT | O_RDWR | O_TRUNC, 0644));

	CALL(write(fd, "0123456789", 10));
	CALL(lseek(fd, 0, SEEK_CUR));
	CALL(lseek(fd, 0, SEEK_END));
	CALL(lseek(fd, -3, SEEK_END));
	CALL(read(fd, buf, sizeof(buf)));
	CALL(lseek(fd, -2, SEEK_CUR));
	CALL(lseek(fd, 4, SEEK_SET));
	CALL(lseek(fd, 2, SEEK_CUR));
	CALL(read(fd, buf, 2));
	printf("at 6: %.2s\n", buf);
	CALL(lseek(fd, -1, SEEK_SET));
	CALL(lseek(fd, -11, SEEK_END));
	CALL(lseek(fd, -100, SEEK_CUR));
	CALL(lseek(fd, 0, 7));
	CALL(lseek(fd, 0, SEEK_CUR));
	CALL(lseek(fd, 100, SEEK_SET));
	CALL(read(fd, buf, sizeof(buf)));
	CALL(fstat(fd, &st));
	printf("seeking past the end keeps size %ld\n", (long)st.st_size);
	CALL(write(fd, "end", 3));
	CALL(fstat(fd, &st));
	printf("a write there makes size %ld\n", (long)st.st_size);
	CALL(pread(fd, buf, 8, 8));
	for (int i = 0; i < 8; i++)
		printf("%d ", buf[i]);
	printf("\n");
	CALL(lseek(fd, 1 << 20, SEEK_SET));
	CALL(write(fd, "far", 3));
	CALL(lseek(fd, 0, SEEK_END));
	CALL(pread(fd, buf, 4, (1 << 20) - 1));
	printf("around the far write: %d %.3s\n", buf[0], buf + 1);
	CALL(pread(fd, buf, 4, 500000));
	printf("in the hole: %d %d %d %d\n", buf[0], buf[1], buf[2], buf[3]);
	CALL(pread(fd, buf, 4, -1));
	CALL(pwrite(fd, "x", 1, -1));
	CALL(pread(fd, buf, 4, 1 << 21));
	CALL(lseek(fd, 0x7fffffffffffffffll, SEEK_SET));
	CALL(lseek(fd, 1, SEEK_CUR));
	CALL(close(fd));
	CALL(lseek(fd, 0, SEEK_SET));

	CALL(pipe(p));
	CALL(lseek(p[0], 0, SEEK_CUR));
	CALL(lseek(p[1], 0, SEEK_SET));
	CALL(pread(p[0], buf, 1, 0));
	CALL(pwrite(p[1], "x", 1, 0));
	close(p[0]);
	close(p[1]);

	int d = CALL(open(".", O_RDONLY | O_DIRECTORY));
	CALL(lseek(d, 0, SEEK_SET));
	CALL(close(d));
	CALL(unlink("seek-file"));
	return 0;
}
