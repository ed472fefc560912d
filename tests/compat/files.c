/* Files and names: create, read, write, seek, stat, descriptors, append, truncate,
 * rename, links, symbolic links, directories, permissions, and their errors. */
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>
#include "report.h"

static void show_file(const char *path)
{
	char buf[64] = { 0 };
	int fd = open(path, O_RDONLY);
	long n = read(fd, buf, sizeof(buf) - 1);

	for (long i = 0; i < n; i++)
		if (!buf[i])
			buf[i] = '0';
	printf("%s holds %ld bytes: [%s]\n", path, n, buf);
	close(fd);
}

static void show_stat(const char *path, int follow)
{
	struct stat st;
	int r = follow ? stat(path, &st) : lstat(path, &st);

	if (r < 0)
		printf("stat %s: errno %d\n", path, errno);
	else
		printf("stat %s: size %ld mode %o nlink %ld\n", path, (long)st.st_size,
		       (unsigned)st.st_mode, (long)st.st_nlink);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void list_directory(void)
{
	char *names[64];
	int n = 0;
	DIR *d = opendir(".");
	struct dirent *e;

	while (d && (e = readdir(d)) && n < 64)
		names[n++] = strdup(e->d_name);
	closedir(d);
	qsort(names, n, sizeof(names[0]), by_name);
	printf("directory:");
	for (int i = 0; i < n; i++)
		printf(" %s", names[i]);
	printf("\n");
}

static void big_file(void)
{
	static char out[100000], in[100000];

	for (int i = 0; i < (int)sizeof(out); i++)
		out[i] = (char)(i * 7 + i / 1000);
	int fd = open("big", O_CREAT | O_RDWR | O_TRUNC, 0644);
	CALL(write(fd, out, sizeof(out)));
	CALL(lseek(fd, 0, SEEK_SET));
	CALL(read(fd, in, sizeof(in)));
	printf("big file reads back: %s\n", memcmp(in, out, sizeof(in)) ? "no" : "yes");
	CALL(pread(fd, in, 10, 99995));
	CALL(pwrite(fd, "XY", 2, 50000));
	CALL(pread(fd, in, 4, 49999));
	printf("pread after pwrite: %02x %c %c %02x\n", in[0] & 0xff, in[1], in[2], in[3] & 0xff);
	close(fd);
	CALL(unlink("big"));
}

int main(void)
{
	char buf[64] = { 0 };
	int fd, d;

	umask(022);
	CALL(mkdir("work", 0755));
	CALL(chdir("work"));
	fd = CALL(open("a", O_CREAT | O_WRONLY | O_TRUNC, 0644));
	CALL(write(fd, "hello\n", 6));
	CALL(close(fd));
	CALL(close(fd));
	CALL(read(99, buf, 1));
	show_file("a");
	fd = CALL(open("a", O_RDONLY));
	CALL(lseek(fd, 2, SEEK_SET));
	CALL(read(fd, buf, 3));
	printf("read at 2: %.3s\n", buf);
	CALL(lseek(fd, -1, SEEK_END));
	CALL(lseek(fd, -10, SEEK_SET));
	CALL(write(fd, "x", 1));
	d = CALL(dup(fd));
	CALL(lseek(d, 1, SEEK_SET));
	CALL(lseek(fd, 0, SEEK_CUR));
	CALL(dup2(fd, 10));
	CALL(fcntl(10, F_GETFD));
	CALL(fcntl(10, F_SETFD, FD_CLOEXEC));
	CALL(fcntl(10, F_GETFD));
	CALL(fcntl(10, F_GETFL) & O_ACCMODE);
	CALL(fcntl(fd, F_DUPFD, 20));
	CALL(close(10));
	CALL(close(20));
	CALL(close(d));
	CALL(close(fd));
	CALL(open("missing", O_RDONLY));
	CALL(open("a", O_CREAT | O_EXCL | O_WRONLY, 0644));
	CALL(open("a/b", O_RDONLY));
	show_stat("a", 1);
	show_stat("missing", 1);

	fd = CALL(open("a", O_WRONLY | O_APPEND));
	CALL(write(fd, "more\n", 5));
	struct iovec v[3] = { { "one ", 4 }, { "two ", 4 }, { "three\n", 6 } };
	CALL(writev(fd, v, 3));
	CALL(close(fd));
	show_file("a");
	CALL(truncate("a", 3));
	show_file("a");
	fd = CALL(open("a", O_RDWR));
	CALL(ftruncate(fd, 6));
	CALL(close(fd));
	show_file("a");

	CALL(rename("a", "b"));
	CALL(access("a", F_OK));
	CALL(access("b", R_OK | W_OK));
	CALL(link("b", "c"));
	show_stat("b", 1);
	CALL(unlink("c"));
	CALL(unlink("c"));
	show_stat("b", 1);
	CALL(symlink("b", "s"));
	CALL(readlink("s", buf, sizeof(buf)));
	printf("s -> %.1s\n", buf);
	show_stat("s", 0);
	show_stat("s", 1);
	CALL(chmod("b", 0600));
	show_stat("b", 1);

	CALL(mkdir("d", 0700));
	CALL(mkdir("d", 0700));
	CALL(rmdir("d"));
	CALL(rmdir("d"));
	CALL(mkdir("d", 0755));
	CALL(close(open("d/x", O_CREAT | O_WRONLY, 0644)));
	CALL(rmdir("d"));
	CALL(unlink("d"));
	CALL(rename("d", "d/sub"));
	list_directory();
	CALL(getcwd(buf, sizeof(buf)) != NULL);
	printf("cwd ends in %s\n", strrchr(buf, '/'));
	CALL(chdir("d"));
	CALL(getcwd(buf, sizeof(buf)) != NULL);
	printf("cwd ends in %s\n", strrchr(buf, '/'));
	CALL(chdir(".."));
	CALL(chdir("b"));
	CALL(getcwd(buf, 2) != NULL);
	big_file();

	struct rlimit few = { 8, 8 };
	int last = -1, fd2;
	CALL(setrlimit(RLIMIT_NOFILE, &few));
	while ((fd2 = open(".", O_RDONLY | O_DIRECTORY)) >= 0)
		last = fd2;
	printf("with RLIMIT_NOFILE 8 the last descriptor is %d, then errno %d\n", last, errno);
	CALL(dup2(0, 8));
	for (int i = 3; i <= last; i++)
		close(i);
	CALL(unlink("d/x"));
	CALL(rmdir("d"));
	CALL(unlink("s"));
	CALL(unlink("b"));
	list_directory();
	CALL(chdir(".."));
	CALL(rmdir("work"));
	return 0;
}
