/* Real-time signals queue: each sigqueue is delivered with its own value, in order,
 * while a standard signal is pending only once; sigtimedwait takes them one by one;
 * sigqueue to a child; its errors. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "report.h"

static int seen[16][3], nseen;

static void on_rt(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	if (nseen < 16) {
		seen[nseen][0] = sig - SIGRTMIN;
		seen[nseen][1] = si->si_code;
		seen[nseen][2] = si->si_value.sival_int;
	}
	nseen++;
}

static void handled(void)
{
	struct sigaction sa = { .sa_sigaction = on_rt, .sa_flags = SA_SIGINFO };
	sigset_t set, pending;

	sigemptyset(&sa.sa_mask);
	sigaction(SIGRTMIN, &sa, 0);
	sigaction(SIGRTMIN + 1, &sa, 0);
	sigaction(SIGUSR1, &sa, 0);
	sigemptyset(&set);
	sigaddset(&set, SIGRTMIN);
	sigaddset(&set, SIGRTMIN + 1);
	sigprocmask(SIG_BLOCK, &set, 0);
	for (int v = 1; v <= 3; v++)
		CALL(sigqueue(getpid(), SIGRTMIN, (union sigval){ .sival_int = v }));
	CALL(sigqueue(getpid(), SIGRTMIN + 1, (union sigval){ .sival_int = 10 }));
	CALL(kill(getpid(), SIGRTMIN));
	sigpending(&pending);
	printf("pending: RTMIN %d RTMIN+1 %d\n", sigismember(&pending, SIGRTMIN),
	       sigismember(&pending, SIGRTMIN + 1));
	CALL(sigprocmask(SIG_UNBLOCK, &set, 0));
	printf("delivered %d\n", nseen);
	for (int i = 0; i < nseen && i < 16; i++)
		printf("  RTMIN+%d code %d value %d\n", seen[i][0], seen[i][1],
		       seen[i][1] == SI_QUEUE ? seen[i][2] : 0);
}

static void waited(void)
{
	sigset_t set;
	siginfo_t si;
	struct timespec none = { 0 };

	sigemptyset(&set);
	sigaddset(&set, SIGRTMIN + 2);
	sigprocmask(SIG_BLOCK, &set, 0);
	for (int v = 7; v <= 9; v++)
		sigqueue(getpid(), SIGRTMIN + 2, (union sigval){ .sival_int = v });
	for (int i = 0; i < 4; i++) {
		int r = sigtimedwait(&set, &si, &none);
		printf("sigtimedwait: %d", r > 0 ? r - SIGRTMIN : -errno);
		if (r > 0)
			printf(" value %d pid ok %d", si.si_value.sival_int, si.si_pid == getpid());
		printf("\n");
	}
}

static void to_a_child(void)
{
	sigset_t set;
	siginfo_t si;
	int st;

	sigemptyset(&set);
	sigaddset(&set, SIGRTMIN + 3);
	sigprocmask(SIG_BLOCK, &set, 0);
	pid_t pid = fork();
	if (pid == 0) {
		int r = sigwaitinfo(&set, &si);
		_exit(r == SIGRTMIN + 3 && si.si_code == SI_QUEUE ? si.si_value.sival_int : 99);
	}
	CALL(sigqueue(pid, SIGRTMIN + 3, (union sigval){ .sival_int = 42 }));
	waitpid(pid, &st, 0);
	printf("the child got value %d\n", WEXITSTATUS(st));
	siginfo_t forged;
	memset(&forged, 0, sizeof(forged));
	forged.si_code = SI_USER; /* the kernel's code: only to oneself */
	pid = fork();
	if (pid == 0) {
		pause();
		_exit(0);
	}
	CALL(syscall(SYS_rt_sigqueueinfo, pid, SIGUSR1, &forged));
	CALL(syscall(SYS_rt_sigqueueinfo, getpid(), 0, &forged));
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
	CALL(sigqueue(999999, SIGRTMIN, (union sigval){ 0 }));
	CALL(sigqueue(getpid(), 99, (union sigval){ 0 }));
}

int main(void)
{
	handled();
	waited();
	to_a_child();
	return 0;
}
