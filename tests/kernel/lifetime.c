/*
 * Objects that outlive a sleep: each trap here copies from (or to) a page that a
 * pager thread of our own task has not supplied yet, so the copy sleeps; the pager
 * first destroys what the trap works on, then supplies the page. The trap must fail
 * cleanly (or succeed harmlessly), the kernel stay up and every frame come back.
 * A fault that waits for a free frame meets the same. Also: the maximum protection
 * only goes down, the clock page stays read-only, and task_create with a full name
 * space.
 */
#include <ipc.h>
#include <masque/clock.h>
#include <masque/error.h>
#include <masque/pager.h>
#include <pager.h>
#include <self.h>
#include <string.h>
#include <trap.h>
#include "msgs.h"
#include "tap.h"

/* An object served by a thread of ours: before it answers the first request or
 * takes the first page back after action is set, it runs action(arg), so the trap
 * waiting for that is asleep meanwhile. */
struct pager {
	port_name_t object, control;
	void (*action)(uint64_t);
	uint64_t arg;
	const void *data; /* what each page holds; NULL: zeros */
	uint32_t flags;	  /* more PAGER_SUPPLY_* flags */
	int64_t stack;
	port_name_t thread; /* its own name for itself, which we remove after it ends */
	volatile int done;
};

/* Pages the kernel sent back to any of our pagers. */
static volatile uint64_t returned;

union pager_msg {
	struct msg_header hdr;
	struct pager_init_request_msg init;
	struct pager_request_request_msg request;
	struct pager_return_request_msg ret;
};

static void serve(uint64_t arg)
{
	struct pager *pg = (struct pager *)arg;
	union pager_msg m;

	while (msg_receive(pg->object, &m.hdr, sizeof(m)) == 0 && m.hdr.id != PAGER_TERMINATE_ID) {
		if (m.hdr.id == PAGER_INIT_ID) {
			pg->control = m.init.control.value;
			continue;
		}
		if (pg->action) {
			void (*action)(uint64_t) = pg->action;
			pg->action = NULL;
			action(pg->arg);
		}
		if (m.hdr.id == PAGER_REQUEST_ID)
			pager_supply(pg->control, m.request.offset, pg->data, 4096,
				     pg->flags | (pg->data ? 0 : PAGER_SUPPLY_ZERO));
		else if (m.hdr.id == PAGER_RETURN_ID) {
			vm_deallocate(self_task, m.ret.pages.addr, m.ret.pages.value);
			returned += m.ret.length / 4096;
		}
	}
	pg->thread = thread_self();
	pg->done = 1;
	thread_terminate(pg->thread);
}

/* Map pages of a new object served by pg (at addr if not 0); -> the address. */
static uint64_t paged(struct pager *pg, uint64_t pages, uint64_t addr)
{
	pg->object = port_allocate(RIGHT_RECEIVE);
	port_insert_right(self_task, pg->object, pg->object, MSG_MAKE_SEND);
	pg->stack = vm_allocate(self_task, 0, THREAD_STACK, VM_ANYWHERE);
	pg->done = 0;
	int64_t thread = start_thread_on(serve, (uint64_t)pg, pg->stack);
	port_destroy(thread);
	struct vm_map_args a = { .addr = addr,
				 .size = pages * 4096,
				 .flags = addr ? VM_FIXED : 0,
				 .object = pg->object,
				 .protection = VM_PROT_READ | VM_PROT_WRITE,
				 .max_protection = VM_PROT_ALL };
	return vm_map(self_task, &a);
}

/* Unmap the object; its pager ends when told to terminate. */
static void unpage(struct pager *pg, uint64_t addr, uint64_t pages)
{
	vm_deallocate(self_task, addr, pages * 4096);
	for (int i = 0; i < 500 && !pg->done; i++)
		sleep_ms(10);
	port_destroy(pg->object);
	port_destroy(pg->control);
	port_destroy(pg->thread);
	vm_deallocate(self_task, pg->stack, THREAD_STACK);
}

static void terminate_task(uint64_t task)
{
	task_terminate(task);
}

/* A task without threads, with pages of memory at *addr. */
static int64_t target(uint64_t pages, uint64_t *addr)
{
	int64_t t = task_create(PORT_NULL, 0, "target");

	*addr = vm_allocate(t, 0, pages * 4096, VM_ANYWHERE);
	return t;
}

/* Each scenario runs twice: the first warms the kernel's caches, the second must give
 * back every frame it took. */
typedef int64_t (*scenario)(void);

static void run(scenario s, int64_t want, const char *what)
{
	struct vm_stats before, after;

	s();
	vm_statistics(&before);
	int64_t got = s();
	vm_statistics(&after);
	is(got, want, what);
	/* a leak leaves fewer free; more is no leak (a frame an earlier run held: the
	 * kernel heap's spare page, a chain that collapsed when a task it shared went) */
	ok(after.free_pages >= before.free_pages && after.kernel_bytes <= before.kernel_bytes,
	   "... and every frame comes back (%lu, %lu; kernel bytes %lu, %lu)", before.free_pages,
	   after.free_pages, before.kernel_bytes, after.kernel_bytes);
}

static int64_t vm_write_to_dying(void)
{
	struct pager pg = { .action = terminate_task };
	uint64_t xaddr;
	int64_t x = target(1, &xaddr);
	uint64_t buf = paged(&pg, 1, 0);

	pg.arg = x;
	int64_t r = vm_write(x, xaddr, (void *)buf, 4096);
	unpage(&pg, buf, 1);
	port_destroy(x);
	return r;
}

static int64_t vm_read_from_dying(void)
{
	struct pager pg = { .action = terminate_task };
	uint64_t xaddr;
	int64_t x = target(2, &xaddr);
	uint64_t buf = paged(&pg, 2, 0);

	pg.arg = x;
	int64_t r = vm_read(x, xaddr, (void *)buf, 8192);
	unpage(&pg, buf, 2);
	port_destroy(x);
	return r;
}

static void terminate_thread(uint64_t thread)
{
	thread_terminate(thread);
	sleep_ms(20); /* let it leave, and its stack go */
}

static int64_t set_state_of_dying(void)
{
	struct pager pg = { .action = terminate_thread };
	int64_t th = thread_create(self_task);
	uint64_t buf = paged(&pg, 1, 0);

	pg.arg = th;
	int64_t r = thread_set_state(th, (struct thread_state *)buf);
	unpage(&pg, buf, 1);
	port_destroy(th);
	return r;
}

static int64_t create_from_dying(void)
{
	struct pager pg = { .action = terminate_task };
	uint64_t xaddr;
	int64_t x = target(1, &xaddr);
	uint64_t label = paged(&pg, 1, 0);

	pg.arg = x;
	int64_t r = task_create(x, TASK_INHERIT_MEMORY | TASK_INHERIT_SENDS, (char *)label);
	if (r > 0) {
		task_terminate(r);
		port_destroy(r);
	}
	unpage(&pg, label, 1);
	port_destroy(x);
	return r;
}

static int64_t map_into_dying(void)
{
	static struct vm_map_args args[4096 / sizeof(struct vm_map_args) + 1] __attribute__((
		aligned(4096))) = { { .size = 4096, .protection = 3, .max_protection = 7 } };
	struct pager pg = { .action = terminate_task, .data = args };
	uint64_t xaddr;
	int64_t x = target(1, &xaddr);
	uint64_t buf = paged(&pg, 1, 0);

	pg.arg = x;
	int64_t r = vm_map(x, (struct vm_map_args *)buf);
	unpage(&pg, buf, 1);
	port_destroy(x);
	return r;
}

/* pager_supply of two pages copying its data from pages that sleep while the object
 * it supplies goes: we are the pager of object a, and b's pager unmaps a before it
 * supplies the first page of b. The second page must not go into a freed object. */
static uint64_t a_addr;

static void unmap_a(uint64_t unused)
{
	(void)unused;
	vm_deallocate(self_task, a_addr, 2 * 4096);
}

static int64_t supply_to_dying(void)
{
	struct pager pg = { .action = unmap_a };
	port_name_t a = port_allocate(RIGHT_RECEIVE);
	union pager_msg m;

	port_insert_right(self_task, a, a, MSG_MAKE_SEND);
	a_addr = vm_map(self_task, &(struct vm_map_args){ .size = 2 * 4096,
							  .object = a,
							  .protection = VM_PROT_READ,
							  .max_protection = VM_PROT_READ });
	msg_receive(a, &m.hdr, sizeof(m)); /* init: we hold the control port */
	port_name_t control = m.init.control.value;
	uint64_t buf = paged(&pg, 2, 0);
	int64_t r = pager_supply(control, 0, (void *)buf, 2 * 4096, 0);
	unpage(&pg, buf, 2);
	while (msg_receive_timeout(a, &m.hdr, sizeof(m), 1000000) == 0)
		; /* a's terminate message */
	port_destroy(a);
	port_destroy(control);
	return r == KERN_TERMINATED ? KERN_SUCCESS : r;
}

/* The fast path: a reply through a send-once right, whose body is on a page that
 * sleeps while the send-once name is destroyed. */
static port_name_t fast_port, fast_thread;

static void fast_receiver(uint64_t unused)
{
	uint8_t buf[256];

	(void)unused;
	while (msg_receive(fast_port, (struct msg_header *)buf, sizeof(buf)) == 0)
		;
	fast_thread = thread_self();
	thread_terminate(fast_thread);
}

static void destroy_name(uint64_t name)
{
	port_destroy(name);
}

/* A task without threads given its own port (under a name, as its special ports), its
 * memory touched; it works while we hold its port too, and when we let go nobody but
 * itself can reach it, so it must go with its memory: the result of the write. */
static int64_t holds_itself(int as_special)
{
	static char page[4096];
	uint64_t addr;
	int64_t x = target(1, &addr);

	port_insert_right(x, PORT_NULL, x, MSG_COPY_SEND);
	if (as_special) {
		task_set_special(x, SPECIAL_BOOTSTRAP, x);
		task_set_special(x, SPECIAL_EXCEPTION, x);
	}
	int64_t r = vm_write(x, addr, page, sizeof(page));
	port_destroy(x);
	return r;
}

static int64_t holds_itself_by_name(void)
{
	return holds_itself(0);
}

static int64_t holds_itself_everywhere(void)
{
	return holds_itself(1);
}

static void nothing(uint64_t unused)
{
	(void)unused;
}

/* The same, its port held in a message queued on a port it receives on: copied there,
 * then ours let go; or moved there (no sender is lost: the next task's end finds it). */
static int64_t holds_itself_in_a_message(int moved)
{
	static char page[4096];
	uint64_t addr;
	int64_t x = target(1, &addr);
	port_name_t r = new_port();

	int64_t w = vm_write(x, addr, page, sizeof(page));
	if (port_insert_right(x, PORT_NULL, r, MSG_MOVE_RECEIVE) <= 0 ||
	    send_port(r, x, moved ? MSG_MOVE_SEND : MSG_COPY_SEND, 0) != KERN_SUCCESS)
		w = -1; /* not set up: no kernel code, so the result says so */
	port_destroy(r);
	if (!moved)
		port_destroy(x);
	int64_t other = spawn(nothing, 0);
	wait_task_end(other, 5000);
	port_destroy(other);
	return w;
}

static int64_t holds_itself_in_a_copied_message(void)
{
	return holds_itself_in_a_message(0);
}

static int64_t holds_itself_in_a_moved_message(void)
{
	return holds_itself_in_a_message(1);
}

static int64_t fast_reply_to_dead_name(void)
{
	static int64_t stack;
	struct pager pg = { .action = destroy_name };
	port_name_t reply = port_allocate(RIGHT_RECEIVE);

	fast_port = port_allocate(RIGHT_RECEIVE);
	if (!stack)
		stack = vm_allocate(self_task, 0, THREAD_STACK, VM_ANYWHERE);
	port_destroy(start_thread_on(fast_receiver, 0, stack));
	sleep_ms(20); /* it waits on fast_port */
	/* the header ends a page of ours, the body starts on the paged page after it */
	int64_t three = vm_allocate(self_task, 0, 3 * 4096, VM_ANYWHERE);
	vm_deallocate(self_task, three + 4096, 4096);
	uint64_t body = paged(&pg, 1, three + 4096);
	struct msg_header *h = (struct msg_header *)(body - sizeof(*h));
	pg.arg = port_insert_right(self_task, PORT_NULL, fast_port, MSG_MAKE_SEND_ONCE);
	*h = (struct msg_header){ .bits = MSG_BITS(MSG_MOVE_SEND_ONCE, 0),
				  .size = sizeof(*h) + 64,
				  .remote = pg.arg };
	int64_t r = msg_trap(MSG_SEND | MSG_RECEIVE, h, h, reply, 4096, 0);
	port_destroy(fast_port); /* the receiver ends */
	unpage(&pg, body, 1);
	vm_deallocate(self_task, three, 3 * 4096);
	port_destroy(reply);
	sleep_ms(20);
	port_destroy(fast_thread);
	return r;
}

/* vm_fault waiting for a free frame while the region it faults on goes: memory is
 * filled down to the reserve, with dirty pages of an object we page ourselves as all
 * the kernel can evict, so a fault waits until we take pages back, and we unmap its
 * region first. */
#define DIRTY_PAGES 256

static uint64_t r_addr;
static port_name_t me;

static void unmap_r(uint64_t unused)
{
	(void)unused;
	vm_deallocate(self_task, r_addr, 4096);
}

/* Wait until our pagers have taken back every page sent out since the count was outs
 * (returned counted from then on). */
static void until_taken_back(uint64_t outs, uint64_t returned_then)
{
	struct vm_stats st;

	for (int i = 0;
	     i < 1000 && vm_statistics(&st) == 0 && returned - returned_then < st.pageouts - outs;
	     i++)
		sleep_ms(2);
}

/* Touch pages of fill until no more than the reserve of frames is free, the level at
 * which an unprivileged fault waits, with pg idle (it took back all that went out). */
static void fill_to_reserve(volatile char *fill, uint64_t pages)
{
	struct vm_stats st;
	uint64_t touched = 0;

	vm_statistics(&st);
	uint64_t outs = st.pageouts, returned_then = returned;
	/* near it quickly: the reserve is about a 32nd of memory (pageout.c) */
	uint64_t near = st.total_pages / 32;
	while (vm_statistics(&st) == 0 && st.free_pages > near && touched < pages)
		for (uint64_t n = (st.free_pages - near + 1) / 2; n-- && touched < pages;)
			fill[touched++ * 4096] = 1;
	/* then a page at a time, until a fault waited for pages to go out */
	uint64_t outs_now = st.pageouts, waited_at;
	do {
		waited_at = st.free_pages;
		fill[touched++ * 4096] = 1;
		vm_statistics(&st);
	} while (st.pageouts == outs_now && touched < pages);
	for (;;) {
		until_taken_back(outs, returned_then);
		vm_statistics(&st);
		if (st.free_pages <= waited_at || touched >= pages)
			break;
		fill[touched++ * 4096] = 1;
	}
}

/* Fill memory down to the reserve, then have a kernel copy write at addr: its fault
 * waits for a frame, and the region at r_addr goes meanwhile. -> the copy's result. */
static int64_t write_when_memory_is_short(uint64_t addr)
{
	struct pager pg = { 0 };
	struct vm_stats st;
	uint64_t dirty = paged(&pg, DIRTY_PAGES, 0);

	for (int i = 0; i < DIRTY_PAGES; i++)
		((volatile char *)dirty)[i * 4096] = 1;
	vm_statistics(&st);
	int64_t fill = vm_allocate(self_task, 0, st.free_pages * 4096, VM_ANYWHERE);
	fill_to_reserve((volatile char *)fill, st.free_pages);
	pg.action = unmap_r;
	int64_t r = thread_get_state(me, (struct thread_state *)addr);
	vm_deallocate(self_task, fill, st.free_pages * 4096);
	unpage(&pg, dirty, DIRTY_PAGES);
	return r;
}

/* A zero-fill fault. */
static int64_t fault_after_grab_slept(void)
{
	r_addr = vm_allocate(self_task, 0, 4096, VM_ANYWHERE);
	return write_when_memory_is_short(r_addr);
}

/* A write to a copy-on-write copy of a page resident below it: the fault copies the
 * page up into the copy's own object, which goes while it waits. (Under the squeeze
 * the page may go back to its pager first: the fault then asks for it, and waits
 * there, with the same end.) */
static int64_t copy_up_after_grab_slept(void)
{
	struct pager pg = { 0 };
	uint64_t shared = paged(&pg, 1, 0);
	struct vm_map_args a = { .size = 4096,
				 .object = pg.object,
				 .flags = VM_MAP_COPY,
				 .protection = VM_PROT_READ | VM_PROT_WRITE,
				 .max_protection = VM_PROT_ALL };

	r_addr = vm_map(self_task, &a);
	(void)*(volatile char *)r_addr; /* the page comes in, below our copy */
	int64_t r = write_when_memory_is_short(r_addr);
	unpage(&pg, shared, 1);
	return r;
}

/* --- protection -------------------------------------------------------------------- */

static void test_protection(void)
{
	int64_t a = vm_allocate(self_task, 0, 4096, VM_ANYWHERE);
	uint64_t word = 1;

	vm_protect(self_task, a, 4096, VM_PROT_READ | VM_PROT_SET_MAX);
	is(vm_protect(self_task, a, 4096, VM_PROT_ALL | VM_PROT_SET_MAX), KERN_NO_ACCESS,
	   "the maximum protection cannot be raised");
	is(vm_protect(self_task, a, 4096, VM_PROT_READ | VM_PROT_WRITE), KERN_NO_ACCESS,
	   "so the page cannot become writable");
	vm_deallocate(self_task, a, 4096);
	is(vm_protect(self_task, CLOCK_PAGE_ADDR, 4096, VM_PROT_ALL | VM_PROT_SET_MAX),
	   KERN_NO_ACCESS, "the clock page's maximum cannot be raised");
	is(vm_protect(self_task, CLOCK_PAGE_ADDR, 4096, VM_PROT_READ | VM_PROT_WRITE),
	   KERN_NO_ACCESS, "the clock page cannot be made writable");
	ok(vm_write(self_task, CLOCK_PAGE_ADDR, &word, sizeof(word)) < 0,
	   "vm_write cannot write the clock page");
}

/* --- a full name space ------------------------------------------------------------ */

static port_name_t report;

static void fill_and_create(uint64_t unused)
{
	(void)unused;
	while (port_allocate(RIGHT_PORT_SET) > 0)
		;
	int64_t r = task_create(PORT_NULL, 0, "orphan");
	send_word(report, MSG_COPY_SEND, 1, r);
}

static void test_full_space(void)
{
	struct word_msg m;
	struct vm_stats before, after;

	vm_statistics(&before);
	int64_t child = spawn(fill_and_create, 0);
	int got = recv_word(report, &m, 60000) == 0;
	ok(got && (int64_t)m.word == KERN_NO_SPACE,
	   "task_create with a full name space says KERN_NO_SPACE (%ld)", (int64_t)m.word);
	task_terminate(child);
	wait_task_end(child, 20000);
	port_destroy(child);
	vm_statistics(&after);
	ok(after.kernel_bytes <= before.kernel_bytes + 65536,
	   "the kernel is up and the new task is gone (%lu, %lu bytes)", before.kernel_bytes,
	   after.kernel_bytes);
}

int main(void)
{
	report = port_allocate(RIGHT_RECEIVE);
	port_insert_right(self_task, report, report, MSG_MAKE_SEND);
	run(vm_write_to_dying, KERN_TERMINATED, "vm_write to a task terminated while it sleeps");
	run(vm_read_from_dying, KERN_TERMINATED, "vm_read from a task terminated while it sleeps");
	run(set_state_of_dying, KERN_TERMINATED,
	    "thread_set_state on a thread reaped while its input is copied");
	run(create_from_dying, KERN_TERMINATED,
	    "task_create from a blueprint terminated while its label is copied");
	run(map_into_dying, KERN_TERMINATED,
	    "vm_map into a task terminated while its arguments are copied");
	run(supply_to_dying, KERN_SUCCESS,
	    "pager_supply to an object that goes while its data is copied");
	run(fast_reply_to_dead_name, KERN_INVALID_NAME,
	    "a fast reply whose send-once name is destroyed while its body is copied");
	run(holds_itself_by_name, KERN_SUCCESS,
	    "a task without threads that holds its own port goes when we let go of it");
	run(holds_itself_everywhere, KERN_SUCCESS, "... one that is its own special ports too");
	run(holds_itself_in_a_copied_message, KERN_SUCCESS,
	    "... one whose port waits in a message to one of its ports, ours let go");
	run(holds_itself_in_a_moved_message, KERN_SUCCESS,
	    "... one whose only other right moved into such a message");
	me = thread_self();
	run(fault_after_grab_slept, KERN_INVALID_ADDRESS,
	    "a fault whose frame grab slept while its region was unmapped");
	run(copy_up_after_grab_slept, KERN_INVALID_ADDRESS,
	    "a copy-on-write fault whose frame grab slept while its region was unmapped");
	test_protection();
	test_full_space();
	return 0;
}
