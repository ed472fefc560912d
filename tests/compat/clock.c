/* Clocks: CLOCK_MONOTONIC never goes back over many reads, realtime agrees with
 * time() and gettimeofday, a short nanosleep and clock_nanosleep (relative and
 * absolute) last at least what they ask, clock_getres, and EINVAL for a bad clock or
 * nanoseconds, EFAULT for a bad pointer. (CPU-time clocks: not kept yet.) */
#define _GNU_SOURCE
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include "report.h"

static long long ns(const struct timespec *t)
{
	return t->tv_sec * 1000000000ll + t->tv_nsec;
}

int main(void)
{
	struct timespec a, b, req = { 0, 20000000 }, res;
	struct timeval tv;
	int back = 0;

	clock_gettime(CLOCK_MONOTONIC, &a);
	for (int i = 0; i < 2000; i++) {
		clock_gettime(CLOCK_MONOTONIC, &b);
		back += ns(&b) < ns(&a);
		a = b;
	}
	printf("monotonic went back %d times\n", back);
	clock_gettime(CLOCK_REALTIME, &a);
	time_t t = time(NULL);
	gettimeofday(&tv, NULL);
	printf("realtime, time() and gettimeofday agree: %d %d\n", t - a.tv_sec <= 1,
	       tv.tv_sec - a.tv_sec <= 1);
	clock_gettime(CLOCK_MONOTONIC, &a);
	CALL(nanosleep(&req, NULL));
	clock_gettime(CLOCK_MONOTONIC, &b);
	printf("nanosleep 20 ms lasted at least that: %d\n", ns(&b) - ns(&a) >= 20000000);
	clock_gettime(CLOCK_MONOTONIC, &a);
	CALL(clock_nanosleep(CLOCK_MONOTONIC, 0, &req, NULL));
	clock_gettime(CLOCK_MONOTONIC, &b);
	printf("clock_nanosleep 20 ms: %d\n", ns(&b) - ns(&a) >= 20000000);
	clock_gettime(CLOCK_MONOTONIC, &a);
	struct timespec until = a;
	until.tv_nsec += 30000000;
	if (until.tv_nsec >= 1000000000)
		until.tv_sec++, until.tv_nsec -= 1000000000;
	CALL(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, NULL));
	clock_gettime(CLOCK_MONOTONIC, &b);
	printf("absolute sleep reached its time: %d\n", ns(&b) >= ns(&until));
	CALL(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &a, NULL));
	CALL(clock_getres(CLOCK_MONOTONIC, &res));
	printf("resolution at most 1 ms: %d\n", res.tv_sec == 0 && res.tv_nsec <= 1000000);
	CALL(clock_getres(CLOCK_REALTIME, NULL));
	CALL(syscall(SYS_clock_gettime, 12345, &a));
	CALL(syscall(SYS_clock_getres, -100, &a));
	struct timespec bad = { 0, 1000000000 }, neg = { -1, 0 };
	CALL(syscall(SYS_nanosleep, &bad, NULL));
	CALL(syscall(SYS_nanosleep, &neg, NULL));
	CALL(syscall(SYS_nanosleep, (void *)16, NULL));
	CALL(syscall(SYS_clock_nanosleep, 12345, 0, &req, NULL));
	CALL(syscall(SYS_clock_gettime, CLOCK_BOOTTIME, &a));
	CALL(syscall(SYS_clock_gettime, CLOCK_MONOTONIC_RAW, &a));
	CALL(syscall(SYS_clock_gettime, CLOCK_REALTIME_COARSE, &a));
	CALL(syscall(SYS_gettimeofday, (void *)16, NULL));
	CALL(syscall(SYS_time, NULL) > 0);
	return 0;
}
