/* open's flags: O_CREAT with and without O_EXCL, O_TRUNC, O_APPEND, O_DIRECTORY,
 * O_NOFOLLOW, O_PATH, the access mode against read and write, and the errors of each. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "report.h"

static long size_of(const char *path)
{
	struct stat st;

	return stat(path, &st) < 0 ? -1 : (long)st.st_size;
}

static void access_modes(void)
{
	char c;
	int fd;

	fd = CALL(open("f", O_RDONLY));
	CALL(write(fd, "x", 1));
	CALL(read(fd, &c, 1));
	CALL(close(fd));
	fd = CALL(open("f", O_WRONLY));
	CALL(read(fd, &c, 1));
	CALL(write(fd, "W", 1));
	CALL(close(fd));
	fd = CALL(open("f", O_RDWR));
	CALL(read(fd, &c, 1));
	printf("read back %c\n", c);
	CALL(close(fd));
	fd = CALL(open("f", O_ACCMODE));
	CALL(read(fd, &c, 1));
	CALL(write(fd, "x", 1));
	CALL(close(fd));
}

static void truncate_and_append(void)
{
	int fd;

	fd = CALL(open("f", O_WRONLY | O_TRUNC));
	printf("size after O_TRUNC: %ld\n", size_of("f"));
	CALL(write(fd, "abc", 3));
	CALL(close(fd));
	fd = CALL(open("f", O_RDONLY | O_TRUNC));
	printf("size after O_RDONLY|O_TRUNC: %ld\n", size_of("f"));
	CALL(close(fd));
	CALL(close(open("f", O_WRONLY | O_TRUNC)));
	fd = CALL(open("f", O_WRONLY | O_APPEND));
	CALL(write(fd, "123", 3));
	CALL(lseek(fd, 0, SEEK_SET));
	CALL(write(fd, "456", 3));
	CALL(lseek(fd, 0, SEEK_CUR));
	CALL(pwrite(fd, "7", 1, 0));
	CALL(fcntl(fd, F_GETFL) & O_APPEND);
	CALL(close(fd));
	printf("size after appends: %ld\n", size_of("f"));
}

static void directories_and_links(void)
{
	int fd;
	char c;
	struct stat st;

	CALL(mkdir("d", 0755));
	CALL(symlink("f", "lf"));
	CALL(symlink("d", "ld"));
	CALL(symlink("nowhere", "dangling"));
	fd = CALL(open("d", O_RDONLY | O_DIRECTORY));
	CALL(read(fd, &c, 1));
	CALL(close(fd));
	CALL(open("f", O_RDONLY | O_DIRECTORY));
	CALL(open("d", O_WRONLY));
	CALL(open("d", O_RDWR));
	CALL(open("d", O_CREAT | O_WRONLY, 0644));
	CALL(open("d", O_CREAT | O_RDONLY, 0644) >= 0);
	CALL(open("ld", O_RDONLY | O_DIRECTORY) >= 0);
	CALL(open("ld", O_RDONLY | O_DIRECTORY | O_NOFOLLOW));
	CALL(open("lf", O_RDONLY | O_NOFOLLOW));
	CALL(open("lf", O_RDONLY) >= 0);
	CALL(open("dangling", O_RDONLY));
	CALL(open("dangling", O_CREAT | O_EXCL | O_WRONLY, 0644));
	fd = CALL(open("dangling", O_CREAT | O_WRONLY, 0644));
	CALL(close(fd));
	printf("the dangling link's target now exists: %ld\n", size_of("nowhere"));
	CALL(open("f/", O_RDONLY));
	CALL(open("new/", O_CREAT | O_WRONLY, 0644));
	CALL(open("d/", O_RDONLY) >= 0);
	CALL(open("missing/f", O_RDONLY));
	CALL(open("f/x", O_RDONLY));
	CALL(open("f/x", O_CREAT | O_WRONLY, 0644));
	CALL(open("", O_RDONLY));

	fd = CALL(open("lf", O_PATH | O_NOFOLLOW));
	CALL(fstat(fd, &st));
	printf("O_PATH|O_NOFOLLOW on a link: a link %d\n", S_ISLNK(st.st_mode));
	CALL(close(fd));
	fd = CALL(open("f", O_PATH));
	CALL(read(fd, &c, 1));
	CALL(write(fd, "x", 1));
	CALL(fstat(fd, &st));
	printf("O_PATH fstat size %ld\n", (long)st.st_size);
	CALL(fcntl(fd, F_GETFL) & O_PATH ? 1 : 0);
	CALL(close(fd));
	fd = CALL(open("d", O_PATH));
	CALL(openat(fd, "inner", O_CREAT | O_WRONLY, 0600) >= 0);
	CALL(close(fd));
	CALL(unlink("d/inner"));
}

int main(void)
{
	int fd;

	umask(022);
	CALL(mkdir("of", 0755));
	CALL(chdir("of"));
	CALL(open("f", O_RDONLY));
	fd = CALL(open("f", O_CREAT | O_EXCL | O_WRONLY, 0644));
	CALL(write(fd, "hello", 5));
	CALL(close(fd));
	CALL(open("f", O_CREAT | O_EXCL | O_WRONLY, 0644));
	fd = CALL(open("f", O_CREAT | O_WRONLY, 0600));
	CALL(close(fd));
	printf("O_CREAT of an existing file keeps it: size %ld\n", size_of("f"));
	access_modes();
	truncate_and_append();
	directories_and_links();
	for (fd = 3; fd < 20; fd++)
		close(fd);
	CALL(unlink("lf"));
	CALL(unlink("ld"));
	CALL(unlink("dangling"));
	CALL(unlink("nowhere"));
	CALL(unlink("f"));
	CALL(rmdir("d"));
	CALL(chdir(".."));
	CALL(rmdir("of"));
	return 0;
}
