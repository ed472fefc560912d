/* setpgid, setsid and getsid, their refusals: EPERM for a group leader's setsid,
 * for moving a session leader or into another session's group, ESRCH for a process
 * that is not a child, EINVAL for a negative group; getpgid and getsid of others.
 * (EACCES for a child that has exec'd: not yet in Masque.) */
#include <sys/wait.h>
#include <unistd.h>
#include "report.h"

int main(void)
{
	int st, p[2];
	char c;

	fflush(stdout);
	pid_t top = fork();
	if (top) {
		waitpid(top, &st, 0);
		printf("ended %d\n", WEXITSTATUS(st));
		return 0;
	}
	CALL(setsid() == getpid());
	CALL(setsid());
	CALL(setpgid(0, -1));
	CALL(setpgid(getpid(), 0));
	CALL(getsid(99999));
	CALL(getpgid(-1));

	pipe(p);
	fflush(stdout);
	pid_t leader = fork();
	if (leader == 0) {
		setsid();
		close(p[1]);
		read(p[0], &c, 1);
		_exit(0);
	}
	pid_t plain = fork();
	if (plain == 0) {
		close(p[1]);
		read(p[0], &c, 1);
		_exit(0);
	}
	for (int i = 0; i < 100 && getsid(leader) != leader; i++)
		usleep(10000);
	CALL(getsid(leader) == leader);
	CALL(setpgid(leader, leader));
	CALL(setpgid(leader, getpid()));
	CALL(setpgid(plain, leader));
	CALL(setpgid(plain, plain));
	CALL(getpgid(plain) == plain);
	CALL(setpgid(plain, getpid()));
	CALL(getpgid(plain) == getpid());
	CALL(setpgid(1, 1));
	CALL(setpgid(getppid(), 0));
	close(p[1]);
	for (int i = 0; i < 2; i++)
		CALL(wait(&st) > 0);
	CALL(wait(&st));
	return 4;
}
