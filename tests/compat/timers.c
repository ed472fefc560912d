/* alarm and ITIMER_REAL: SIGALRM to a handler, what is left of a timer, an interval
 * timer firing again and again, cancelling, the default action; sigtimedwait and
 * sigwaitinfo taking blocked signals, with their siginfo and timeouts. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "report.h"

static volatile int alarms;

static void on_alarm(int sig)
{
	(void)sig;
	alarms++;
}

static void alarm_once(void)
{
	struct sigaction sa = { .sa_handler = on_alarm };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, 0);
	CALL(alarm(5));
	CALL(alarm(1)); /* 5 were left: 4 point something, rounded to 5 */
	CALL(pause());
	printf("alarms %d\n", alarms);
	CALL(alarm(0));
}

static void interval(void)
{
	struct itimerval it = { .it_value = { .tv_usec = 50000 },
				.it_interval = { .tv_usec = 50000 } },
			 now;
	sigset_t block, old;

	alarms = 0;
	sigemptyset(&block);
	sigaddset(&block, SIGALRM);
	sigprocmask(SIG_BLOCK, &block, &old);
	CALL(setitimer(ITIMER_REAL, &it, 0));
	CALL(getitimer(ITIMER_REAL, &now));
	printf("running: %d, interval %ld us\n",
	       now.it_value.tv_sec == 0 && now.it_value.tv_usec > 0 &&
		       now.it_value.tv_usec <= 50000,
	       (long)now.it_interval.tv_usec);
	while (alarms < 3)
		sigsuspend(&old);
	printf("alarms %d\n", alarms);
	memset(&it, 0, sizeof(it));
	CALL(setitimer(ITIMER_REAL, &it, &now));
	printf("it was running: %d\n",
	       now.it_value.tv_sec == 0 && now.it_interval.tv_usec == 50000);
	CALL(getitimer(ITIMER_REAL, &now));
	printf("stopped: %d\n", !now.it_value.tv_sec && !now.it_value.tv_usec);
	sigprocmask(SIG_SETMASK, &old, 0);
	it.it_value.tv_usec = 1000000;
	CALL(setitimer(ITIMER_REAL, &it, 0));
	CALL(setitimer(99, &it, 0));
}

static void default_action(void)
{
	int st;
	pid_t pid = fork();

	if (pid == 0) {
		signal(SIGALRM, SIG_DFL);
		alarm(1);
		for (;;)
			pause();
	}
	waitpid(pid, &st, 0);
	printf("child: killed by signal %d\n", WIFSIGNALED(st) ? WTERMSIG(st) : 0);
}

static void timed_wait(void)
{
	sigset_t set;
	siginfo_t si;
	struct timespec ts = { .tv_nsec = 20000000 };

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGUSR2);
	sigprocmask(SIG_BLOCK, &set, 0);
	kill(getpid(), SIGUSR2);
	memset(&si, 0, sizeof(si));
	CALL(sigtimedwait(&set, &si, &ts));
	printf("siginfo: signo %d code %d pid ok %d\n", si.si_signo, si.si_code,
	       si.si_pid == getpid());
	CALL(sigtimedwait(&set, &si, &ts));
	ts.tv_nsec = 0;
	CALL(sigtimedwait(&set, &si, &ts));
	ts.tv_nsec = 2000000000;
	CALL(sigtimedwait(&set, &si, &ts));
	raise(SIGUSR1);
	CALL(sigwaitinfo(&set, 0));
	pid_t parent = getpid(), pid = fork();
	if (pid == 0) {
		struct timespec d = { .tv_nsec = 50000000 };
		nanosleep(&d, 0);
		kill(parent, SIGUSR1);
		_exit(0);
	}
	int sig = 0;
	CALL(sigwait(&set, &sig));
	printf("sigwait: %d\n", sig);
	waitpid(pid, 0, 0);
	sigset_t pending;
	sigpending(&pending);
	printf("nothing left pending: %d\n", !sigismember(&pending, SIGUSR1));
}

int main(void)
{
	alarm_once();
	interval();
	default_action();
	timed_wait();
	return 0;
}
