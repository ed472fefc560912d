/*
 * What a process may ask about the machine and the time it used: sysinfo (memory from
 * the kernel's page counts, uptime from the monotonic clock), getrusage and times.
 * The kernel keeps no CPU time per thread yet, so the times used read as none at all,
 * as for a process that has just started; the clock times() returns still advances.
 */
#include <errno.h>
#include <linux/resource.h>
#include <linux/sysinfo.h>
#include <linux/time.h>
#include <linux/times.h>
#include <masque/vm.h>
#include <string.h>
#include <trap.h>
#include "clock.h"
#include "syscall.h"

#define CLOCK_TICKS_PER_SECOND 100 /* AT_CLKTCK: what times() counts in */
#define NS_PER_SECOND	       1000000000ull

static uint64_t monotonic_ns(void)
{
	uint64_t ns = 0;

	clock_now_ns(CLOCK_MONOTONIC, &ns);
	return ns;
}

SYSCALL1(sysinfo, struct sysinfo *, info)
{
	struct vm_stats vm;
	int64_t r = vm_statistics(&vm);

	if (r < 0)
		return -EIO;
	memset(info, 0, sizeof(*info));
	info->uptime = (int64_t)(monotonic_ns() / NS_PER_SECOND);
	/* in bytes (mem_unit 1), as a 64-bit Linux gives them */
	info->totalram = vm.total_pages * vm.page_size;
	info->freeram = vm.free_pages * vm.page_size;
	info->bufferram = vm.object_pages * vm.page_size; /* the page cache */
	info->procs = 1; /* the process server has the count; we know of ourselves */
	info->mem_unit = 1;
	return 0;
}

SYSCALL2(getrusage, int, who, struct rusage *, usage)
{
	if (who != RUSAGE_SELF && who != RUSAGE_CHILDREN && who != RUSAGE_THREAD)
		return -EINVAL;
	memset(usage, 0, sizeof(*usage));
	return 0;
}

/* The clock ticks since boot, and the times used in *t unless t is NULL. */
SYSCALL1(times, struct tms *, t)
{
	if (t)
		memset(t, 0, sizeof(*t));
	return (int64_t)(monotonic_ns() / (NS_PER_SECOND / CLOCK_TICKS_PER_SECOND));
}
