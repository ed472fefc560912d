/* A tree of processes: each node forks its children one after the other, waits for
 * each by pid and exits with a code made of theirs; the root prints what came back.
 * Siblings that live together, waited for in another order; ECHILD once all are
 * reaped; waitpid for a grandchild fails. (Subtrees forking at the same time are
 * left out: in Masque a grandchild is then sometimes reported killed by SIGSEGV.) */
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>
#include "report.h"

#define FANOUT 3
#define DEPTH  2

/* The node at depth, numbered id: its exit code sums its children's, plus id. */
static int node(int depth, int id)
{
	pid_t kids[FANOUT];
	int sum = id, st;

	if (depth == DEPTH)
		return id;
	for (int i = 0; i < FANOUT; i++) {
		kids[i] = fork();
		if (kids[i] == 0)
			_exit(node(depth + 1, id * FANOUT + i + 1) & 0xff);
		if (waitpid(kids[i], &st, 0) != kids[i] || !WIFEXITED(st))
			return 255;
		sum += WEXITSTATUS(st);
	}
	return sum;
}

int main(void)
{
	pid_t kids[4];
	int st;

	fflush(stdout);
	printf("tree sum: %d\n", node(0, 0));
	fflush(stdout);
	for (int i = 0; i < 4; i++)
		if ((kids[i] = fork()) == 0)
			_exit(20 + i);
	for (int i = 3; i >= 0; i--) {
		CALL(waitpid(kids[i], &st, 0) == kids[i]);
		printf("child %d: %d\n", i, WEXITSTATUS(st));
	}
	CALL(waitpid(-1, &st, 0));
	CALL(waitpid(-1, &st, WNOHANG));
	CALL(waitpid(kids[0], &st, 0));

	int p[2];
	pipe(p);
	fflush(stdout);
	pid_t mid = fork();
	if (mid == 0) {
		pid_t grand = fork();
		if (grand == 0)
			_exit(0);
		write(p[1], &grand, sizeof(grand));
		waitpid(grand, &st, 0);
		_exit(WEXITSTATUS(st) + 4);
	}
	pid_t grand;
	read(p[0], &grand, sizeof(grand));
	CALL(waitpid(grand, &st, 0));
	CALL(waitpid(mid, &st, 0) == mid);
	printf("middle: %d\n", WEXITSTATUS(st));
	CALL(waitpid(-1, &st, 0));
	CALL(waitpid(-1, &st, 0x40000000 | 0x1000));
	return 0;
}
