/* Pipes: bytes through in order, end of file, EPIPE and SIGPIPE, non-blocking ends
 * and the capacity, atomic writes of PIPE_BUF bytes from several writers, and what
 * stat and lseek say of a pipe. */
#define _GNU_SOURCE /* pipe2 */
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "report.h"

static void show_status(const char *who, int st)
{
	if (WIFEXITED(st))
		printf("%s exited with %d\n", who, WEXITSTATUS(st));
	else
		printf("%s killed by signal %d\n", who, WTERMSIG(st));
}

static void simple(void)
{
	int p[2];
	char buf[16] = { 0 };
	struct stat st;

	CALL(pipe(p));
	CALL(write(p[1], "hello", 5));
	CALL(read(p[0], buf, sizeof(buf)));
	printf("read back: %s\n", buf);
	CALL(fstat(p[0], &st));
	printf("a fifo: %d\n", S_ISFIFO(st.st_mode));
	CALL(lseek(p[0], 0, SEEK_SET));
	CALL(read(p[1], buf, 1));
	CALL(write(p[0], "x", 1));
	CALL(close(p[1]));
	CALL(read(p[0], buf, sizeof(buf)));
	CALL(close(p[0]));
}

static void across_fork(void)
{
	int p[2], st;
	long total = 0, sum = 0;
	char buf[3000];
	ssize_t n;

	CALL(pipe(p));
	fflush(stdout);
	if (fork() == 0) {
		close(p[0]);
		for (int i = 0; i < 100; i++) {
			char chunk[1000];
			for (int j = 0; j < 1000; j++)
				chunk[j] = (char)(i + j);
			write(p[1], chunk, sizeof(chunk));
		}
		_exit(0);
	}
	close(p[1]);
	while ((n = read(p[0], buf, sizeof(buf))) > 0)
		for (ssize_t i = 0; i < n; i++, total++)
			sum += (unsigned char)buf[i] * (total % 7 + 1);
	printf("from the child: %ld bytes, sum %ld, then end of file\n", total, sum);
	close(p[0]);
	wait(&st);
	show_status("the writer", st);
}

static void broken(void)
{
	int p[2], st;

	CALL(pipe(p));
	CALL(close(p[0]));
	fflush(stdout);
	if (fork() == 0) {
		write(p[1], "x", 1);
		_exit(0);
	}
	wait(&st);
	show_status("a writer without readers", st);
	signal(SIGPIPE, SIG_IGN);
	CALL(write(p[1], "x", 1));
	signal(SIGPIPE, SIG_DFL);
	close(p[1]);
}

static void nonblocking(void)
{
	int p[2];
	char block[1024];
	long total = 0;
	ssize_t n;

	memset(block, 'n', sizeof(block));
	CALL(pipe2(p, O_NONBLOCK));
	CALL(read(p[0], block, 1));
	while ((n = write(p[1], block, sizeof(block))) > 0)
		total += n;
	printf("a pipe holds %ld bytes; then write says errno %d\n", total, errno);
	CALL(fcntl(p[0], F_GETFL) & O_NONBLOCK);
	for (int i = 0; i < 4; i++) /* room for one page */
		CALL(read(p[0], block, sizeof(block)));
	char big[5000] = { 0 };
	CALL(write(p[1], big, sizeof(big))); /* more than PIPE_BUF: what fits goes */
	CALL(write(p[1], big, 1));
	CALL(fcntl(p[0], F_SETFL, 0));
	CALL(read(p[0], block, sizeof(block)));
	close(p[0]);
	close(p[1]);
}

static void atomic(void)
{
	int p[2], mixed = 0, blocks = 0;
	char buf[4096];

	CALL(pipe(p));
	fflush(stdout);
	for (int w = 0; w < 3; w++)
		if (fork() == 0) {
			memset(buf, 'a' + w, sizeof(buf));
			for (int i = 0; i < 20; i++)
				write(p[1], buf, sizeof(buf));
			_exit(0);
		}
	close(p[1]);
	for (;;) {
		size_t got = 0;
		ssize_t n = 1;
		while (got < sizeof(buf) && (n = read(p[0], buf + got, sizeof(buf) - got)) > 0)
			got += (size_t)n;
		if (got < sizeof(buf))
			break;
		blocks++;
		for (size_t i = 1; i < sizeof(buf); i++)
			mixed |= buf[i] != buf[0];
	}
	while (wait(NULL) > 0)
		;
	printf("%d blocks of PIPE_BUF bytes from three writers, interleaved: %s\n", blocks,
	       mixed ? "yes" : "no");
	close(p[0]);
}

int main(void)
{
	simple();
	across_fork();
	broken();
	nonblocking();
	atomic();
	return 0;
}
