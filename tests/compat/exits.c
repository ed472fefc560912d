/* Many children ending at the same moment (all woken by one close) each leave the
 * status they exited with: none is taken for killed. */
#include <sys/wait.h>
#include <unistd.h>
#include "report.h"

int main(void)
{
	int killed = 0, wrong = 0;

	for (int round = 0; round < 3; round++) {
		int fd[2];
		pid_t p[20];

		pipe(fd);
		for (int i = 0; i < 20; i++)
			if ((p[i] = fork()) == 0) {
				char c;
				close(fd[1]);
				read(fd[0], &c, 1);
				_exit(i);
			}
		close(fd[0]);
		close(fd[1]); /* every child's read ends at once */
		for (int i = 0; i < 20; i++) {
			int st;
			waitpid(p[i], &st, 0);
			killed += WIFSIGNALED(st);
			wrong += WIFEXITED(st) && WEXITSTATUS(st) != i;
		}
	}
	printf("children killed %d, with a wrong status %d\n", killed, wrong);
	return 0;
}
