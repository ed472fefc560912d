/* Forty children poll one pipe; one byte from the parent wakes them all, and each
 * then asks the pipe again at once (more requests than the end's queue holds): every
 * one of them must get through and end. */
#include <poll.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "report.h"

#define CHILDREN 40

int main(void)
{
	int fd[2], ended = 0;
	pid_t p[CHILDREN];
	struct timespec pause = { 0, 100000000 };

	pipe(fd);
	for (int i = 0; i < CHILDREN; i++)
		if ((p[i] = fork()) == 0) {
			struct pollfd pf = { .fd = fd[0], .events = POLLIN };
			poll(&pf, 1, -1);
			poll(&pf, 1, -1); /* again, while the others do the same */
			_exit(pf.revents & POLLIN ? 0 : 1);
		}
	nanosleep(&pause, 0);
	write(fd[1], "x", 1);
	for (int i = 0; i < CHILDREN; i++) {
		int st;
		waitpid(p[i], &st, 0);
		ended += WIFEXITED(st) && WEXITSTATUS(st) == 0;
	}
	printf("children that saw the byte and ended: %d\n", ended);
	return 0;
}
