/*
 * Paging to swap, in a machine with 64 MiB of memory: a task writes 256 MiB and reads
 * it all back; a task that wants more than memory and swap together is stopped, alone,
 * and memory is usable again afterwards.
 */
#include <masque/error.h>
#include <stddef.h>
#include <self.h>
#include <trap.h>
#include "tap.h"

#define MiB (1024 * 1024ul)

static uint64_t word_of(uint64_t offset)
{
	return offset * 0x9e3779b97f4a7c15ull + 7;
}

/* Write a word in every page of [base, base + size), then check them all. */
static uint64_t write_and_check(uint64_t base, uint64_t size)
{
	uint64_t bad = 0;

	for (uint64_t off = 0; off < size; off += 4096)
		*(volatile uint64_t *)(base + off) = word_of(off);
	for (uint64_t off = 0; off < size; off += 4096)
		bad += *(volatile uint64_t *)(base + off) != word_of(off);
	return bad;
}

static void hog(uint64_t size)
{
	int64_t base = vm_allocate(self_task, 0, size, VM_ANYWHERE);

	for (uint64_t off = 0; base > 0 && off < size; off += 4096)
		*(volatile uint64_t *)(base + off) = off;
}

int main(void)
{
	struct vm_stats before, after;

	vm_statistics(&before);
	diag("%lu MiB of memory, %lu MiB free", before.total_pages * 4096 / MiB,
	     before.free_pages * 4096 / MiB);
	int64_t base = vm_allocate(self_task, 0, 256 * MiB, VM_ANYWHERE);
	ok(base > 0, "allocate 256 MiB, four times the machine's memory");
	uint64_t bad = write_and_check(base, 256 * MiB);
	vm_statistics(&after);
	ok(bad == 0, "every page written comes back right (%lu wrong)", bad);
	ok(after.pageouts > before.pageouts + 32768, "through swap: %lu pages went out",
	   after.pageouts - before.pageouts);
	vm_deallocate(self_task, base, 256 * MiB);

	int64_t child = spawn_flags(hog, 1024 * MiB, 0, NULL);
	ok(wait_task_end(child, 600000) == KERN_SUCCESS,
	   "a task touching more than memory and swap together is stopped");
	port_destroy(child);
	base = vm_allocate(self_task, 0, 16 * MiB, VM_ANYWHERE);
	ok(write_and_check(base, 16 * MiB) == 0, "afterwards memory works as before");
	return 0;
}
