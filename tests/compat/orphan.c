/* Orphans: a child whose parent ends goes on and is adopted (its parent id changes
 * away from the dead parent); its exit does not reach the grandparent's wait. */
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "report.h"

int main(void)
{
	int p[2], st;
	char c;

	pipe(p);
	fflush(stdout);
	pid_t parent = fork();
	if (parent == 0) {
		pid_t me = getpid();
		if (fork() == 0) {
			struct timespec t = { 0, 10000000 };
			close(p[0]);
			while (getppid() == me)
				nanosleep(&t, NULL);
			write(p[1], "a", 1); /* adopted away from its dead parent */
			_exit(9);
		}
		_exit(2);
	}
	close(p[1]);
	CALL(waitpid(parent, &st, 0) == parent);
	printf("parent: %d\n", WEXITSTATUS(st));
	CALL(read(p[0], &c, 1));
	printf("the orphan says: %c\n", c);
	CALL(read(p[0], &c, 1));
	CALL(waitpid(-1, &st, WNOHANG));
	return 0;
}
