/* What a process may ask about the machine: sysinfo (memory from the kernel's page
 * counts, uptime from the monotonic clock). */
#include <errno.h>
#include <linux/resource.h>
#include <linux/sysinfo.h>
#include <linux/time.h>
#include <masque/vm.h>
#include <string.h>
#include <trap.h>
#include "clock.h"
#include "syscall.h"

#define NS_PER_SECOND 1000000000ull

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
	info->bufferram =
		0; /* Linux's block-device buffers; the page cache is /proc/meminfo's Cached */
	info->procs = 1; /* the process server has the count; we know of ourselves */
	info->mem_unit = 1;
	return 0;
}
