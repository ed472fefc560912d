/* RLIMIT_FSIZE: a write that would pass the limit is cut to it, one that starts at or
 * past it fails EFBIG and raises SIGXFSZ; pwrite, writev and O_APPEND alike; truncate
 * and ftruncate past it fail so, shrinking does not; pipes are not bounded; the limit
 * holds across exec, where SIGXFSZ's default action ends the program. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>
#include "report.h"

#define LIMIT 10000

static volatile int signals;

static void on_xfsz(int sig)
{
	(void)sig;
	signals++;
}

static long size_of(const char *path)
{
	struct stat st;

	return stat(path, &st) < 0 ? -1 : (long)st.st_size;
}

static void writes(const char *buf)
{
	int fd = open("limited", O_CREAT | O_RDWR | O_TRUNC, 0644);
	struct iovec iov[2] = { { (void *)buf, 100 }, { (void *)buf, 100 } };

	CALL(write(fd, buf, 8000));
	CALL(write(fd, buf, 4000));
	printf("SIGXFSZ so far: %d\n", signals);
	CALL(write(fd, buf, 1));
	printf("SIGXFSZ after a write at the limit: %d\n", signals);
	CALL(write(fd, buf, 0));
	CALL(pwrite(fd, buf, 50, LIMIT - 20));
	CALL(pwrite(fd, buf, 50, LIMIT + 5));
	CALL(lseek(fd, LIMIT - 150, SEEK_SET));
	CALL(writev(fd, iov, 2));
	CALL(size_of("limited"));
	printf("SIGXFSZ: %d\n", signals);
	close(fd);

	fd = open("limited", O_WRONLY | O_APPEND);
	CALL(ftruncate(fd, LIMIT - 10));
	CALL(write(fd, buf, 30));
	CALL(write(fd, buf, 30));
	close(fd);
	printf("SIGXFSZ: %d\n", signals);
}

static void truncates(void)
{
	int fd = open("limited", O_RDWR);
	int ro = open("limited", O_RDONLY);

	CALL(ftruncate(fd, LIMIT));
	CALL(ftruncate(fd, LIMIT + 1));
	CALL(truncate("limited", 3 * LIMIT));
	CALL(truncate("missing", 3 * LIMIT));
	CALL(ftruncate(ro, 3 * LIMIT));
	printf("SIGXFSZ: %d\n", signals);
	CALL(size_of("limited"));
	close(ro);
	close(fd);
}

static void others(const char *buf)
{
	int p[2];
	char in[LIMIT + 100];

	CALL(pipe(p));
	CALL(write(p[1], buf, LIMIT + 100));
	CALL(read(p[0], in, sizeof(in)));
	close(p[0]);
	close(p[1]);
	int null = open("/dev/null", O_WRONLY);
	CALL(write(null, buf, LIMIT + 100));
	close(null);
	printf("SIGXFSZ: %d\n", signals);
}

/* The program run again by exec, in a child: the limit is still there, and SIGXFSZ,
 * caught before the exec, has its default action. */
static int past_the_limit(const char *buf)
{
	int fd = open("limited", O_WRONLY);

	pwrite(fd, buf, 1, LIMIT);
	return 0;
}

static void by_default(const char *self, const char *buf)
{
	int status;

	fflush(stdout);
	if (fork() == 0) {
		execl(self, self, "again", (char *)NULL);
		_exit(99);
	}
	wait(&status);
	printf("a program run by exec writing past the limit: signalled %d, signal %d\n",
	       WIFSIGNALED(status), WTERMSIG(status));
	signal(SIGXFSZ, SIG_IGN);
	int fd = open("limited", O_WRONLY);
	CALL(pwrite(fd, buf, 1, LIMIT));
	close(fd);
}

int main(int argc, char **argv)
{
	static char buf[LIMIT + 100];
	struct rlimit r = { LIMIT, RLIM_INFINITY };

	memset(buf, 'z', sizeof(buf));
	if (argc > 1)
		return past_the_limit(buf);
	signal(SIGXFSZ, on_xfsz);
	CALL(setrlimit(RLIMIT_FSIZE, &r));
	writes(buf);
	truncates();
	others(buf);
	by_default(argv[0], buf);
	CALL(unlink("limited"));
	return 0;
}
