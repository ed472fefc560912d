/*
 * vfork and clone(CLONE_VM | CLONE_VFORK), as posix_spawn makes them: the child is a
 * process of its own (its task, pid, descriptors and emul's state a fork's copy) whose
 * task shares the program's memory with its parent's: every region below emul passes
 * to it shared instead of copied, so what the child writes there (glibc's posix_spawn
 * child its exec's error) the parent sees. The calling thread of the parent waits
 * until the child execs (its exec unmaps the shared memory from its own task first)
 * or ends; the process server answers that wait. What the child maps, unmaps or
 * protects meanwhile the process server shows in the parent too (vfork_mirror).
 */
#include <errno.h>
#include <masque/vm.h>
#include <proc.h>
#include <self.h>
#include <trap.h>
#include "layout.h"
#include "process.h"
#include "vfork.h"

#define REGIONS_MAX 4096

/* The program's regions and how each passed to children before vfork_share. */
static struct {
	uint64_t start, size;
	uint32_t inheritance;
} regions[REGIONS_MAX];
static int nregions;

/* The program's regions into regions[]; 0 or -ENOMEM if there are too many. */
static int64_t list_regions(void)
{
	struct vm_region_info info;

	nregions = 0;
	for (uint64_t at = VM_USER_MIN;
	     at < EMUL_BASE && vm_region(self_task, at, &info) >= 0 && info.start < EMUL_BASE;
	     at = info.start + info.size) {
		if (nregions == REGIONS_MAX)
			return -ENOMEM;
		regions[nregions].start = info.start;
		regions[nregions].size = info.size;
		regions[nregions++].inheritance = info.inheritance;
	}
	return 0;
}

void vfork_share(void)
{
	int64_t r = list_regions();

	for (int i = 0; i < nregions && !r; i++)
		r = vm_inherit(self_task, regions[i].start, regions[i].size, VM_INHERIT_SHARE);
	if (r) {
		vfork_unshare();
		nregions = 0;
	}
}

void vfork_unshare(void)
{
	for (int i = 0; i < nregions; i++)
		vm_inherit(self_task, regions[i].start, regions[i].size, regions[i].inheritance);
}

void vfork_mirror(uint64_t addr, uint64_t size)
{
	if (process.vfork_child && size)
		rpc_proc_vfork_share(process.proc, addr, size);
}

void vfork_wait(int32_t pid)
{
	rpc_proc_vfork_wait(process.proc, pid);
}

void vfork_release(void)
{
	if (process.vfork_child) {
		process.vfork_child = 0;
		rpc_proc_vfork_release(process.proc);
	}
}
