/* Pseudo-terminals: /dev/ptmx and its slave, canonical input and echo through the
 * pair, output processing, raw mode, the window size seen from both sides, ^C typed at
 * the master signalling the foreground group of the slave's session, and the ends:
 * the slave's reads after the master closes, the master's after the slave does. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>
#include "report.h"

/* Read what is there (waiting at most a second for the first byte) and print it with
 * its control characters escaped. */
static void drain(const char *what, int fd)
{
	char buf[256];
	struct pollfd p = { fd, POLLIN, 0 };
	int n = poll(&p, 1, 1000) == 1 ? (int)read(fd, buf, sizeof(buf)) : 0;

	printf("%s: %d bytes \"", what, n);
	for (int i = 0; i < n; i++)
		buf[i] < ' ' ? printf("\\%03o", (unsigned char)buf[i]) : printf("%c", buf[i]);
	printf("\"\n");
	fflush(stdout);
}

static void put(int fd, const char *s)
{
	if (write(fd, s, strlen(s)) != (ssize_t)strlen(s))
		printf("short write\n");
}

static void canonical(int master, int slave)
{
	put(master, "hello\n");
	drain("slave reads the line typed at the master", slave);
	drain("master reads its echo", master);
	put(slave, "out\n");
	drain("master reads the slave's output, ONLCR", master);
	put(master, "abx\177c\n");
	drain("slave reads the edited line", slave);
	drain("master reads the echo of the editing", master);
}

static void raw(int master, int slave)
{
	struct termios t, saved;

	tcgetattr(slave, &saved);
	t = saved;
	cfmakeraw(&t);
	CALL(tcsetattr(slave, TCSANOW, &t));
	put(master, "ab\r");
	drain("raw: slave reads at once, CR as it is", slave);
	drain("raw: nothing echoed", master);
	t.c_cc[VMIN] = 0;
	t.c_cc[VTIME] = 2;
	CALL(tcsetattr(slave, TCSANOW, &t));
	char buf[8];
	CALL(read(slave, buf, sizeof(buf))); /* VTIME: 0 bytes after 0.2 s */
	t.c_cc[VMIN] = 3;
	t.c_cc[VTIME] = 0;
	CALL(tcsetattr(slave, TCSANOW, &t));
	put(master, "xyz");
	CALL(read(slave, buf, sizeof(buf))); /* VMIN: the three */
	CALL(tcsetattr(slave, TCSANOW, &saved));
}

static void window(int master, int slave)
{
	struct winsize w = { .ws_row = 40, .ws_col = 132 }, got;

	CALL(ioctl(master, TIOCSWINSZ, &w));
	CALL(ioctl(slave, TIOCGWINSZ, &got));
	printf("slave's window: %d rows, %d columns\n", got.ws_row, got.ws_col);
}

/* A child in a session of its own, the slave its controlling terminal, waits; ^C at the
 * master ends it. */
static void interrupt(int master, const char *name)
{
	int ready[2], st;
	char c;

	fflush(stdout);
	pipe(ready);
	pid_t pid = fork();
	if (pid == 0) {
		setsid();
		int fd = open(name, O_RDWR);
		if (fd < 0 || ioctl(fd, TIOCSCTTY, 0) < 0)
			_exit(1);
		printf("child: foreground group is its own: %d\n", tcgetpgrp(fd) == getpid());
		fflush(stdout);
		write(ready[1], "r", 1);
		for (;;)
			pause();
	}
	read(ready[0], &c, 1);
	put(master, "\003");
	waitpid(pid, &st, 0);
	printf("child: killed by signal %d\n", WIFSIGNALED(st) ? WTERMSIG(st) : 0);
	drain("master reads the echo of ^C", master);
}

static void hung_up(int sig)
{
	(void)sig;
	write(1, "grandchild: SIGHUP\n", 19);
	_exit(0);
}

/* A session leader with the slave as its terminal ends: its foreground group (here
 * its child, left in the group) gets SIGHUP. */
static void leader_exit(const char *name)
{
	int ready[2], st;
	char c;

	fflush(stdout);
	pipe(ready);
	pid_t pid = fork();
	if (pid == 0) {
		setsid();
		int fd = open(name, O_RDWR);
		if (fd < 0 || ioctl(fd, TIOCSCTTY, 0) < 0)
			_exit(1);
		if (fork() == 0) {
			signal(SIGHUP, hung_up);
			write(ready[1], "r", 1);
			for (;;)
				pause();
		}
		read(ready[0], &c, 1);
		_exit(0);
	}
	waitpid(pid, &st, 0);
	close(ready[1]);
	read(ready[0], &c, 1); /* the end of file: the grandchild is gone */
	printf("leader: exited %d\n", WEXITSTATUS(st));
}

/* A background group whose parent has gone (an orphaned group) reads the terminal of
 * its session: EIO, where another background group would stop. */
static void orphan_read(const char *name)
{
	int out[2];

	fflush(stdout);
	pipe(out);
	pid_t pid = fork();
	if (pid == 0) {
		setsid();
		int fd = open(name, O_RDWR);
		if (fd < 0 || ioctl(fd, TIOCSCTTY, 0) < 0)
			_exit(1);
		pid_t middle = fork();
		if (middle == 0) {
			if (fork() == 0) {
				char c;
				setpgid(0, 0);
				usleep(300000); /* until its parent has gone */
				ssize_t r = read(fd, &c, 1);
				dprintf(out[1], "orphan's read: %zd errno %d\n", r,
					r < 0 ? errno : 0);
				_exit(0);
			}
			_exit(0);
		}
		waitpid(middle, 0, 0);
		char buf[64];
		ssize_t n = read(out[0], buf, sizeof(buf));
		write(1, buf, n > 0 ? (size_t)n : 0);
		_exit(0);
	}
	waitpid(pid, 0, 0);
}

int main(void)
{
	int master = CALL(posix_openpt(O_RDWR | O_NOCTTY));
	char name[64];

	CALL(grantpt(master));
	CALL(unlockpt(master));
	CALL(ptsname_r(master, name, sizeof(name)));
	printf("slave under /dev/pts/: %d\n", !strncmp(name, "/dev/pts/", 9));
	int slave = CALL(open(name, O_RDWR | O_NOCTTY));
	CALL(isatty(slave));
	CALL(isatty(master));
	canonical(master, slave);
	raw(master, slave);
	window(master, slave);
	interrupt(master, name);
	leader_exit(name);
	orphan_read(name);
	close(slave);
	close(master);

	/* a pair no session used (Linux hangs a session's terminal up asynchronously) */
	char buf[8];
	master = CALL(posix_openpt(O_RDWR | O_NOCTTY));
	CALL(unlockpt(master));
	CALL(ptsname_r(master, name, sizeof(name)));
	slave = CALL(open(name, O_RDWR | O_NOCTTY));
	close(master);
	CALL(read(slave, buf, sizeof(buf)));
	CALL(write(slave, "x", 1));
	close(slave);

	master = CALL(posix_openpt(O_RDWR | O_NOCTTY));
	CALL(unlockpt(master));
	CALL(ptsname_r(master, name, sizeof(name)));
	slave = CALL(open(name, O_RDWR | O_NOCTTY));
	close(slave);
	CALL(read(master, buf, sizeof(buf)));
	return 0;
}
