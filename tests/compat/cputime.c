/* CPU time: a process that spins sees it in its CPU clocks, getrusage (self and
 * thread) and times; a child's time reaches RUSAGE_CHILDREN and tms_cutime only once
 * it was waited for; the errors (EINVAL, EFAULT). Only facts that hold on any machine
 * are printed: amounts are compared with thresholds, never printed. */
#define _GNU_SOURCE
#include <stdint.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/times.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "report.h"

#define SPIN_NS	     (60 * 1000000ll) /* of CPU time */
#define ENOUGH_NS    (20 * 1000000ll) /* what each measure must then show at least */
#define WALL_LIMIT_S 30		      /* gives up spinning if the CPU clock never moves */

static int64_t ns_of(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int64_t rusage_ns(int who)
{
	struct rusage ru;

	getrusage(who, &ru);
	return ((int64_t)ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000000 +
	       ((int64_t)ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1000;
}

/* Burn CPU time until the process clock says SPIN_NS more (or the wall limit). */
static void spin(void)
{
	int64_t start = ns_of(CLOCK_PROCESS_CPUTIME_ID);
	time_t wall = time(NULL);
	volatile uint64_t x = 0;

	while (ns_of(CLOCK_PROCESS_CPUTIME_ID) - start < SPIN_NS &&
	       time(NULL) - wall < WALL_LIMIT_S)
		for (int i = 0; i < 10000; i++)
			x += (uint64_t)i;
}

int main(void)
{
	struct tms t;
	struct timespec ts;
	siginfo_t si;

	printf("children's time before any wait is zero: %d\n", rusage_ns(RUSAGE_CHILDREN) == 0);
	int64_t before = ns_of(CLOCK_PROCESS_CPUTIME_ID);
	spin();
	int64_t after = ns_of(CLOCK_PROCESS_CPUTIME_ID);
	printf("process clock moved on by the spin: %d\n", after - before >= SPIN_NS);
	printf("thread clock shows it: %d\n", ns_of(CLOCK_THREAD_CPUTIME_ID) >= ENOUGH_NS);
	printf("getrusage self shows it: %d\n", rusage_ns(RUSAGE_SELF) >= ENOUGH_NS);
	printf("getrusage thread shows it: %d\n", rusage_ns(RUSAGE_THREAD) >= ENOUGH_NS);
	times(&t);
	printf("times shows it: %d\n",
	       (int64_t)(t.tms_utime + t.tms_stime) * 1000000000 / sysconf(_SC_CLK_TCK) >=
		       ENOUGH_NS);
	printf("process clock never goes back: %d\n", ns_of(CLOCK_PROCESS_CPUTIME_ID) >= after);

	pid_t pid = fork();
	if (pid == 0) {
		spin();
		_exit(0);
	}
	while (waitid(P_PID, (id_t)pid, &si, WEXITED | WNOWAIT) < 0)
		;
	printf("a child not yet reaped is not counted: %d\n", rusage_ns(RUSAGE_CHILDREN) == 0);
	CALL(waitpid(pid, NULL, 0) == pid);
	printf("a child waited for is: %d\n", rusage_ns(RUSAGE_CHILDREN) >= ENOUGH_NS);
	times(&t);
	printf("times shows the child's: %d\n",
	       (int64_t)(t.tms_cutime + t.tms_cstime) * 1000000000 / sysconf(_SC_CLK_TCK) >=
		       ENOUGH_NS);

	CALL(clock_getres(CLOCK_PROCESS_CPUTIME_ID, NULL));
	CALL(clock_getres(CLOCK_THREAD_CPUTIME_ID, &ts));
	CALL(syscall(SYS_getrusage, 7, NULL));
	CALL(syscall(SYS_getrusage, RUSAGE_SELF, (void *)8));
	CALL(syscall(SYS_times, (void *)8));
	CALL(syscall(SYS_clock_gettime, CLOCK_PROCESS_CPUTIME_ID, (void *)8));
	return 0;
}
