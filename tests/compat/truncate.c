/* truncate and ftruncate: shrinking and growing (zeros read back, in the middle of a
 * block and past several), a file's offset left where it was, and the errors: EINVAL
 * (negative, not open for writing, a pipe), EISDIR, ENOENT, EBADF. */
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "report.h"

static long size_of(int fd)
{
	struct stat st;

	return fstat(fd, &st) < 0 ? -errno : (long)st.st_size;
}

static long zeros_in(int fd, long from, long n)
{
	static char buf[70000];
	long z = 0;
	long got = pread(fd, buf, (size_t)n, from);

	for (long i = 0; i < got; i++)
		z += buf[i] == 0;
	return z;
}

int main(void)
{
	char page[5000];
	int p[2];
	int fd = CALL(open("tr", O_CREAT | O_RDWR | O_TRUNC, 0644));

	memset(page, 'x', sizeof(page));
	CALL(write(fd, page, sizeof(page)));
	CALL(ftruncate(fd, 100));
	printf("size %ld\n", size_of(fd));
	CALL(lseek(fd, 0, SEEK_CUR));
	CALL(ftruncate(fd, 4000));
	printf("size %ld, zeros in 100..4000: %ld\n", size_of(fd), zeros_in(fd, 100, 3900));
	CALL(write(fd, "tail", 4));
	printf("size %ld\n", size_of(fd));
	CALL(truncate("tr", 70000));
	printf("size %ld, zeros after 5004: %ld\n", size_of(fd), zeros_in(fd, 5004, 64996));
	CALL(truncate("tr", 5002));
	printf("size %ld, zeros in 4000..5002: %ld\n", size_of(fd), zeros_in(fd, 4000, 1002));
	CALL(truncate("tr", 1 << 30));
	printf("size %ld\n", size_of(fd));
	CALL(ftruncate(fd, 0));
	printf("size %ld\n", size_of(fd));
	CALL(ftruncate(fd, -1));
	CALL(truncate("tr", -1));
	CALL(truncate(".", 0));
	CALL(truncate("missing", 0));
	CALL(truncate("tr/x", 0));
	CALL(truncate("", 0));
	CALL(close(fd));
	CALL(ftruncate(fd, 0));
	fd = CALL(open("tr", O_RDONLY));
	CALL(ftruncate(fd, 10));
	CALL(close(fd));
	CALL(chmod("tr", 0444));
	CALL(truncate("tr", 3));
	CALL(pipe(p));
	CALL(ftruncate(p[1], 0));
	fd = CALL(open(".", O_RDONLY));
	CALL(ftruncate(fd, 0));
	CALL(unlink("tr"));
	return 0;
}
