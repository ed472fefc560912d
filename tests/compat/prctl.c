/* prctl's common options: the thread's name (from exec, set, truncated, inherited by
 * threads), the parent-death signal (delivered when the parent ends, not inherited
 * by a fork), dumpable, no_new_privs, an unknown option; membarrier; the robust list;
 * affinity on CPU 0. */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "report.h"

/* linux/membarrier.h, which musl's include path does not reach */
#define MEMBARRIER_CMD_QUERY			  0
#define MEMBARRIER_CMD_GLOBAL			  1
#define MEMBARRIER_CMD_PRIVATE_EXPEDITED	  8
#define MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED 16

static char thread_saw[16];

static void *thread_name(void *arg)
{
	(void)arg;
	prctl(PR_GET_NAME, thread_saw);
	prctl(PR_SET_NAME, "worker");
	return 0;
}

static void names(void)
{
	char name[16];
	pthread_t t;

	CALL(prctl(PR_GET_NAME, name));
	printf("name %s\n", name);
	CALL(prctl(PR_SET_NAME, "a-name-longer-than-fifteen"));
	CALL(prctl(PR_GET_NAME, name));
	printf("name %s\n", name);
	pthread_create(&t, 0, thread_name, 0);
	pthread_join(t, 0);
	prctl(PR_GET_NAME, name);
	printf("thread started as %s; main still %s\n", thread_saw, name);
}

static int report_fd;

static void on_parent_death(int sig)
{
	(void)sig;
	write(report_fd, "d", 1);
}

static void parent_death(void)
{
	int p[2], ready[2], sig = -1;
	char c = 0;

	pipe(p);
	pipe(ready);
	pid_t middle = fork();
	if (middle == 0) {
		if (fork() == 0) {
			report_fd = p[1];
			signal(SIGUSR1, on_parent_death);
			prctl(PR_SET_PDEATHSIG, SIGUSR1);
			write(ready[1], "r", 1);
			pause();
			_exit(0);
		}
		read(ready[0], &c, 1);
		_exit(0); /* the grandchild's parent ends */
	}
	waitpid(middle, 0, 0);
	CALL(read(p[0], &c, 1));
	printf("the orphan got its signal: %c\n", c);
	CALL(prctl(PR_SET_PDEATHSIG, SIGUSR2));
	CALL(prctl(PR_GET_PDEATHSIG, &sig));
	printf("pdeathsig %d\n", sig);
	pid_t pid = fork();
	if (pid == 0) {
		int inherited = -1;
		prctl(PR_GET_PDEATHSIG, &inherited);
		_exit(inherited);
	}
	int st;
	waitpid(pid, &st, 0);
	printf("a fork's child has %d\n", WEXITSTATUS(st));
	CALL(prctl(PR_SET_PDEATHSIG, 0));
	CALL(prctl(PR_SET_PDEATHSIG, 99));
}

static void others(void)
{
	uint64_t head = 0;
	size_t len = 0;
	cpu_set_t set;

	CALL(prctl(PR_GET_DUMPABLE));
	CALL(prctl(PR_SET_DUMPABLE, 0));
	CALL(prctl(PR_GET_DUMPABLE));
	CALL(prctl(PR_SET_DUMPABLE, 5));
	CALL(prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));
	CALL(prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0));
	CALL(prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));
	CALL(prctl(9999));
	int q = syscall(SYS_membarrier, MEMBARRIER_CMD_QUERY, 0, 0);
	printf("membarrier: global %d, private expedited %d\n", (q & MEMBARRIER_CMD_GLOBAL) != 0,
	       (q & MEMBARRIER_CMD_PRIVATE_EXPEDITED) != 0);
	CALL(syscall(SYS_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0, 0));
	CALL(syscall(SYS_membarrier, MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED, 0, 0));
	CALL(syscall(SYS_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0, 0));
	CALL(syscall(SYS_membarrier, MEMBARRIER_CMD_QUERY, 1, 0));
	CALL(syscall(SYS_get_robust_list, 0, &head, &len));
	printf("robust list set %d, len %zu\n", head != 0, len);
	CPU_ZERO(&set);
	CPU_SET(0, &set);
	CALL(sched_setaffinity(0, sizeof(set), &set));
}

int main(void)
{
	names();
	parent_death();
	others();
	return 0;
}
