/* vfork: the child's exit status, an exec from a vfork child with its own arguments;
 * posix_spawn on top. (The shared memory and posix_spawn's errors: spawn.c.) */
#define _GNU_SOURCE
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "report.h"

extern char **environ;

int main(int argc, char **argv)
{
	int st;

	if (argc > 1) /* exec'd: argv[1] says by what, argv[2] how to end */
		return atoi(argv[2]) + (int)strlen(argv[1]);
	fflush(stdout);
	pid_t pid = vfork();
	if (pid == 0)
		_exit(12);
	CALL(waitpid(pid, &st, 0) == pid);
	printf("status %d\n", WEXITSTATUS(st));
	fflush(stdout);
	pid = vfork();
	if (pid == 0) {
		execl(argv[0], argv[0], "vfork", "13", (char *)NULL);
		_exit(127);
	}
	CALL(waitpid(pid, &st, 0) == pid);
	printf("status %d\n", WEXITSTATUS(st));
	char *args[] = { argv[0], "posix_spawn", "14", NULL };
	fflush(stdout);
	CALL(posix_spawn(&pid, argv[0], NULL, NULL, args, environ));
	CALL(waitpid(pid, &st, 0) == pid);
	printf("status %d\n", WEXITSTATUS(st));
	return 0;
}
