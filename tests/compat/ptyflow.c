/* Flow through a pseudo-terminal: what is written to the master waits while the
 * slave's input is full, and none of it is lost, in raw mode and in canonical mode
 * (lines read one at a time); a non-blocking write to the master stops with EAGAIN
 * when nothing more fits. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <termios.h>
#include <unistd.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include "report.h"

#define TOTAL 20000
#define LINE  100

static int master, slave;

static int open_pair(void)
{
	char path[64];

	master = posix_openpt(O_RDWR | O_NOCTTY);
	if (master < 0 || grantpt(master) || unlockpt(master) || ptsname_r(master, path, 64))
		return -1;
	slave = open(path, O_RDWR | O_NOCTTY);
	return slave < 0 ? -1 : 0;
}

static void set_mode(int canonical)
{
	struct termios t;

	tcgetattr(slave, &t);
	cfmakeraw(&t);
	if (canonical)
		t.c_lflag |= ICANON;
	tcsetattr(slave, TCSANOW, &t);
}

/* The byte at i of what the writer sends: lines of LINE - 1 letters and a newline. */
static char byte_at(int i)
{
	return i % LINE == LINE - 1 ? '\n' : 'a' + (i / LINE + i % LINE) % 26;
}

/* In a child: all of it to the master, however the writes are cut. */
static void writer(void)
{
	char buf[1000];

	for (int done = 0; done < TOTAL;) {
		int n = 0;
		while (n < (int)sizeof(buf) && done + n < TOTAL) {
			buf[n] = byte_at(done + n);
			n++;
		}
		for (int off = 0; off < n;) {
			ssize_t w = write(master, buf + off, n - off);
			if (w <= 0)
				_exit(1);
			off += w;
		}
		done += n;
	}
	_exit(0);
}

/* Read from the slave until all came (or nothing does for 5 s): what arrived. */
static void reader(const char *mode)
{
	char buf[4096];
	int got = 0, reads = 0, same = 1, st;
	pid_t pid = fork();
	struct pollfd p = { slave, POLLIN, 0 };

	if (pid == 0)
		writer();
	usleep(200000); /* the writer fills the input first */
	while (got < TOTAL && poll(&p, 1, 5000) == 1) {
		ssize_t n = read(slave, buf, sizeof(buf));
		if (n <= 0)
			break;
		for (int i = 0; i < n; i++)
			same &= buf[i] == byte_at(got + i);
		got += n;
		reads++;
	}
	waitpid(pid, &st, 0);
	printf("%s: %d bytes, as written %d, writer's status %d\n", mode, got, same,
	       WEXITSTATUS(st));
	if (!strcmp(mode, "canonical"))
		printf("canonical: a read per line %d\n", reads == TOTAL / LINE);
	fflush(stdout);
}

static void nonblocking(void)
{
	char buf[1024];
	int flags = fcntl(master, F_GETFL);
	long total = 0;
	ssize_t n = 0;

	memset(buf, 'x', sizeof(buf));
	fcntl(master, F_SETFL, flags | O_NONBLOCK);
	while (total < 4 * 1024 * 1024 && (n = write(master, buf, sizeof(buf))) > 0)
		total += n;
	printf("nonblocking: took some %d, then errno %s\n", total > 0,
	       n < 0 && errno == EAGAIN ? "EAGAIN" : "other");
	fcntl(master, F_SETFL, flags);
	tcflush(slave, TCIFLUSH);
}

int main(void)
{
	if (CALL(open_pair()))
		return 1;
	set_mode(0);
	reader("raw");
	set_mode(1);
	reader("canonical");
	set_mode(0);
	nonblocking();
	return 0;
}
