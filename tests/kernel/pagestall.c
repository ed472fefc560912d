/*
 * A pager that stops taking its messages stalls only the objects it serves: with
 * its object's pages dirty and more of them due to go out than it will ever take,
 * another task's anonymous memory, four times what is free, still goes out to the
 * default pager and comes back. Boots in 64 MiB with swap (tests/kernel/swap.conf).
 */
#include <ipc.h>
#include <masque/error.h>
#include <masque/pager.h>
#include <pager.h>
#include <self.h>
#include <trap.h>
#include "msgs.h"
#include "tap.h"

#define MiB	      (1024 * 1024ul)
#define PAGE	      4096
#define STALLED_PAGES 512	 /* dirty pages of the sleeping pager's object */
#define HOG	      (96 * MiB) /* the other task's memory */
#define HOG_WAIT_MS   400000	 /* alone it takes under 2 minutes; a loaded host, longer */

static port_name_t report, object;

static uint64_t word_of(uint64_t offset)
{
	return offset * 0x9e3779b97f4a7c15ull + 11;
}

/* Write a word in every page of HOG bytes of new memory, read them back, report the
 * pages that came back wrong. */
static void hog(uint64_t unused)
{
	int64_t base = vm_allocate(self_task, 0, HOG, VM_ANYWHERE);
	uint64_t bad = 0;

	(void)unused;
	for (uint64_t off = 0; base > 0 && off < HOG; off += PAGE)
		*(volatile uint64_t *)(base + off) = word_of(off);
	for (uint64_t off = 0; base > 0 && off < HOG; off += PAGE)
		bad += *(volatile uint64_t *)(base + off) != word_of(off);
	send_word(report, MSG_COPY_SEND, 1, base > 0 ? bad : (uint64_t)base);
}

/* Map the object we serve and dirty all its pages (supplied zero-filled before any
 * fault asks, so that this thread never waits on itself); its address or 0. */
static uint64_t dirty_own_object(void)
{
	struct vm_map_args a = { .size = STALLED_PAGES * PAGE,
				 .object = object,
				 .protection = VM_PROT_READ | VM_PROT_WRITE,
				 .max_protection = VM_PROT_READ | VM_PROT_WRITE,
				 .inheritance = VM_INHERIT_NONE };
	union {
		struct msg_header h;
		struct pager_init_request_msg init;
	} m;
	int64_t addr = vm_map(self_task, &a);

	if (addr < 0 || msg_receive_timeout(object, &m.h, sizeof(m), 5000 * 1000000ull) ||
	    m.h.id != PAGER_INIT_ID ||
	    pager_supply(m.init.control.value, 0, 0, STALLED_PAGES * PAGE, PAGER_SUPPLY_ZERO))
		return 0;
	for (uint64_t off = 0; off < STALLED_PAGES * PAGE; off += PAGE)
		*(volatile uint64_t *)(addr + off) = off + 1;
	return (uint64_t)addr;
}

/* Take the pageouts queued for the sleeping pager; how many pages they carry. */
static uint64_t pages_sent_to_us(void)
{
	union {
		struct msg_header h;
		struct pager_return_request_msg ret;
	} m;
	uint64_t pages = 0;

	while (msg_receive_timeout(object, &m.h, sizeof(m), 0) == 0)
		if (m.h.id == PAGER_RETURN_ID)
			pages += m.ret.length / PAGE;
	return pages;
}

int main(void)
{
	struct vm_stats before, after;
	struct word_msg m;

	report = new_port();
	object = new_port();
	uint64_t addr = dirty_own_object();
	ok(addr != 0, "we serve an object of %d pages and dirty them all", STALLED_PAGES);
	vm_statistics(&before);
	diag("%lu MiB free; we now stop taking the object's messages",
	     before.free_pages * PAGE / MiB);
	int64_t child = spawn(hog, 0);
	int64_t r = recv_word(report, &m, HOG_WAIT_MS);
	ok(r == 0 && m.word == 0,
	   "another task writes and reads back %lu MiB through the default pager meanwhile "
	   "(%ld, %ld)",
	   HOG / MiB, r, r == 0 ? (int64_t)m.word : 0);
	vm_statistics(&after);
	ok(after.pageouts > before.pageouts + (HOG - before.free_pages * PAGE) / PAGE,
	   "its pages went out to swap (%lu pageouts)", after.pageouts - before.pageouts);
	uint64_t sent = pages_sent_to_us();
	ok(sent > 0 && sent < STALLED_PAGES,
	   "of our dirty pages some were sent to us, not all (%lu of %d)", sent, STALLED_PAGES);
	task_terminate(child);
	wait_task_end(child, 20000);
	port_destroy(child);
	port_destroy(object);
	vm_deallocate(self_task, addr, STALLED_PAGES * PAGE);
	return 0;
}
