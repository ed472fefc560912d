/* Close-on-exec: O_CLOEXEC, F_DUPFD_CLOEXEC, dup3, pipe2, F_SETFD and FIOCLEX each
 * decide which descriptors the exec'd program still has. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>
#include "report.h"

static void show_open(void)
{
	for (int fd = 3; fd < 24; fd++)
		if (fcntl(fd, F_GETFD) >= 0)
			printf("after exec: %d open\n", fd);
}

int main(int argc, char **argv)
{
	int p[2], st;

	if (argc > 1) {
		show_open();
		return 0;
	}
	CALL(dup2(CALL(open(".", O_RDONLY | O_CLOEXEC)), 10));
	CALL(fcntl(10, F_GETFD));
	CALL(dup2(CALL(open(".", O_RDONLY)), 11));
	CALL(fcntl(11, F_DUPFD_CLOEXEC, 12));
	CALL(dup3(11, 13, O_CLOEXEC));
	CALL(dup3(11, 14, 0));
	CALL(pipe2(p, O_CLOEXEC));
	CALL(dup2(p[0], 15));
	CALL(dup2(p[1], 16));
	CALL(fcntl(15, F_GETFD));
	CALL(pipe2(p, 0));
	CALL(dup2(p[0], 17));
	CALL(dup2(p[1], 18));
	CALL(fcntl(17, F_SETFD, FD_CLOEXEC));
	CALL(ioctl(18, FIOCLEX));
	CALL(dup2(11, 19));
	CALL(ioctl(19, FIOCLEX));
	CALL(ioctl(19, FIONCLEX));
	CALL(pipe2(p, O_NONBLOCK | O_DIRECT | 0x10000000));
	for (int fd = 3; fd < 10; fd++)
		close(fd);
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		char *args[] = { argv[0], "after", NULL };
		execv(argv[0], args);
		_exit(127);
	}
	CALL(waitpid(pid, &st, 0) == pid);
	printf("exit %d\n", WEXITSTATUS(st));
	return 0;
}
