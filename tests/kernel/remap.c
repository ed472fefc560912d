/*
 * vm_remap and vm_discard: a region moved keeps its pages (no copy, no new frame), its
 * protection and what it shares with another task; growth in place only into free
 * room; a cut; VM_REMAP_KEEP; the errors. vm_discard gives private memory zeros again,
 * a task's copy-on-write copy only its own, and leaves shared memory alone. Neither
 * leaks. vm_inherit's VM_INHERIT_NOFORK leaves a range out of new tasks,
 * VM_INHERIT_FORK puts it back, VM_INHERIT_ZERO gives them zeros.
 */
#include <ipc.h>
#include <masque/error.h>
#include <self.h>
#include <string.h>
#include <trap.h>
#include "msgs.h"
#include "tap.h"

#define PAGE	 4096ull
#define WAIT_MS	 5000
#define UNMAPPED 0xdeadull /* what a child reports for an address with nothing there */

static port_name_t report;
static volatile uint64_t *go; /* shared with the children: the parent's change is made */

static int64_t fresh(uint64_t pages)
{
	return vm_allocate(self_task, 0, pages * PAGE, VM_ANYWHERE);
}

/* Mark each page of [a, a + pages) with its number plus base. */
static void mark(int64_t a, uint64_t pages, uint64_t base)
{
	for (uint64_t i = 0; i < pages; i++)
		*(volatile uint64_t *)(a + i * PAGE) = base + i;
}

static int marked(int64_t a, uint64_t pages, uint64_t base)
{
	for (uint64_t i = 0; i < pages; i++)
		if (*(volatile uint64_t *)(a + i * PAGE) != base + i)
			return 0;
	return 1;
}

static int region_at(int64_t a, struct vm_region_info *info)
{
	return vm_region(self_task, (uint64_t)a, info) == 0 && info->start == (uint64_t)a;
}

/* --- moving ----------------------------------------------------------------------- */

static void test_move(void)
{
	int64_t a = fresh(4);
	struct vm_stats before, after;
	struct vm_region_info info;

	mark(a, 4, 100);
	vm_protect(self_task, a + 3 * PAGE, PAGE, VM_PROT_READ);
	vm_statistics(&before);
	int64_t b = vm_remap(self_task, a, 4 * PAGE, 0, 4 * PAGE, VM_ANYWHERE);
	vm_statistics(&after);
	ok(b > 0 && b != a, "vm_remap moves four written pages elsewhere");
	ok(marked(b, 4, 100), "they read the same at the new address");
	ok(after.free_pages == before.free_pages && after.cow_copies == before.cow_copies,
	   "without a copy or a new frame (%lu/%lu free)", before.free_pages, after.free_pages);
	ok(!region_at(a, &info), "nothing is left at the old address");
	ok(region_at(b + 3 * PAGE, &info) && info.protection == VM_PROT_READ,
	   "a region keeps its protection");
	int64_t c = fresh(2);
	is(vm_remap(self_task, b, 2 * PAGE, c, 2 * PAGE, VM_FIXED), KERN_NO_SPACE,
	   "a fixed target must be free");
	vm_deallocate(self_task, c, 2 * PAGE);
	is(vm_remap(self_task, b, 2 * PAGE, c, 2 * PAGE, VM_FIXED), c,
	   "part of a region moves to a fixed address");
	ok(marked(c, 2, 100) && marked(b + 2 * PAGE, 2, 102), "both parts keep their pages");
	vm_deallocate(self_task, c, 2 * PAGE);
	vm_deallocate(self_task, b + 2 * PAGE, 2 * PAGE);
}

static void test_keep(void)
{
	int64_t a = fresh(2), s = fresh(1);
	struct vm_region_info info;

	mark(a, 2, 500);
	int64_t b = vm_remap(self_task, a, 2 * PAGE, 0, 2 * PAGE, VM_REMAP_KEEP);
	ok(b > 0 && b != a && marked(b, 2, 500), "VM_REMAP_KEEP moves the pages");
	ok(region_at(a, &info) && *(volatile uint64_t *)(a + PAGE) == 0,
	   "and leaves the old range mapped, reading zeros");
	vm_inherit(self_task, s, PAGE, VM_INHERIT_SHARE);
	*(volatile uint64_t *)s = 1;
	int64_t t = vm_remap(self_task, s, PAGE, 0, PAGE, VM_REMAP_KEEP);
	*(volatile uint64_t *)t = 2;
	ok(*(volatile uint64_t *)s == 2, "shared memory left behind is the same memory");
	vm_deallocate(self_task, a, 2 * PAGE);
	vm_deallocate(self_task, b, 2 * PAGE);
	vm_deallocate(self_task, s, PAGE);
	vm_deallocate(self_task, t, PAGE);
}

static void test_resize(void)
{
	int64_t a = fresh(4), blocker;
	struct vm_region_info info;

	mark(a, 4, 200);
	vm_deallocate(self_task, a + 2 * PAGE, 2 * PAGE);
	is(vm_remap(self_task, a, 2 * PAGE, a, 4 * PAGE, VM_FIXED), a,
	   "a region grows in place into free room");
	ok(marked(a, 2, 200) && *(volatile uint64_t *)(a + 3 * PAGE) == 0,
	   "its pages stay, the growth reads zeros");
	is(vm_remap(self_task, a, 4 * PAGE, a, PAGE, VM_FIXED), a, "and is cut to one page");
	ok(!region_at(a + PAGE, &info), "the cut pages are gone");
	blocker = vm_allocate(self_task, a + PAGE, PAGE, VM_FIXED);
	is(vm_remap(self_task, a, PAGE, a, 2 * PAGE, VM_FIXED), KERN_NO_SPACE,
	   "it cannot grow over a region that follows");
	int64_t b = vm_remap(self_task, a, PAGE, 0, 3 * PAGE, VM_ANYWHERE);
	ok(b > 0 && marked(b, 1, 200) && *(volatile uint64_t *)(b + 2 * PAGE) == 0,
	   "but moves and grows at once");
	vm_deallocate(self_task, b, 3 * PAGE);
	vm_deallocate(self_task, blocker, PAGE);
}

static void test_errors(void)
{
	int64_t a = fresh(3);

	mark(a, 1, 400);
	is(vm_remap(self_task, a + 1, PAGE, 0, PAGE, VM_ANYWHERE), KERN_INVALID_ARGUMENT,
	   "an unaligned address");
	is(vm_remap(self_task, a, PAGE, 0, PAGE, 0x80), KERN_INVALID_ARGUMENT, "unknown flags");
	is(vm_remap(self_task, a, PAGE, 0, 0, VM_ANYWHERE), KERN_INVALID_ARGUMENT, "no new size");
	is(vm_remap(self_task, a, PAGE, a + PAGE, PAGE, VM_FIXED), KERN_NO_SPACE,
	   "a target overlapping the source");
	vm_deallocate(self_task, a + PAGE, PAGE);
	is(vm_remap(self_task, a, 3 * PAGE, 0, 3 * PAGE, VM_ANYWHERE), KERN_INVALID_ADDRESS,
	   "a range with a hole");
	is(vm_discard(self_task, a, 3 * PAGE), KERN_INVALID_ADDRESS,
	   "vm_discard of a range with a hole");
	ok(marked(a, 1, 400), "a refused vm_remap leaves the source as it was");
	vm_deallocate(self_task, a, 3 * PAGE);
}

/* --- sharing -------------------------------------------------------------------- */

static void read_twice(uint64_t addr)
{
	send_word(report, MSG_COPY_SEND, 1, *(volatile uint64_t *)addr);
	while (!*go)
		sleep_ms(1);
	send_word(report, MSG_COPY_SEND, 2, *(volatile uint64_t *)addr);
}

/* A child made before the change reads addr, the parent changes it by step, the child
 * reads again: -> both readings. */
static void child_sees(int64_t addr, void (*step)(void), uint64_t *first, uint64_t *second)
{
	struct word_msg m;
	int64_t child = spawn(read_twice, (uint64_t)addr);

	*go = 0;
	*first = recv_word(report, &m, WAIT_MS) == 0 ? m.word : ~0ull;
	step();
	*go = 1;
	*second = recv_word(report, &m, WAIT_MS) == 0 ? m.word : ~0ull;
	wait_task_end(child, WAIT_MS);
	port_destroy(child);
}

static int64_t region, moved;

static void move_then_write(void)
{
	moved = vm_remap(self_task, region, PAGE, 0, PAGE, VM_ANYWHERE);
	*(volatile uint64_t *)moved = 2;
}

static void test_sharing(void)
{
	uint64_t first, second;

	region = fresh(1);
	*(volatile uint64_t *)region = 1;
	child_sees(region, move_then_write, &first, &second);
	ok(first == 1 && second == 1 && *(volatile uint64_t *)moved == 2,
	   "a copy-on-write copy stays the child's when the parent moves and writes its own");
	vm_deallocate(self_task, moved, PAGE);

	region = fresh(1);
	vm_inherit(self_task, region, PAGE, VM_INHERIT_SHARE);
	*(volatile uint64_t *)region = 1;
	child_sees(region, move_then_write, &first, &second);
	ok(first == 1 && second == 2, "shared memory moved is still shared (%lu)", second);
	vm_deallocate(self_task, moved, PAGE);
}

/* --- discarding ----------------------------------------------------------------- */

static void discard_region(void)
{
	vm_discard(self_task, region, PAGE);
}

static void discard_in_child(uint64_t addr)
{
	vm_discard(self_task, addr, PAGE);
	send_word(report, MSG_COPY_SEND, 1, *(volatile uint64_t *)addr);
}

static void test_discard(void)
{
	int64_t a = fresh(8);
	struct vm_stats before, after;
	struct word_msg m;
	uint64_t first, second;

	mark(a, 8, 300);
	vm_statistics(&before);
	is(vm_discard(self_task, a + 2 * PAGE, 4 * PAGE), KERN_SUCCESS, "vm_discard four pages");
	vm_statistics(&after);
	ok(after.free_pages >= before.free_pages + 4, "their frames are free (%lu, then %lu)",
	   before.free_pages, after.free_pages);
	ok(*(volatile uint64_t *)(a + 2 * PAGE) == 0 && *(volatile uint64_t *)(a + 5 * PAGE) == 0,
	   "they read zeros");
	ok(marked(a, 2, 300) && marked(a + 6 * PAGE, 2, 306), "the pages around them stay");

	int64_t child = spawn(discard_in_child, (uint64_t)a);
	ok(recv_word(report, &m, WAIT_MS) == 0 && m.word == 0 && marked(a, 1, 300),
	   "a child's discard drops its copy only");
	wait_task_end(child, WAIT_MS);
	port_destroy(child);
	vm_deallocate(self_task, a, 8 * PAGE);

	region = fresh(1);
	*(volatile uint64_t *)region = 6;
	child_sees(region, discard_region, &first, &second);
	ok(first == 6 && second == 6 && *(volatile uint64_t *)region == 0,
	   "the parent's discard leaves a child's copy-on-write copy as it was");
	vm_deallocate(self_task, region, PAGE);

	region = fresh(1);
	vm_inherit(self_task, region, PAGE, VM_INHERIT_SHARE);
	*(volatile uint64_t *)region = 7;
	child_sees(region, discard_region, &first, &second);
	ok(first == 7 && second == 7 && *(volatile uint64_t *)region == 7,
	   "shared memory keeps its pages");
	vm_deallocate(self_task, region, PAGE);
}

/* --- leaving a range out of a fork ---------------------------------------------- */

static void report_mapped(uint64_t addr)
{
	struct vm_region_info info;

	send_word(report, MSG_COPY_SEND, 1,
		  region_at((int64_t)addr, &info) ? *(volatile uint64_t *)addr : UNMAPPED);
}

/* What a new task finds at addr: its word, or UNMAPPED. */
static uint64_t child_finds(int64_t addr)
{
	struct word_msg m;
	int64_t child = spawn(report_mapped, (uint64_t)addr);
	uint64_t found = recv_word(report, &m, WAIT_MS) == 0 ? m.word : ~0ull;

	wait_task_end(child, WAIT_MS);
	port_destroy(child);
	return found;
}

static void test_no_fork(void)
{
	int64_t a = fresh(1);
	struct vm_region_info info;

	*(volatile uint64_t *)a = 9;
	vm_inherit(self_task, a, PAGE, VM_INHERIT_SHARE);
	is(vm_inherit(self_task, a, PAGE, VM_INHERIT_NOFORK), KERN_SUCCESS,
	   "vm_inherit VM_INHERIT_NOFORK");
	is(child_finds(a), UNMAPPED, "a new task does not get the range");
	ok(region_at(a, &info) && info.inheritance == VM_INHERIT_SHARE,
	   "which keeps its inheritance");
	is(vm_inherit(self_task, a, PAGE, VM_INHERIT_FORK), KERN_SUCCESS, "VM_INHERIT_FORK");
	is(child_finds(a), 9, "puts it back");
	is(vm_inherit(self_task, a, PAGE, 0x40), KERN_INVALID_ARGUMENT,
	   "vm_inherit refuses an unknown inheritance");
	is(vm_inherit(self_task, a, PAGE, VM_INHERIT_ZERO), KERN_SUCCESS, "VM_INHERIT_ZERO");
	is(child_finds(a), 0, "gives a new task zeros there");
	ok(*(volatile uint64_t *)a == 9, "and the blueprint keeps its own");
	ok(region_at(a, &info) && !info.external, "vm_region: anonymous memory is not external");
	vm_deallocate(self_task, a, PAGE);
}

/* --- hygiene -------------------------------------------------------------------- */

static void remap_cycles(int n)
{
	for (int i = 0; i < n; i++) {
		int64_t a = fresh(4);
		mark(a, 4, 0);
		int64_t b = vm_remap(self_task, a + PAGE, 2 * PAGE, 0, 5 * PAGE, VM_ANYWHERE);
		mark(b, 5, 0);
		vm_discard(self_task, b, 3 * PAGE);
		vm_deallocate(self_task, a, 4 * PAGE);
		vm_deallocate(self_task, b, 5 * PAGE);
	}
}

static void test_hygiene(void)
{
	struct vm_stats before, after;

	remap_cycles(50);
	vm_statistics(&before);
	remap_cycles(500);
	vm_statistics(&after);
	ok(after.free_pages == before.free_pages && after.kernel_bytes == before.kernel_bytes,
	   "500 moves, growths and discards leave no frame or kernel memory behind "
	   "(%lu/%lu frames, %lu/%lu bytes)",
	   before.free_pages, after.free_pages, before.kernel_bytes, after.kernel_bytes);
}

int main(void)
{
	report = new_port();
	go = (volatile uint64_t *)fresh(1);
	vm_inherit(self_task, (uint64_t)go, PAGE, VM_INHERIT_SHARE);
	test_move();
	test_keep();
	test_resize();
	test_errors();
	test_sharing();
	test_discard();
	test_no_fork();
	test_hygiene();
	return 0;
}
