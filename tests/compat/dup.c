/* Descriptors: dup, dup2, dup3 and fcntl's F_DUPFD, F_DUPFD_CLOEXEC, F_GETFD, F_SETFD,
 * F_GETFL and F_SETFL; the offset and status flags a duplicate shares, the
 * close-on-exec flag it does not, and the errors of each. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <unistd.h>
#include "report.h"

int main(void)
{
	int fd = CALL(open("dup-file", O_CREAT | O_RDWR | O_TRUNC | O_CLOEXEC, 0644));
	int d;

	CALL(fcntl(fd, F_GETFD));
	d = CALL(dup(fd));
	CALL(fcntl(d, F_GETFD));
	CALL(write(fd, "abcdef", 6));
	CALL(lseek(d, 0, SEEK_CUR));
	CALL(lseek(d, 2, SEEK_SET));
	CALL(lseek(fd, 0, SEEK_CUR));
	CALL(fcntl(fd, F_SETFL, O_APPEND | O_NONBLOCK));
	CALL(fcntl(d, F_GETFL) & (O_APPEND | O_NONBLOCK | O_ACCMODE));
	CALL(fcntl(fd, F_SETFL, O_RDONLY));
	CALL(fcntl(d, F_GETFL) & (O_APPEND | O_NONBLOCK | O_ACCMODE));
	CALL(dup2(fd, fd));
	CALL(dup2(fd, 30));
	CALL(fcntl(30, F_GETFD));
	CALL(dup2(d, 30));
	CALL(dup3(fd, 31, O_CLOEXEC));
	CALL(fcntl(31, F_GETFD));
	CALL(dup3(fd, fd, 0));
	CALL(dup3(fd, 32, 1));
	CALL(dup2(99, 33));
	CALL(dup2(fd, -1));
	CALL(dup2(fd, 100000));
	CALL(fcntl(fd, F_DUPFD, 30));
	CALL(fcntl(fd, F_DUPFD_CLOEXEC, 40));
	CALL(fcntl(40, F_GETFD));
	CALL(fcntl(fd, F_DUPFD, -1));
	CALL(fcntl(fd, F_DUPFD, 100000));
	CALL(fcntl(fd, F_SETFD, 0));
	CALL(fcntl(fd, F_GETFD));
	CALL(fcntl(fd, F_SETFD, 0xff));
	CALL(fcntl(fd, F_GETFD));
	CALL(fcntl(fd, 12345));
	CALL(fcntl(99, F_GETFD));
	CALL(dup(99));
	CALL(dup(-1));
	CALL(close(fd));
	CALL(lseek(d, 0, SEEK_CUR));
	CALL(close(-1));
	CALL(close(30));
	CALL(close(30));
	CALL(dup(d));
	CALL(close(31));
	CALL(close(32));
	CALL(close(40));
	CALL(close(41));
	CALL(close(d));
	CALL(unlink("dup-file"));
	return 0;
}
