/* Process groups and sessions: a child's group, setpgid and its rules, setsid, waiting
 * for a group. */
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>
#include "report.h"

int main(void)
{
	int st;

	/* the runner's program may lead its group or not: start from a fresh session */
	fflush(stdout);
	pid_t leader = fork();
	if (leader) {
		waitpid(leader, &st, 0);
		printf("leader ended with %d\n", WEXITSTATUS(st));
		return 0;
	}
	CALL(setsid() == getpid());
	CALL(getsid(0) == getpid());
	CALL(getpgrp() == getpid());
	CALL(setsid());
	CALL(setpgid(0, 0));
	int hold[2];
	pipe(hold); /* a waits on it until we close it */
	fflush(stdout);
	pid_t a = fork();
	if (a == 0) {
		char c;
		close(hold[1]);
		read(hold[0], &c, 1);
		_exit(0);
	}
	close(hold[0]);
	CALL(getpgid(a) == getpid());
	CALL(setpgid(a, a));
	CALL(getpgid(a) == a);
	CALL(getsid(a) == getpid());
	fflush(stdout);
	pid_t b = fork();
	if (b == 0)
		_exit(9);
	CALL(setpgid(b, a));
	CALL(waitpid(0, &st, WNOHANG));
	CALL(waitpid(-a, &st, 0) == b);
	printf("from group a: %d\n", WEXITSTATUS(st));
	CALL(setpgid(getpid(), a));
	CALL(setpgid(99999, 0));
	CALL(getpgid(99999));
	close(hold[1]);
	CALL(waitpid(a, &st, 0) == a);
	return 3;
}
