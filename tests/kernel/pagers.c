/*
 * Pagers cannot hold the machine: a thread waiting for a page can be aborted (its
 * task's exception handler hears of it and may resume it), a pager whose port dies
 * fails every wait on its objects, a supplied page shows only the supplied data, and
 * pages nobody asked for fit the pager's quota.
 */
#include <exc.h>
#include <ipc.h>
#include <masque/error.h>
#include <masque/exception.h>
#include <masque/pager.h>
#include <masque/quota.h>
#include <masque/vm.h>
#include <notify.h>
#include <pager.h>
#include <self.h>
#include <trap.h>
#include "msgs.h"
#include "tap.h"

#define WAIT_MS	   5000
#define PAGE	   4096
#define WAITERS	   4 /* threads waiting on one object when its pager dies */
#define SUPPLIED   0x5555555555555555ull
#define STALE	   0xbadbadbadbadbadbull
#define SEEN_PAGES 16

static port_name_t report, handler, object;

/* Map size bytes of the object we serve, read-write; the address or an error. */
static int64_t map_object(uint64_t size)
{
	struct vm_map_args a = { .size = size,
				 .object = object,
				 .protection = VM_PROT_READ | VM_PROT_WRITE,
				 .max_protection = VM_PROT_READ | VM_PROT_WRITE,
				 .inheritance = VM_INHERIT_NONE };

	return vm_map(self_task, &a);
}

union pager_msg {
	struct msg_header h;
	struct pager_init_request_msg init;
	struct pager_request_request_msg request;
};

/* Serve the object until want requests have come; -> the control port, or PORT_NULL. */
static port_name_t await_requests(int want)
{
	union pager_msg m;
	port_name_t control = PORT_NULL;
	int asked = 0;

	while (asked < want &&
	       msg_receive_timeout(object, &m.h, sizeof(m), WAIT_MS * 1000000ull) == 0) {
		if (m.h.id == PAGER_INIT_ID)
			control = m.init.control.value;
		else if (m.h.id == PAGER_REQUEST_ID)
			asked++;
	}
	return asked == want ? control : PORT_NULL;
}

/* The control port the init message brings, or PORT_NULL. */
static port_name_t await_init(void)
{
	union pager_msg m;

	if (msg_receive_timeout(object, &m.h, sizeof(m), WAIT_MS * 1000000ull) ||
	    m.h.id != PAGER_INIT_ID)
		return PORT_NULL;
	return m.init.control.value;
}

static int64_t reply_exception(const struct exc_raise_request_msg *e, int64_t result)
{
	struct exc_raise_reply_msg rep = {
		.hdr = { .bits = MSG_BITS(MSG_MOVE_SEND_ONCE, 0),
			 .size = sizeof(rep),
			 .remote = e->hdr.remote,
			 .id = e->hdr.id + 100 },
		.result = result,
	};
	return msg_send(&rep.hdr);
}

/* --- thread_abort ends a wait for a page ------------------------------------------ */

static void read_after_abort(uint64_t unused)
{
	(void)unused;
	task_set_special(self_task, SPECIAL_EXCEPTION, handler);
	int64_t addr = map_object(PAGE);
	send_word(report, MSG_COPY_SEND, 1, (uint64_t)addr);
	if (addr > 0)
		send_word(report, MSG_COPY_SEND, 2, *(volatile uint64_t *)addr);
}

/* A new object we serve, and a task whose fn maps it (reporting the address as word 1)
 * and touches its first page: -> the control port once that page is asked for. */
static port_name_t waiting_mapper(void (*fn)(uint64_t), int64_t *child, port_name_t *thread,
				  const char *waiting)
{
	struct word_msg m;

	object = new_port();
	*child = spawn_flags(fn, 0, TASK_INHERIT_SENDS, thread);
	ok(recv_word(report, &m, WAIT_MS) == 0 && m.h.id == 1 && (int64_t)m.word > 0,
	   "a task maps an object we serve");
	port_name_t control = await_requests(1);
	ok(control != PORT_NULL, "%s", waiting);
	return control;
}

static void test_abort(void)
{
	static uint64_t page[512];
	struct word_msg m;
	struct exc_raise_request_msg e;
	port_name_t thread = PORT_NULL;

	int64_t child;
	port_name_t control =
		waiting_mapper(read_after_abort, &child, &thread, "its thread waits for the page");
	is(thread_abort(thread), KERN_SUCCESS, "thread_abort on the waiting thread");
	int64_t r = msg_receive_timeout(handler, &e.hdr, sizeof(e), WAIT_MS * 1000000ull);
	ok(r == 0 && e.exception == EXC_MEMORY_ERROR && (int64_t)e.code == KERN_ABORTED,
	   "its task's exception handler is told: memory error, KERN_ABORTED");
	is(r == 0 ? reply_exception(&e, KERN_SUCCESS) : r, KERN_SUCCESS,
	   "the handler resumes the thread");
	for (int i = 0; i < 512; i++)
		page[i] = SUPPLIED;
	is(pager_supply(control, 0, page, PAGE, 0), KERN_SUCCESS, "the page is supplied");
	ok(recv_word(report, &m, WAIT_MS) == 0 && m.h.id == 2 && m.word == SUPPLIED,
	   "the retried access reads the supplied data");
	task_terminate(child);
	wait_task_end(child, WAIT_MS);
	port_destroy(child);
	port_destroy(thread);
	port_destroy(object);
}

/* A kernel copy out to the object's page: vm_statistics writes it; report the result,
 * then try once more. */
static void copy_after_abort(uint64_t unused)
{
	(void)unused;
	int64_t addr = map_object(PAGE);
	send_word(report, MSG_COPY_SEND, 1, (uint64_t)addr);
	if (addr < 0)
		return;
	send_word(report, MSG_COPY_SEND, 2, (uint64_t)vm_statistics((struct vm_stats *)addr));
	send_word(report, MSG_COPY_SEND, 3, (uint64_t)vm_statistics((struct vm_stats *)addr));
}

static void test_abort_copy(void)
{
	static uint64_t page[512];
	struct word_msg m;
	port_name_t thread = PORT_NULL;

	int64_t child;
	port_name_t control = waiting_mapper(copy_after_abort, &child, &thread,
					     "a kernel copy to it waits for the page");
	is(thread_abort(thread), KERN_SUCCESS, "thread_abort on the copying thread");
	ok(recv_word(report, &m, WAIT_MS) == 0 && m.h.id == 2 && (int64_t)m.word == KERN_ABORTED,
	   "the copy fails with KERN_ABORTED");
	is(pager_supply(control, 0, page, PAGE, 0), KERN_SUCCESS, "the page is supplied");
	ok(recv_word(report, &m, WAIT_MS) == 0 && m.h.id == 3 && m.word == KERN_SUCCESS,
	   "the same copy tried again works");
	wait_task_end(child, WAIT_MS);
	port_destroy(child);
	port_destroy(thread);
	port_destroy(object);
}

/* --- the pager's port dies ------------------------------------------------------- */

static void touch_page(uint64_t addr)
{
	send_word(report, MSG_COPY_SEND, 2, *(volatile uint64_t *)addr); /* never */
}

/* A kernel copy out to a page of the object: vm_statistics writes it. */
static void copy_to_page(uint64_t addr)
{
	send_word(report, MSG_COPY_SEND, 3, (uint64_t)vm_statistics((struct vm_stats *)addr));
	thread_terminate(thread_self());
}

/* Several threads each fault on a page of the object, one more waits in a copy. */
static void many_waiters(uint64_t unused)
{
	(void)unused;
	task_set_special(self_task, SPECIAL_EXCEPTION, handler);
	int64_t addr = map_object((WAITERS + 1) * PAGE);
	send_word(report, MSG_COPY_SEND, 1, (uint64_t)addr);
	if (addr < 0)
		return;
	start_thread(copy_to_page, addr + WAITERS * PAGE);
	for (int i = 1; i < WAITERS; i++)
		start_thread(touch_page, addr + i * PAGE);
	touch_page(addr);
}

static void test_port_dies(void)
{
	struct word_msg m;
	struct exc_raise_request_msg e;
	int errors = 0;

	object = new_port();
	int64_t child = spawn(many_waiters, 0);
	ok(recv_word(report, &m, WAIT_MS) == 0 && m.h.id == 1 && (int64_t)m.word > 0,
	   "a task maps an object we serve");
	ok(await_requests(WAITERS + 1) != PORT_NULL, "%d faults and a kernel copy wait on it",
	   WAITERS);
	is(port_destroy(object), KERN_SUCCESS, "the pager destroys the object's receive right");
	int64_t r = recv_word(report, &m, WAIT_MS);
	ok(r == 0 && m.h.id == 3 && (int64_t)m.word == KERN_MEMORY_ERROR,
	   "the waiting copy fails with KERN_MEMORY_ERROR (%ld: id %u, %ld)", r, m.h.id,
	   (int64_t)m.word);
	for (int i = 0; i < WAITERS; i++) {
		if (msg_receive_timeout(handler, &e.hdr, sizeof(e), WAIT_MS * 1000000ull))
			break;
		errors += e.exception == EXC_MEMORY_ERROR;
		reply_exception(&e, KERN_MEMORY_ERROR);
	}
	is(errors, WAITERS, "every faulting thread gets a memory error");
	ok(wait_task_end(child, WAIT_MS) == KERN_SUCCESS, "nothing hangs: the task ends");
	port_destroy(child);
}

/* --- a supplied page holds the supplied data, never a frame's earlier contents ---- */

/* Leave freed frames holding STALE, so that a page shown before it is filled
 * would give it away. */
static void dirty_free_frames(uint64_t size)
{
	int64_t a = vm_allocate(self_task, 0, size, VM_ANYWHERE);

	for (uint64_t i = 0; a > 0 && i < size / 8; i++)
		((volatile uint64_t *)a)[i] = STALE;
	if (a > 0)
		vm_deallocate(self_task, a, size);
}

/* Read every word of the object's pages as they come; report the words that are
 * not the supplied data. */
static void read_while_supplied(uint64_t unused)
{
	uint64_t wrong = 0;

	(void)unused;
	int64_t addr = map_object(SEEN_PAGES * PAGE);
	send_word(report, MSG_COPY_SEND, 1, (uint64_t)addr);
	for (uint64_t i = 0; addr > 0 && i < SEEN_PAGES * PAGE / 8; i++)
		wrong += ((volatile uint64_t *)addr)[i] != SUPPLIED;
	send_word(report, MSG_COPY_SEND, 2, wrong);
}

static void test_supply_visible(void)
{
	static uint64_t data[SEEN_PAGES * 512];
	struct word_msg m;

	for (int i = 0; i < SEEN_PAGES * 512; i++)
		data[i] = SUPPLIED;
	object = new_port();
	dirty_free_frames(4 << 20);
	int64_t child = spawn(read_while_supplied, 0);
	ok(recv_word(report, &m, WAIT_MS) == 0 && m.h.id == 1 && (int64_t)m.word > 0,
	   "a task maps %d pages we serve and reads them", SEEN_PAGES);
	port_name_t control = await_requests(1);
	is(control != PORT_NULL ? pager_supply(control, 0, data, SEEN_PAGES * PAGE, 0)
				: KERN_TIMED_OUT,
	   KERN_SUCCESS, "we supply them all in one call while it reads");
	int64_t r = recv_word(report, &m, WAIT_MS);
	ok(r == 0 && m.h.id == 2 && m.word == 0, "it only ever sees the supplied data");
	wait_task_end(child, WAIT_MS);
	port_destroy(child);
	port_destroy(object);
}

/* --- dirty pages of an ordinary pager go back to it under pressure ---------------- */

#define PINNED_PAGES 64

/* Map PINNED_PAGES of our object, read them all, say so, and keep them mapped. */
static void reader(uint64_t unused)
{
	struct msg_header h;
	int64_t wait = port_allocate(RIGHT_RECEIVE);
	int64_t addr = map_object(PINNED_PAGES * PAGE);

	(void)unused;
	for (int i = 0; addr > 0 && i < PINNED_PAGES; i++)
		(void)((volatile char *)addr)[i * PAGE];
	send_word(report, MSG_COPY_SEND, 3, 0);
	msg_receive(wait, &h, sizeof(h));
}

/* Touch more memory than is free: the kernel must take pages back from their pagers. */
static void fill_memory(uint64_t go)
{
	struct vm_stats st;
	struct msg_header h;
	int64_t wait = port_allocate(RIGHT_RECEIVE);

	recv_moved((port_name_t)go, &h, sizeof(h)); /* until the pager is ready */
	vm_statistics(&st);
	uint64_t pages = st.free_pages + 128;
	int64_t region = vm_allocate(self_task, 0, pages * PAGE, VM_ANYWHERE);
	for (uint64_t i = 0; region > 0 && i < pages; i++)
		((volatile char *)region)[i * PAGE] = 1;
	msg_receive(wait, &h, sizeof(h));
}

/* Answer every request with a dirty page until the reader is done; then wait for a
 * page to come back, and let its memory go. */
static int serve_dirty_until_read(void)
{
	static uint64_t page[512];
	union {
		struct msg_header h;
		struct pager_init_request_msg init;
		struct pager_request_request_msg request;
		struct pager_return_request_msg ret;
		char room[512];
	} m;
	struct word_msg w;
	port_name_t control = PORT_NULL;

	for (int polls = 0; polls < 200; polls++) { /* 10 s at most */
		if (msg_receive_timeout(report, &w.h, sizeof(w), 1) == 0 && w.h.id == 3)
			return 1;
		if (msg_receive_timeout(object, &m.h, sizeof(m), 50000000ull))
			continue;
		if (m.h.id == PAGER_INIT_ID)
			control = m.init.control.value;
		else if (m.h.id == PAGER_REQUEST_ID)
			pager_supply(control, m.request.offset, page, PAGE, PAGER_SUPPLY_DIRTY);
	}
	return 0;
}

static union {
	struct msg_header h;
	struct pager_return_request_msg ret;
	char room[512];
} returned;

/* Write the stack we are about to use and the buffer we receive in: once the hog
 * runs, a copy-on-write fault of ours (the hog is made from our memory) would wait
 * for frames that only we can free. */
static void prefault(void)
{
	volatile char stack[16384];

	for (unsigned i = 0; i < sizeof(stack); i += 512)
		stack[i] = 0;
	for (unsigned i = 0; i < sizeof(returned); i += 64)
		((volatile char *)&returned)[i] = 0;
}

/* Whether a page of the object comes back to us within WAIT_MS (its memory freed). */
static int page_comes_back(void)
{
#define m returned
	while (msg_receive_timeout(object, &m.h, sizeof(m), WAIT_MS * 1000000ull) == 0) {
		if (m.h.id == PAGER_RETURN_ID) {
			vm_deallocate(self_task, m.ret.pages.addr, m.ret.pages.value);
			return 1;
		}
	}
	return 0;
#undef m
}

static void test_dirty_not_pinned(void)
{
	object = new_port();
	int64_t child = spawn(reader, 0);
	ok(serve_dirty_until_read(), "a task reads %d pages we supply dirty", PINNED_PAGES);
	port_name_t go = new_port();
	int64_t hog = spawn(fill_memory, go);
	port_insert_right(hog, go, go, MSG_MOVE_RECEIVE);
	prefault();
	diag("a hog starts to take more memory than is free");
	send_word(go, MSG_COPY_SEND, 0, 0);
	ok(page_comes_back(), "a hog needs more memory than is free: dirty pages of an ordinary "
			      "pager come back to it, not pinned");
	task_terminate(hog), task_terminate(child);
	wait_task_end(hog, WAIT_MS), wait_task_end(child, WAIT_MS);
	port_destroy(hog), port_destroy(child), port_destroy(object), port_destroy(go);
}

/* --- pages nobody asked for ------------------------------------------------------ */

#define UNASKED_LIMIT 8

static struct task_quota quota_of_self(void)
{
	struct task_quota q = { 0 };

	task_get_quota(self_task, &q);
	return q;
}

static uint64_t unasked_used(void)
{
	return quota_of_self().used[QUOTA_UNASKED_PAGES];
}

static void test_unasked(void)
{
	static uint64_t data[(UNASKED_LIMIT + 1) * 512];
	struct vm_stats before, after;
	struct task_quota q = quota_of_self();

	q.limit[QUOTA_UNASKED_PAGES] = UNASKED_LIMIT;
	is(task_set_quota(PORT_NULL, self_task, &q), KERN_SUCCESS,
	   "lower our quota of unasked pages to 8");
	object = new_port();
	int64_t addr = map_object((UNASKED_LIMIT + 1) * PAGE);
	port_name_t control = await_init();
	ok(addr > 0 && control != PORT_NULL, "we map an object we serve ourselves");
	vm_statistics(&before);
	is(pager_supply(control, 0, data, (UNASKED_LIMIT + 1) * PAGE, PAGER_SUPPLY_DIRTY),
	   KERN_RESOURCE_SHORTAGE, "a dirty supply of 9 pages nobody asked for is refused");
	vm_statistics(&after);
	is(after.object_pages, before.object_pages, "and none of it is cached");
	is(unasked_used(), 0, "nor charged");
	is(pager_supply(control, 0, data, (UNASKED_LIMIT + 1) * PAGE, 0), KERN_RESOURCE_SHORTAGE,
	   "a clean supply of 9 is refused too");
	is(pager_supply(control, 0, data, UNASKED_LIMIT * PAGE, PAGER_SUPPLY_DIRTY), KERN_SUCCESS,
	   "8 pages fit");
	is(unasked_used(), UNASKED_LIMIT, "and are charged to us");
	is(pager_supply(control, UNASKED_LIMIT * PAGE, data, PAGE, 0), KERN_RESOURCE_SHORTAGE,
	   "a 9th is refused");
	is(pager_supply(control, 0, data, PAGE, 0), KERN_SUCCESS,
	   "supplying a cached page again costs nothing");
	(void)*(volatile uint64_t *)addr;
	is(unasked_used(), UNASKED_LIMIT - 1, "a page a fault uses is no longer charged");
	vm_deallocate(self_task, addr, (UNASKED_LIMIT + 1) * PAGE);
	port_destroy(object);
	is(unasked_used(), 0, "pages that leave the cache are credited");
}

/* --- pages locked in memory ------------------------------------------------------- */

#define LOCKED_LIMIT 8

static uint64_t locked_used(void)
{
	return quota_of_self().used[QUOTA_LOCKED_PAGES];
}

static void test_locked(void)
{
	static uint64_t data[(LOCKED_LIMIT + 1) * 512];
	struct task_quota q = quota_of_self();
	const uint64_t size = (LOCKED_LIMIT + 1) * PAGE;

	q.limit[QUOTA_LOCKED_PAGES] = LOCKED_LIMIT;
	is(task_set_quota(PORT_NULL, self_task, &q), KERN_SUCCESS,
	   "lower our quota of locked pages to 8");
	object = new_port();
	int64_t addr = map_object(size);
	port_name_t control = await_init();
	is(pager_supply(control, 0, data, size, 0), KERN_SUCCESS, "we supply 9 pages");
	is(pager_lock(control, 0, size, 0, VM_PROT_WRITE), KERN_RESOURCE_SHORTAGE,
	   "locking all 9 is refused: locked pages cannot leave memory");
	is(locked_used(), 0, "and nothing is charged");
	is(pager_lock(control, 0, LOCKED_LIMIT * PAGE, 0, VM_PROT_WRITE), KERN_SUCCESS,
	   "8 can be locked");
	is(locked_used(), LOCKED_LIMIT, "and are charged to us");
	is(pager_lock(control, 0, LOCKED_LIMIT * PAGE, 0, VM_PROT_ALL), KERN_SUCCESS,
	   "locking them again, more strictly, is allowed");
	is(locked_used(), LOCKED_LIMIT, "and costs nothing more");
	is(pager_lock(control, 0, PAGE, 0, 0), KERN_SUCCESS, "unlock one");
	is(locked_used(), LOCKED_LIMIT - 1, "it is credited");
	vm_deallocate(self_task, addr, size);
	port_destroy(object);
	is(locked_used(), 0, "pages that leave the cache locked are credited");
}

/* --- views of an object (memory_object_view) ------------------------------------- */

/* A view bounds what shared mappings of its object allow, takes no message, and keeps
 * the object's senders while it lives. */
static void test_views(void)
{
	struct port_status st = { 0 };
	struct msg_header h = { .bits = MSG_BITS(MSG_COPY_SEND, 0), .size = sizeof(h), .id = 1 };
	union pager_msg m;

	object = port_allocate(RIGHT_RECEIVE);
	is(memory_object_view(object, VM_PROT_ALL + 1), KERN_INVALID_ARGUMENT,
	   "a view with a protection that is none: refused");
	is(memory_object_view(0x7777, VM_PROT_READ), KERN_INVALID_NAME,
	   "a view of a name we do not have: refused");
	is(memory_object_view(self_task, VM_PROT_READ), KERN_INVALID_RIGHT,
	   "a view of a task: refused");
	int64_t view = memory_object_view(object, VM_PROT_READ);
	ok(view > 0, "a view for reading of an object we serve");
	port_status(object, &st);
	ok(st.has_senders, "the object has senders while the view lives");
	h.remote = (port_name_t)view;
	is(msg_send(&h), KERN_NO_ACCESS, "the view takes no message");
	int64_t inner = memory_object_view((port_name_t)view, VM_PROT_ALL);
	struct vm_map_args a = { .size = PAGE,
				 .object = (port_name_t)inner,
				 .protection = VM_PROT_READ | VM_PROT_WRITE,
				 .max_protection = VM_PROT_READ | VM_PROT_WRITE,
				 .inheritance = VM_INHERIT_NONE };
	is(vm_map(self_task, &a), KERN_INVALID_ARGUMENT,
	   "a view of that view maps shared no more than for reading");
	port_request_notify(object, NOTIFY_NO_SENDERS, object);
	port_destroy((port_name_t)inner);
	port_destroy((port_name_t)view);
	int64_t r = msg_receive_timeout(object, &m.h, sizeof(m), WAIT_MS * 1000000ull);
	if (!ok(r == 0 && m.h.id == NOTIFY_NO_SENDERS_ID && (m.h.bits & MSG_FROM_KERNEL),
		"with the views gone, the object's no-senders notification comes (and nothing "
		"before it: the refused mapping told the pager nothing)"))
		diag("receive %ld, id %u, bits %#x", r, m.h.id, m.h.bits);
	port_destroy(object);
}

int main(void)
{
	report = new_port();
	handler = new_port();
	test_dirty_not_pinned();
	test_locked();
	test_abort();
	test_abort_copy();
	test_port_dies();
	test_supply_visible();
	test_unasked();
	test_views();
	return 0;
}
