/* Time from the clock page (include/masque/clock.h): no trap, no message. Sleeping is
 * a futex wait that nothing wakes, with the kernel's timeout. */
#include <errno.h>
#include <linux/time.h>
#include <linux/time_types.h>
#include <masque/clock.h>
#include <trap.h>
#include "clock.h"
#include "signal.h"
#include "syscall.h"
#include "user.h"

#define NS 1000000000ull

static const volatile struct clock_page *const clock_page =
	(const struct clock_page *)CLOCK_PAGE_ADDR;

static uint64_t ns_since_boot(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return clock_page_ns(clock_page, (uint64_t)hi << 32 | lo);
}

int64_t clock_now_ns(int clock, uint64_t *ns)
{
	switch (clock) {
	case CLOCK_REALTIME:
	case CLOCK_REALTIME_COARSE:
		*ns = ns_since_boot() + clock_page->realtime_base_ns;
		return 0;
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_COARSE:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_BOOTTIME:
		*ns = ns_since_boot();
		return 0;
	default:
		return -EINVAL;
	}
}

static int is_cpu_clock(int clock)
{
	return clock == CLOCK_PROCESS_CPUTIME_ID || clock == CLOCK_THREAD_CPUTIME_ID;
}

SYSCALL2(clock_gettime, int, clock, struct __kernel_timespec *, ts)
{
	uint64_t ns;
	int64_t r = is_cpu_clock(clock) ? cpu_clock_ns(clock, &ns) : clock_now_ns(clock, &ns);

	if (r)
		return r;
	if (!user_whole(ts, sizeof(*ts)))
		return -EFAULT;
	ts->tv_sec = (int64_t)(ns / NS);
	ts->tv_nsec = (int64_t)(ns % NS);
	return 0;
}

SYSCALL2(clock_getres, int, clock, struct __kernel_timespec *, res)
{
	uint64_t ns;
	int64_t r = is_cpu_clock(clock) ? 0 : clock_now_ns(clock, &ns);

	if (!r && res && !user_whole(res, sizeof(*res)))
		return -EFAULT;
	if (!r && res)
		*res = (struct __kernel_timespec){
			.tv_sec = 0, .tv_nsec = is_cpu_clock(clock) ? CPU_CLOCK_RESOLUTION_NS : 1
		};
	return r;
}

SYSCALL2(gettimeofday, struct __kernel_old_timeval *, tv, void *, tz)
{
	uint64_t ns;

	if ((tv && !user_whole(tv, sizeof(*tv))) || (tz && !user_whole(tz, 8)))
		return -EFAULT;
	clock_now_ns(CLOCK_REALTIME, &ns);
	if (tv)
		*tv = (struct __kernel_old_timeval){ .tv_sec = (int64_t)(ns / NS),
						     .tv_usec = (int64_t)(ns % NS / 1000) };
	if (tz)
		*(uint64_t *)tz = 0; /* struct timezone: UTC, no DST */
	return 0;
}

SYSCALL1(time, int64_t *, t)
{
	uint64_t ns;

	if (t && !user_whole(t, sizeof(*t)))
		return -EFAULT;
	clock_now_ns(CLOCK_REALTIME, &ns);
	if (t)
		*t = (int64_t)(ns / NS);
	return (int64_t)(ns / NS);
}

/* Sleep until clock reads deadline (ns): 0, or -EINTR when a signal comes first. */
static int64_t sleep_until(int clock, uint64_t deadline)
{
	struct emul_thread *self = this_thread();
	uint64_t t, mono;

	while (!clock_now_ns(clock, &t) && t < deadline) {
		if (clock_now_ns(CLOCK_MONOTONIC, &mono))
			return -EINVAL;
		if (!signal_wait(self, mono + (deadline - t)))
			return -EINTR;
	}
	return 0;
}

static int valid(const struct __kernel_timespec *ts)
{
	return ts->tv_sec >= 0 && ts->tv_nsec >= 0 && (uint64_t)ts->tv_nsec < NS;
}

SYSCALL4(clock_nanosleep, int, clock, int, flags, const struct __kernel_timespec *, req,
	 struct __kernel_timespec *, rem)
{
	uint64_t t, want;
	int64_t r = clock_now_ns(clock, &t);

	if (r)
		return r;
	if (!user_whole(req, sizeof(*req)))
		return -EFAULT;
	if (!valid(req))
		return -EINVAL;
	want = (uint64_t)req->tv_sec * NS + (uint64_t)req->tv_nsec;
	if (!(flags & TIMER_ABSTIME))
		want += t;
	r = sleep_until(clock, want);
	if (r == -EINTR && rem && user_whole(rem, sizeof(*rem)) && !(flags & TIMER_ABSTIME) &&
	    !clock_now_ns(clock, &t)) {
		uint64_t left = want > t ? want - t : 0; /* what a signal cut short */
		*rem = (struct __kernel_timespec){ .tv_sec = (int64_t)(left / NS),
						   .tv_nsec = (int64_t)(left % NS) };
	}
	return r;
}

SYSCALL2(nanosleep, const struct __kernel_timespec *, req, struct __kernel_timespec *, rem)
{
	return do_clock_nanosleep(CLOCK_MONOTONIC, 0, req, rem);
}
