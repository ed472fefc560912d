/* execve from one thread while another waits in vfork: Linux ends the vforking thread
 * with the others, the child goes on in the old memory and ends, and the new program,
 * alone, waits for that child as its own. */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdlib.h>
#include <sys/wait.h>
#include "alone.h"

/* The exec, once the main thread waits in vfork. */
static void *exec_self(void *arg)
{
	(void)arg;
	sleep_ms(100);
	char *argv[] = { "execvfork", "after", NULL };
	execv("/proc/self/exe", argv);
	printf("execv failed: errno %d\n", errno);
	exit(1);
}

/* The new program: what it sees, and the vfork's child ending as its child. */
static int after(int argc, char **argv)
{
	int status = -1;

	after_exec(argc, argv);
	pid_t pid = waitpid(-1, &status, 0);
	printf("new program: the vfork child was its child: %d, exited %d with %d\n", pid > 0,
	       WIFEXITED(status), WEXITSTATUS(status));
	return 0;
}

int main(int argc, char **argv)
{
	pthread_t t;

	if (argc > 1 && !strcmp(argv[1], "after"))
		return after(argc, argv);
	pthread_create(&t, NULL, exec_self, NULL);
	pid_t pid = vfork();
	if (pid == 0) {
		sleep_ms(500);
		_exit(0);
	}
	old_thread_ran("vforking");
	return 2;
}
