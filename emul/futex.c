/* futex: the kernel's futex_wait and futex_wake, keyed by address within the task
 * (FUTEX_PRIVATE_FLAG) or by memory object (shared, for waiters in several
 * processes). Requeue wakes instead of moving: waiters recheck their word, as they
 * must after any wakeup. */
#include <errno.h>
#include <linux/futex.h>
#include <linux/time.h>
#include <linux/time_types.h>
#include <masque/error.h>
#include <trap.h>
#include "errno_of.h"
#include "clock.h"
#include "syscall.h"
#include "user.h"

#define NS 1000000000ull

static int64_t wait_on(uint32_t *addr, uint32_t val, uint32_t flags,
		       const struct __kernel_timespec *t, int absolute, int realtime)
{
	uint64_t ns = 0;

	if (t && !user_whole(t, sizeof(*t)))
		return -EFAULT;
	if (t) {
		if (t->tv_sec < 0 || t->tv_nsec < 0 || (uint64_t)t->tv_nsec >= NS)
			return -EINVAL;
		ns = (uint64_t)t->tv_sec * NS + (uint64_t)t->tv_nsec;
		if (absolute) {
			uint64_t now;
			clock_now_ns(realtime ? CLOCK_REALTIME : CLOCK_MONOTONIC, &now);
			if (ns <= now)
				return -ETIMEDOUT;
			ns -= now;
		}
		if (!ns)
			return -ETIMEDOUT;
	}
	int64_t r = futex_wait(addr, val, flags, ns);
	switch (r) {
	case KERN_SUCCESS:
		return 0;
	case KERN_VALUE_CHANGED:
		return -EAGAIN;
	case KERN_TIMED_OUT:
		return -ETIMEDOUT;
	case KERN_ABORTED:
		return -EINTR;
	default:
		return linux_result(r);
	}
}

static int64_t wake(uint32_t *addr, uint32_t count, uint32_t flags)
{
	return linux_result(futex_wake(addr, count, flags));
}

SYSCALL6(futex, uint32_t *, addr, int, op, uint32_t, val, const struct __kernel_timespec *, timeout,
	 uint32_t *, addr2, uint32_t, val3)
{
	uint32_t flags = op & FUTEX_PRIVATE_FLAG ? 0 : FUTEX_SHARED;
	int realtime = op & FUTEX_CLOCK_REALTIME;

	switch (op & FUTEX_CMD_MASK) {
	case FUTEX_WAIT:
		return wait_on(addr, val, flags, timeout, 0, 0);
	case FUTEX_WAIT_BITSET:
		return val3 ? wait_on(addr, val, flags, timeout, 1, realtime) : -EINVAL;
	case FUTEX_WAKE:
	case FUTEX_WAKE_BITSET:
		return wake(addr, val, flags);
	case FUTEX_CMP_REQUEUE:
		if (!user_whole(addr, sizeof(*addr)))
			return -EFAULT;
		if (__atomic_load_n(addr, __ATOMIC_SEQ_CST) != val3)
			return -EAGAIN;
		/* fall through */
	case FUTEX_REQUEUE: /* all woken: as many as Linux wakes and requeues */
		(void)addr2;
		return wake(addr, UINT32_MAX, flags);
	default:
		return -ENOSYS;
	}
}
