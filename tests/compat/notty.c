/* TIOCNOTTY by a process that does not lead its session: it alone gives the terminal
 * up (its children after it too, as they inherit that); /dev/tty and the terminal's
 * group and session requests are refused it; the session keeps the terminal for the
 * others, the leader among them. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>
#include "report.h"

static int slave;

/* What a process of the session may do with the terminal. */
static void looks(const char *who)
{
	pid_t pgrp;
	int fd = open("/dev/tty", O_RDWR);

	printf("%s: open /dev/tty %s\n", who, fd >= 0 ? "ok" : errno == ENXIO ? "ENXIO" : "other");
	if (fd >= 0)
		close(fd);
	printf("%s: TIOCGPGRP %s\n", who,
	       ioctl(slave, TIOCGPGRP, &pgrp) == 0 ? "ok"
	       : errno == ENOTTY		   ? "ENOTTY"
						   : "other");
	printf("%s: tcgetsid is the leader %d\n", who, tcgetsid(slave) == getsid(0));
	fflush(stdout);
}

static void gives_up(void)
{
	CALL(ioctl(slave, TIOCNOTTY));
	looks("after TIOCNOTTY");
	pid_t pid = fork();
	if (pid == 0) {
		looks("its child");
		_exit(0);
	}
	waitpid(pid, 0, 0);
	_exit(0);
}

static void leader(void)
{
	char path[64];
	int master;

	if (setsid() < 0)
		_exit(1);
	master = posix_openpt(O_RDWR | O_NOCTTY);
	if (master < 0 || grantpt(master) || unlockpt(master) || ptsname_r(master, path, 64))
		_exit(1);
	slave = open(path, O_RDWR | O_NOCTTY);
	CALL(ioctl(slave, TIOCSCTTY, 0));
	looks("leader");
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0)
		gives_up();
	waitpid(pid, 0, 0);
	looks("leader after");
	_exit(0);
}

int main(void)
{
	fflush(stdout);
	pid_t pid = fork();

	if (pid == 0)
		leader();
	waitpid(pid, 0, 0);
	return 0;
}
