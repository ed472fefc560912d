/*
 * The CPU time a process used: getrusage, times, and the CPU-time clocks. The kernel
 * samples each thread's time at every timer tick (user mode, which is the program and
 * emul, or the kernel); the process server keeps what its children that were waited
 * for used. Time the servers spend answering the process is theirs, not its.
 */
#include <errno.h>
#include <linux/resource.h>
#include <linux/time.h>
#include <linux/times.h>
#include <masque/thread.h>
#include <proc.h>
#include <self.h>
#include <string.h>
#include <trap.h>
#include "clock.h"
#include "errno_of.h"
#include "process.h"
#include "syscall.h"
#include "user.h"

#define CLOCK_TICKS_PER_SECOND 100 /* AT_CLKTCK: what times() counts in */
#define NS_PER_SECOND	       1000000000ull
#define NS_PER_CLOCK_TICK      (NS_PER_SECOND / CLOCK_TICKS_PER_SECOND)

/* The process's time (RUSAGE_SELF), the calling thread's (RUSAGE_THREAD) or its
 * children's (RUSAGE_CHILDREN). */
static int64_t times_of(int who, struct cpu_times *c)
{
	*c = (struct cpu_times){ 0 };
	if (who == RUSAGE_SELF)
		return task_times(self_task, c) < 0 ? -EIO : 0;
	if (who == RUSAGE_THREAD) {
		port_name_t me = (port_name_t)thread_self();
		int64_t r = thread_times(me, c);
		port_mod_refs(me, RIGHT_SEND, -1);
		return r < 0 ? -EIO : 0;
	}
	if (who == RUSAGE_CHILDREN)
		return linux_result(
			rpc_proc_children_times(process.proc, &c->user_ns, &c->system_ns));
	return -EINVAL;
}

static struct __kernel_old_timeval timeval_of(uint64_t ns)
{
	return (struct __kernel_old_timeval){ .tv_sec = (int64_t)(ns / NS_PER_SECOND),
					      .tv_usec = (int64_t)(ns % NS_PER_SECOND / 1000) };
}

SYSCALL2(getrusage, int, who, struct rusage *, usage)
{
	struct cpu_times c;
	int64_t r = times_of(who, &c);

	if (r)
		return r;
	if (!user_whole(usage, sizeof(*usage)))
		return -EFAULT;
	memset(usage, 0, sizeof(*usage));
	usage->ru_utime = timeval_of(c.user_ns);
	usage->ru_stime = timeval_of(c.system_ns);
	return 0;
}

static uint64_t clock_ticks(uint64_t ns)
{
	return ns / NS_PER_CLOCK_TICK;
}

/* The clock ticks since boot, and the times used in *t unless t is NULL. */
SYSCALL1(times, struct tms *, t)
{
	struct cpu_times self, children;
	uint64_t now = 0;

	if (t) {
		int64_t r = times_of(RUSAGE_SELF, &self);
		if (!r)
			r = times_of(RUSAGE_CHILDREN, &children);
		if (r)
			return r;
		if (!user_whole(t, sizeof(*t)))
			return -EFAULT;
		*t = (struct tms){ .tms_utime = (long)clock_ticks(self.user_ns),
				   .tms_stime = (long)clock_ticks(self.system_ns),
				   .tms_cutime = (long)clock_ticks(children.user_ns),
				   .tms_cstime = (long)clock_ticks(children.system_ns) };
	}
	clock_now_ns(CLOCK_MONOTONIC, &now);
	return (int64_t)clock_ticks(now);
}

int64_t cpu_clock_ns(int clock, uint64_t *ns)
{
	struct cpu_times c;
	int64_t r = times_of(clock == CLOCK_THREAD_CPUTIME_ID ? RUSAGE_THREAD : RUSAGE_SELF, &c);

	*ns = c.user_ns + c.system_ns;
	return r;
}
