/* ioctl on descriptors that are not terminals: FIOCLEX and FIONCLEX, FIONBIO, and
 * ENOTTY for a terminal's request; EBADF for a closed descriptor. */
#include <fcntl.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>
#include "report.h"

int main(void)
{
	int p[2], on = 1, off = 0;
	char c;
	struct winsize ws;
	struct termios t;

	CALL(pipe(p));
	CALL(ioctl(p[0], FIOCLEX));
	CALL(fcntl(p[0], F_GETFD));
	CALL(ioctl(p[0], FIONCLEX));
	CALL(fcntl(p[0], F_GETFD));
	CALL(ioctl(p[0], FIONBIO, &on));
	CALL(fcntl(p[0], F_GETFL) & O_NONBLOCK);
	CALL(read(p[0], &c, 1));
	CALL(ioctl(p[0], FIONBIO, &off));
	CALL(fcntl(p[0], F_GETFL) & O_NONBLOCK);
	CALL(ioctl(p[1], TIOCGWINSZ, &ws));
	CALL(tcgetattr(p[1], &t));
	CALL(isatty(p[0]));
	CALL(ioctl(99, FIOCLEX));
	close(p[0]);
	close(p[1]);
	return 0;
}
