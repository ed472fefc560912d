/*
 * alarm, setitimer and getitimer: the timers are the process server's (proc.itimer),
 * which sends SIGALRM for the real-time one, SIGVTALRM and SIGPROF for the CPU-time
 * ones when the kernel says the process's CPU time reached them.
 */
#include <errno.h>
#include <linux/time.h>
#include <linux/time_types.h>
#include <proc.h>
#include "errno_of.h"
#include "process.h"
#include "syscall.h"
#include "user.h"

#define NS 1000000000ll
#define US 1000ll

static int64_t ns_of(const struct __kernel_old_timeval *tv)
{
	return tv->tv_sec * NS + tv->tv_usec * US;
}

static struct __kernel_old_timeval timeval_of(int64_t ns)
{
	/* a timer that is due in under a microsecond still shows as running */
	int64_t us = (ns + US - 1) / US;

	return (struct __kernel_old_timeval){ .tv_sec = us / 1000000, .tv_usec = us % 1000000 };
}

static int valid(const struct __kernel_old_timeval *tv)
{
	return tv->tv_sec >= 0 && tv->tv_usec >= 0 && tv->tv_usec < 1000000;
}

/* The timer as it was into old (if not NULL), then set to value (if not NULL). */
static int64_t itimer(int which, const struct __kernel_old_itimerval *value,
		      struct __kernel_old_itimerval *old)
{
	int64_t was, every, r;

	if (which != ITIMER_REAL && which != ITIMER_VIRTUAL && which != ITIMER_PROF)
		return -EINVAL;
	if (value && (!valid(&value->it_value) || !valid(&value->it_interval)))
		return -EINVAL;
	r = rpc_proc_itimer(process.proc, which, value ? ns_of(&value->it_value) : 0,
			    value ? ns_of(&value->it_interval) : 0, value != 0, &was, &every);
	if (r < 0)
		return linux_result(r);
	if (old)
		*old = (struct __kernel_old_itimerval){ .it_interval = timeval_of(every),
							.it_value = timeval_of(was) };
	return 0;
}

SYSCALL3(setitimer, int, which, const struct __kernel_old_itimerval *, value,
	 struct __kernel_old_itimerval *, old)
{
	if ((value && !user_whole(value, sizeof(*value))) ||
	    (old && !user_whole(old, sizeof(*old))))
		return -EFAULT;
	return itimer(which, value, old);
}

SYSCALL2(getitimer, int, which, struct __kernel_old_itimerval *, value)
{
	if (value && !user_whole(value, sizeof(*value)))
		return -EFAULT;
	return itimer(which, 0, value);
}

SYSCALL1(alarm, uint32_t, seconds)
{
	struct __kernel_old_itimerval set = { .it_value = { .tv_sec = seconds } }, old;
	int64_t r = itimer(ITIMER_REAL, &set, &old);

	if (r < 0)
		return r;
	/* seconds that were left, rounded as Linux rounds them; a running timer is >= 1 */
	return old.it_value.tv_sec +
	       (old.it_value.tv_usec >= 500000 || (!old.it_value.tv_sec && old.it_value.tv_usec));
}
