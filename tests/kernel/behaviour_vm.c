/*
 * Virtual-memory behaviours the other tests reach only by luck: vm_protect taking
 * write access away from a page the task has already written (its page table holds a
 * writable entry), out-of-line memory leaving the sender's own pages write-protected
 * without a fork to do it, and a pager's error failing only the page it names while
 * another thread waits on another page of the same object.
 */
#include <errno.h>
#include <exc.h>
#include <ipc.h>
#include <masque/error.h>
#include <masque/exception.h>
#include <masque/pager.h>
#include <pager.h>
#include <self.h>
#include <trap.h>
#include "msgs.h"
#include "tap.h"

#define WAIT_MS	 5000
#define SUPPLIED 0x7777777777777777ull

static port_name_t report, handler, object;

/* --- vm_protect on a mapped page ----------------------------------------------- */

static void protect_then_write(uint64_t unused)
{
	int64_t a = vm_allocate(self_task, 0, 4096, VM_ANYWHERE);

	(void)unused;
	*(volatile uint64_t *)a = 1; /* now mapped writable */
	vm_protect(self_task, a, 4096, VM_PROT_READ);
	*(volatile uint64_t *)a = 2; /* must fault */
	send_word(report, MSG_COPY_SEND, 1, 0);
}

static void test_protect_mapped(void)
{
	struct word_msg m;
	int64_t child = spawn(protect_then_write, 0);

	ok(wait_task_end(child, WAIT_MS) == KERN_SUCCESS &&
		   recv_word(report, &m, 1) == KERN_TIMED_OUT,
	   "a page written, then made read-only, faults on the next write by the same task");
	port_destroy(child);
}

/* --- out-of-line memory and the sender's pages ----------------------------------- */

struct ool_msg {
	struct msg_header h;
	struct msg_desc d;
};

/* Send size bytes out of line to ourselves, write over them, then receive: the
 * message must hold what was there at the send. */
static int ool_keeps_old_data(uint64_t size)
{
	port_name_t port = new_port();
	int64_t buf = vm_allocate(self_task, 0, size, VM_ANYWHERE);
	volatile uint64_t *w = (uint64_t *)buf;
	uint64_t pages = size / 4096, bad = 0;

	for (uint64_t i = 0; i < pages; i++)
		w[i * 512] = 1000 + i; /* every page mapped writable */
	struct ool_msg o = {
		.h = { .bits = MSG_BITS(MSG_COPY_SEND, 0),
		       .size = sizeof(o),
		       .remote = port,
		       .ndesc = 1 },
		.d = { .type = MSG_DESC_OOL, .value = size, .addr = buf },
	};
	int64_t r = msg_send(&o.h);
	for (uint64_t i = 0; i < pages; i++)
		w[i * 512] = 0xdead;
	if (!r)
		r = msg_receive(port, &o.h, sizeof(o));
	const uint64_t *got = (const uint64_t *)o.d.addr;
	for (uint64_t i = 0; !r && i < pages; i++)
		bad += got[i * 512] != 1000 + i;
	if (!r)
		vm_deallocate(self_task, o.d.addr, size);
	vm_deallocate(self_task, buf, size);
	port_destroy(port);
	return !r && !bad;
}

/* --- pager_error fails one page -------------------------------------------------- */

static void touch_supplied(uint64_t addr)
{
	send_word(report, MSG_COPY_SEND, 2, *(volatile uint64_t *)addr);
	thread_terminate(thread_self());
}

/* Map the two-page object; a second thread reads page 1, we read page 0. */
static void two_faults(uint64_t unused)
{
	struct vm_map_args a = { .size = 2 * 4096,
				 .object = object,
				 .protection = VM_PROT_READ,
				 .max_protection = VM_PROT_READ,
				 .inheritance = VM_INHERIT_NONE };

	(void)unused;
	task_set_special(self_task, SPECIAL_EXCEPTION, handler);
	int64_t addr = vm_map(self_task, &a);
	send_word(report, MSG_COPY_SEND, 1, (uint64_t)addr);
	if (addr < 0)
		return;
	start_thread(touch_supplied, addr + 4096);
	send_word(report, MSG_COPY_SEND, 3, *(volatile uint64_t *)addr); /* never */
}

/* Serve the object until both pages are asked for; -> the control port, or PORT_NULL. */
static port_name_t both_requests(void)
{
	union {
		struct msg_header h;
		struct pager_init_request_msg init;
		struct pager_request_request_msg request;
	} m;
	port_name_t control = PORT_NULL;
	int asked = 0;

	while (asked != 3 &&
	       msg_receive_timeout(object, &m.h, sizeof(m), WAIT_MS * 1000000ull) == 0) {
		if (m.h.id == PAGER_INIT_ID)
			control = m.init.control.value;
		else if (m.h.id == PAGER_REQUEST_ID && m.request.offset < 2 * 4096)
			asked |= 1 << (m.request.offset / 4096);
	}
	return asked == 3 ? control : PORT_NULL;
}

static void test_pager_error_one_page(void)
{
	static uint64_t page[512];
	struct word_msg m;
	struct exc_raise_request_msg e;

	object = new_port();
	int64_t child = spawn(two_faults, 0);
	uint64_t addr = recv_word(report, &m, WAIT_MS) == 0 && m.h.id == 1 ? m.word : 0;
	ok(addr > 0 && addr < (1ull << 47), "another task maps a two-page object we serve");
	port_name_t control = both_requests();
	ok(control != PORT_NULL, "two of its threads wait, each on one page");
	for (int i = 0; i < 512; i++)
		page[i] = SUPPLIED;
	is(pager_supply(control, 4096, (const void *)0xffffffff80100000ull, 4096, 0),
	   KERN_INVALID_ADDRESS, "pager_supply refuses data in the kernel half");
	is(pager_error(control, 0, 4096), KERN_SUCCESS, "the pager fails page 0");
	is(pager_supply(control, 4096, page, 4096, 0), KERN_SUCCESS, "and supplies page 1");
	int64_t r = msg_receive_timeout(handler, &e.hdr, sizeof(e), WAIT_MS * 1000000ull);
	ok(r == 0 && e.exception == EXC_MEMORY_ERROR && e.address == addr,
	   "the thread on page 0 gets a memory error");
	ok(recv_word(report, &m, WAIT_MS) == 0 && m.h.id == 2 && m.word == SUPPLIED,
	   "the thread on page 1 reads the supplied data");
	is(msg_receive_timeout(handler, &e.hdr, sizeof(e), 200 * 1000000ull), KERN_TIMED_OUT,
	   "and gets no memory error");
	task_terminate(child);
	wait_task_end(child, WAIT_MS);
	port_destroy(child);
	port_destroy(object);
}

int main(void)
{
	report = new_port();
	handler = new_port();
	test_protect_mapped();
	ok(ool_keeps_old_data(64 * 1024),
	   "64 KiB out of line (copy-on-write): the sender's later writes do not show");
	ok(ool_keeps_old_data(8 * 1024),
	   "8 KiB out of line (copied): the sender's later writes do not show");
	test_pager_error_one_page();
	return 0;
}
