/* The CPU-time interval timers: ITIMER_VIRTUAL (SIGVTALRM) and ITIMER_PROF (SIGPROF)
 * fire while the process spins, as often as asked; getitimer shows what is left, never
 * more than the interval; a one-shot timer fires once; the virtual timer stands still
 * while the process sleeps; another thread's time counts for the process; a fork's
 * child has none; exec keeps them; the default action ends the process; the errors.
 * Counts only. */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "report.h"

#define TICK_US	     10000 /* the timers' value and interval */
#define WALL_LIMIT_S 30	   /* gives up spinning if no signal ever comes */

static volatile sig_atomic_t fired[NSIG];

static void on_signal(int sig)
{
	fired[sig]++;
}

static void catch (int sig)
{
	struct sigaction sa = { .sa_handler = on_signal, .sa_flags = SA_RESTART };

	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, 0);
	fired[sig] = 0;
}

static int64_t cpu_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* Burn CPU time until sig came n times (or the wall limit); how often it came. */
static int spin_until(int sig, int n)
{
	time_t wall = time(NULL);
	volatile uint64_t x = 0;

	while (fired[sig] < n && time(NULL) - wall < WALL_LIMIT_S)
		for (int i = 0; i < 10000; i++)
			x += (uint64_t)i;
	return fired[sig];
}

/* Burn ns of CPU time. */
static void spin_for(int64_t ns)
{
	int64_t start = cpu_ns();
	time_t wall = time(NULL);
	volatile uint64_t x = 0;

	while (cpu_ns() - start < ns && time(NULL) - wall < WALL_LIMIT_S)
		for (int i = 0; i < 10000; i++)
			x += (uint64_t)i;
}

static void set_timer(int which, long value_us, long interval_us)
{
	struct itimerval it = { .it_value = { .tv_usec = value_us },
				.it_interval = { .tv_usec = interval_us } };

	if (setitimer(which, &it, 0))
		printf("setitimer %d failed\n", which);
}

static int stopped(int which)
{
	struct itimerval now;

	getitimer(which, &now);
	return !now.it_value.tv_sec && !now.it_value.tv_usec;
}

/* What is left of a running timer: more than nothing, and (once it fired: Linux adds
 * a tick to the first value) no more than its interval. */
static int left_within(int which, long limit_us)
{
	struct itimerval now;

	getitimer(which, &now);
	return now.it_value.tv_sec == 0 && now.it_value.tv_usec > 0 &&
	       now.it_value.tv_usec <= limit_us;
}

static void interval(const char *name, int which, int sig)
{
	struct itimerval now, off = { 0 };

	catch (sig);
	set_timer(which, TICK_US, TICK_US);
	printf("%s: running: %d\n", name, left_within(which, 2 * TICK_US));
	printf("%s: spinning, a signal came: %d\n", name, spin_until(sig, 1) >= 1);
	printf("%s: what is left is at most the interval: %d\n", name, left_within(which, TICK_US));
	printf("%s: spinning, two more came: %d\n", name, spin_until(sig, 3) >= 3);
	CALL(setitimer(which, &off, &now));
	printf("%s: it was running, every %ld us\n", name, (long)now.it_interval.tv_usec);
	printf("%s: stopped: %d\n", name, stopped(which));
}

static void one_shot(const char *name, int which, int sig)
{
	catch (sig);
	set_timer(which, TICK_US, 0);
	printf("%s once: it came: %d\n", name, spin_until(sig, 1));
	spin_for(5 * TICK_US * 1000ll);
	printf("%s once: not again: %d\n", name, fired[sig]);
	printf("%s once: stopped: %d\n", name, stopped(which));
}

/* Sleeping uses no CPU time: a virtual timer due soon does not fire meanwhile. */
static void asleep(void)
{
	struct timespec nap = { .tv_nsec = 300 * 1000000 };
	struct itimerval now;

	catch (SIGVTALRM);
	set_timer(ITIMER_VIRTUAL, 5 * TICK_US, 0);
	nanosleep(&nap, 0);
	printf("asleep: no SIGVTALRM: %d\n", fired[SIGVTALRM] == 0);
	getitimer(ITIMER_VIRTUAL, &now);
	printf("asleep: most of it left: %d\n",
	       now.it_value.tv_sec == 0 && now.it_value.tv_usec >= 5 * TICK_US / 2);
	set_timer(ITIMER_VIRTUAL, 0, 0);
}

static void *spinner(void *arg)
{
	(void)arg;
	spin_until(SIGPROF, 1);
	return 0;
}

/* The timers count the process's threads together: the main thread waits, another
 * spins, and the signal comes. */
static void thread_time(void)
{
	pthread_t t;

	catch (SIGPROF);
	set_timer(ITIMER_PROF, 3 * TICK_US, 0);
	pthread_create(&t, 0, spinner, 0);
	pthread_join(t, 0);
	printf("thread: its time counted: %d\n", fired[SIGPROF]);
}

static void children(void)
{
	int st;
	pid_t pid;

	set_timer(ITIMER_PROF, 0, 500000);
	set_timer(ITIMER_PROF, 500000, 500000);
	if ((pid = fork()) == 0)
		_exit(stopped(ITIMER_PROF) ? 0 : 1);
	waitpid(pid, &st, 0);
	printf("fork: the child has no timer: %d\n", WIFEXITED(st) && WEXITSTATUS(st) == 0);
	set_timer(ITIMER_PROF, 0, 0);
	if ((pid = fork()) == 0) {
		signal(SIGVTALRM, SIG_DFL);
		set_timer(ITIMER_VIRTUAL, TICK_US, 0);
		spin_for(WALL_LIMIT_S * 1000000000ll);
		_exit(0);
	}
	waitpid(pid, &st, 0);
	printf("default action: killed by signal %d\n", WIFSIGNALED(st) ? WTERMSIG(st) : 0);
}

/* exec keeps the timers: the new program finds its timer running, and it fires. */
static void exec_again(void)
{
	printf("exec: the timer is still running: %d\n", left_within(ITIMER_PROF, 500000));
	catch (SIGPROF);
	printf("exec: and fires: %d\n", spin_until(SIGPROF, 1));
	fflush(stdout);
}

static void kept_by_exec(char *self)
{
	char *argv[] = { self, "exec", 0 };
	int st;
	pid_t pid;

	fflush(stdout);
	if ((pid = fork()) == 0) {
		set_timer(ITIMER_PROF, 300000, 0);
		execv(self, argv);
		_exit(127);
	}
	waitpid(pid, &st, 0);
	printf("exec: exit status %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
}

static void errors(void)
{
	struct itimerval it = { .it_value = { .tv_usec = 1000000 } };

	CALL(setitimer(99, &it, 0));
	CALL(getitimer(3, (struct itimerval *)&it));
	CALL(setitimer(ITIMER_VIRTUAL, &it, 0)); /* tv_usec out of range */
	CALL(syscall(SYS_setitimer, ITIMER_VIRTUAL, (void *)8, 0));
	CALL(syscall(SYS_setitimer, ITIMER_PROF, 0, (void *)8));
	CALL(syscall(SYS_getitimer, ITIMER_PROF, (void *)8));
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "exec")) {
		exec_again();
		return 0;
	}
	interval("virtual", ITIMER_VIRTUAL, SIGVTALRM);
	interval("prof", ITIMER_PROF, SIGPROF);
	one_shot("virtual", ITIMER_VIRTUAL, SIGVTALRM);
	one_shot("prof", ITIMER_PROF, SIGPROF);
	asleep();
	thread_time();
	children();
	kept_by_exec(argv[0]);
	errors();
	return 0;
}
