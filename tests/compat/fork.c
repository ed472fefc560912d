/* Processes: fork, the child's own memory, exit statuses and signals seen by wait,
 * waiting for one child or any, WNOHANG, ECHILD, a file offset shared across fork. */
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "report.h"

static int global = 1;

static void show_status(const char *who, int st)
{
	if (WIFEXITED(st))
		printf("%s exited with %d\n", who, WEXITSTATUS(st));
	else if (WIFSIGNALED(st))
		printf("%s killed by signal %d\n", who, WTERMSIG(st));
	else
		printf("%s: status %#x\n", who, st);
}

static void pause_ms(long ms)
{
	struct timespec t = { ms / 1000, ms % 1000 * 1000000 };

	nanosleep(&t, NULL);
}

int main(void)
{
	pid_t me = getpid(), kids[3];
	int st;

	printf("parent starts\n");
	fflush(stdout);
	pid_t a = fork();
	if (a == 0) {
		global = 2;
		printf("child: my parent is who forked me: %d; getpid differs: %d\n",
		       getppid() == me, getpid() != me);
		exit(7);
	}
	CALL(waitpid(a, &st, 0) == a);
	show_status("child a", st);
	printf("the parent's memory is its own: global = %d\n", global);

	fflush(stdout); /* each fork copies what stdio holds: nothing, so nothing twice */
	for (int i = 0; i < 3; i++)
		if ((kids[i] = fork()) == 0)
			exit(10 + i);
	for (int i = 2; i >= 0; i--) {
		CALL(waitpid(kids[i], &st, 0) == kids[i]);
		show_status("one of three", st);
	}
	CALL(wait(&st));

	fflush(stdout);
	pid_t slow = fork();
	if (slow == 0) {
		pause_ms(300);
		exit(1);
	}
	CALL(waitpid(slow, &st, WNOHANG));
	CALL(waitpid(-1, &st, 0) == slow);
	show_status("the slow one", st);

	fflush(stdout);
	pid_t bad = fork();
	if (bad == 0)
		*(volatile int *)0 = 0;
	CALL(waitpid(bad, &st, 0) == bad);
	show_status("the faulting one", st);

	int fd = open("shared", O_CREAT | O_RDWR | O_TRUNC, 0644);
	fflush(stdout);
	if (fork() == 0) {
		write(fd, "child\n", 6);
		exit(0);
	}
	CALL(wait(&st) > 0);
	write(fd, "parent\n", 7);
	char buf[32] = { 0 };
	CALL(pread(fd, buf, sizeof(buf) - 1, 0));
	printf("shared offset, file holds: %s", buf);
	close(fd);
	unlink("shared");

	fflush(stdout);
	pid_t orphaner = fork();
	if (orphaner == 0) {
		if (fork() == 0) {
			pause_ms(100);
			_exit(0);
		}
		_exit(3);
	}
	CALL(waitpid(orphaner, &st, 0) == orphaner);
	show_status("a parent of an orphan", st);
	CALL(waitpid(-1, &st, WNOHANG));
	return 0;
}
