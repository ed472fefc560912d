/*
 * Task quotas: a task at the limit of its threads, names, regions, page tables or
 * queued message bytes gets KERN_RESOURCE_SHORTAGE (KERN_NO_SPACE for names) while
 * other tasks go on; limits are lowered by whoever holds the task port, raised only
 * with the host port; a new task starts with its creator's limits; a thread cannot
 * go above its task's maximum priority.
 */
#include <ipc.h>
#include <masque/error.h>
#include <masque/quota.h>
#include <masque/vm.h>
#include <self.h>
#include <string.h>
#include <trap.h>
#include "msgs.h"
#include "tap.h"

#define OOL_SIZE (64 * 1024)

static port_name_t report;

static struct task_quota quota_of(port_name_t task)
{
	struct task_quota q = { 0 };

	task_get_quota(task, &q);
	return q;
}

/* Lower one limit of task to value. */
static int64_t set_limit(port_name_t task, enum quota_kind kind, uint64_t value)
{
	struct task_quota q = quota_of(task);

	q.limit[kind] = value;
	return task_set_quota(PORT_NULL, task, &q);
}

static void test_own_quota(void)
{
	struct task_quota q;

	is(task_get_quota(self_task, &q), KERN_SUCCESS, "a task reads its own quota");
	is(q.used[QUOTA_THREADS], 1, "it counts our one thread");
	ok(q.used[QUOTA_NAMES] >= 3, "and our names (%lu)", q.used[QUOTA_NAMES]);
	ok(q.used[QUOTA_MAP_ENTRIES] >= 3, "and our regions (%lu)", q.used[QUOTA_MAP_ENTRIES]);
	ok(q.used[QUOTA_PAGE_TABLES] >= 3, "and our page tables (%lu)", q.used[QUOTA_PAGE_TABLES]);
	is(q.max_priority, PRIORITY_DEFAULT, "the bootstrap gave us the default maximum priority");
	is(thread_set_priority(thread_self(), PRIORITY_DEFAULT + 1), KERN_NO_ACCESS,
	   "so our thread cannot go higher");
	is(task_get_quota(self_task, (struct task_quota *)0xffff800000000000ull),
	   KERN_INVALID_ADDRESS, "a kernel address as the buffer is refused");
}

static void test_threads(void)
{
	int64_t child = task_create(self_task, 0, "quota-threads");
	int64_t t1, t2;

	is(set_limit(child, QUOTA_THREADS, 2), KERN_SUCCESS, "lower a child's thread limit to 2");
	t1 = thread_create(child), t2 = thread_create(child);
	ok(t1 > 0 && t2 > 0, "two threads are made");
	is(thread_create(child), KERN_RESOURCE_SHORTAGE, "the third is refused");
	is(quota_of(child).used[QUOTA_THREADS], 2, "the refusal left the count at 2");
	int64_t other = task_create(self_task, 0, "quota-other");
	int64_t t3 = thread_create(other);
	ok(t3 > 0, "another task still makes threads");
	thread_terminate(t1);
	wait_task_end(child, 10); /* let the terminated thread leave */
	ok(quota_of(child).used[QUOTA_THREADS] == 1, "a thread that ends is credited");
	int64_t t4 = thread_create(child);
	ok(t4 > 0, "and its place can be taken again");
	task_terminate(child), task_terminate(other);
	port_destroy(child), port_destroy(other);
	port_destroy(t1), port_destroy(t2), port_destroy(t3), port_destroy(t4);
}

static void test_raise_needs_host(void)
{
	int64_t child = task_create(self_task, 0, "quota-raise");
	struct task_quota q;

	set_limit(child, QUOTA_NAMES, 100);
	q = quota_of(child);
	q.limit[QUOTA_NAMES] = 101;
	is(task_set_quota(PORT_NULL, child, &q), KERN_NO_ACCESS,
	   "raising a limit without the host port is refused");
	q.limit[QUOTA_NAMES] = 100;
	q.max_priority = PRIORITY_DEFAULT;
	is(task_set_quota(PORT_NULL, child, &q), KERN_SUCCESS, "lower its maximum priority");
	q.max_priority = PRIORITY_DEFAULT + 1;
	is(task_set_quota(PORT_NULL, child, &q), KERN_NO_ACCESS,
	   "raising the maximum priority is refused too");
	q.max_priority = 0;
	is(task_set_quota(PORT_NULL, child, &q), KERN_INVALID_ARGUMENT,
	   "a maximum priority below PRIORITY_MIN is invalid");
	is(task_set_quota(self_task, child, &q), KERN_INVALID_RIGHT,
	   "a task port is not the host port");
	is(quota_of(child).limit[QUOTA_NAMES], 100, "refusals changed nothing");
	is(quota_of(child).max_priority, PRIORITY_DEFAULT, "not the maximum priority either");
	int64_t grandchild = -1;
	/* the creator's limits pass on: made by the child's own thread, they would be
	 * the child's; made by us, they are ours */
	grandchild = task_create(child, 0, "quota-grandchild");
	ok(quota_of(grandchild).limit[QUOTA_NAMES] == quota_of(self_task).limit[QUOTA_NAMES],
	   "a new task has its creator's limits, not its blueprint's");
	task_terminate(grandchild), task_terminate(child);
	port_destroy(grandchild), port_destroy(child);
}

static void test_names(void)
{
	int64_t child = task_create(self_task, 0, "quota-names");
	port_name_t ports[9];
	int64_t r = 0;

	for (int i = 0; i < 9; i++)
		ports[i] = port_allocate(RIGHT_RECEIVE);
	is(set_limit(child, QUOTA_NAMES, 8), KERN_SUCCESS, "lower a child's names limit to 8");
	for (int i = 0; i < 8 && r >= 0; i++)
		r = port_insert_right(child, PORT_NULL, ports[i], MSG_MAKE_SEND);
	ok(r > 0, "8 rights go in");
	is(port_insert_right(child, PORT_NULL, ports[8], MSG_MAKE_SEND), KERN_NO_SPACE,
	   "the 9th is refused with KERN_NO_SPACE");
	int64_t mine = port_allocate(RIGHT_RECEIVE);
	ok(mine > 0, "we still make names");
	task_terminate(child);
	port_destroy(child), port_destroy(mine);
	for (int i = 0; i < 9; i++)
		port_destroy(ports[i]);
}

static void test_regions(void)
{
	int64_t child = task_create(self_task, 0, "quota-regions");
	uint64_t used = quota_of(child).used[QUOTA_MAP_ENTRIES];
	int64_t a;

	is(set_limit(child, QUOTA_MAP_ENTRIES, used + 2), KERN_SUCCESS,
	   "lower a child's regions limit to 2 more than it has");
	a = vm_allocate(child, 0, 3 * 4096, VM_ANYWHERE);
	ok(a > 0, "one region is made");
	is(vm_protect(child, a + 4096, 4096, VM_PROT_READ), KERN_RESOURCE_SHORTAGE,
	   "splitting it in three would pass the limit: refused");
	ok(vm_allocate(child, 0, 4096, VM_ANYWHERE) > 0, "a second region fits");
	is(vm_allocate(child, 0, 4096, VM_ANYWHERE), KERN_RESOURCE_SHORTAGE, "a third is refused");
	is(vm_deallocate(child, a, 3 * 4096), KERN_SUCCESS, "a region goes");
	ok(vm_allocate(child, 0, 4096, VM_ANYWHERE) > 0, "and its place can be taken");
	task_terminate(child);
	port_destroy(child);
}

/* A task whose page-table limit is n more than it has; a region 16 TiB up, whose
 * first page needs three new tables (a page directory pointer table, a directory and
 * a table); the result of writing a word there. */
static int64_t write_far(uint64_t n, port_name_t *out)
{
	int64_t child = task_create(self_task, 0, "quota-tables");
	uint64_t word = 42;
	int64_t far = vm_allocate(child, 0x100000000000ull, 4096, VM_FIXED);
	int64_t r = far < 0 ? far
			    : set_limit(child, QUOTA_PAGE_TABLES,
					quota_of(child).used[QUOTA_PAGE_TABLES] + n);

	*out = child;
	return r ? r : vm_write(child, far, &word, sizeof(word));
}

static void test_page_tables(void)
{
	port_name_t a, b;

	is(write_far(2, &a), KERN_RESOURCE_SHORTAGE,
	   "a write into a task that needs 3 new page tables where 2 are left is refused");
	is(quota_of(a).used[QUOTA_PAGE_TABLES], quota_of(a).limit[QUOTA_PAGE_TABLES] - 2,
	   "and it took none");
	is(write_far(3, &b), KERN_SUCCESS, "with 3 left it works");
	is(quota_of(b).used[QUOTA_PAGE_TABLES], quota_of(b).limit[QUOTA_PAGE_TABLES],
	   "and all 3 are counted");
	task_terminate(a), task_terminate(b);
	port_destroy(a), port_destroy(b);
}

/* In a child with no page tables to spare: the kernel's copy into its own far page
 * (through the MMU, not a page-table walk) fails the same way. */
static void own_tables_child(uint64_t unused)
{
	struct vm_stats *far = (struct vm_stats *)0x100000000000ull;
	int64_t r = vm_allocate(self_task, (uint64_t)far, 4096, VM_FIXED);

	(void)unused;
	if (r >= 0)
		r = set_limit(self_task, QUOTA_PAGE_TABLES,
			      quota_of(self_task).used[QUOTA_PAGE_TABLES]);
	if (r >= 0)
		r = vm_statistics(far);
	send_word(report, MSG_COPY_SEND, 1, (uint64_t)r);
}

static void test_own_page_tables(void)
{
	struct word_msg m = { 0 };
	int64_t child = spawn(own_tables_child, 0);

	is(recv_word(report, &m, 10000), KERN_SUCCESS, "the page-table child reports");
	is((int64_t)m.word, KERN_RESOURCE_SHORTAGE,
	   "a copy out to its own memory that needs a page table is refused alike");
	wait_task_end(child, 10000);
	port_destroy(child);
}

static void test_priority(void)
{
	int64_t child = task_create(self_task, 0, "quota-priority");
	int64_t thread = thread_create(child);
	struct task_quota q = quota_of(child);

	q.max_priority = PRIORITY_DEFAULT;
	is(task_set_quota(PORT_NULL, child, &q), KERN_SUCCESS, "lower a child's maximum priority");
	is(thread_set_priority(thread, PRIORITY_DEFAULT + 1), KERN_NO_ACCESS,
	   "its thread cannot go above it");
	is(thread_set_priority(thread, PRIORITY_DEFAULT), KERN_SUCCESS, "but may reach it");
	task_terminate(child);
	port_destroy(child), port_destroy(thread);
}

struct ool_msg {
	struct msg_header h;
	struct msg_desc d;
};

static int64_t send_ool(port_name_t to, uint64_t buf)
{
	struct ool_msg o = {
		.h = { .bits = MSG_BITS(MSG_MAKE_SEND_ONCE, 0),
		       .size = sizeof(o),
		       .remote = to,
		       .ndesc = 1 },
		.d = { .type = MSG_DESC_OOL, .value = OOL_SIZE, .addr = buf },
	};
	return msg_send(&o.h);
}

/* In a child, which lowers its own message quota to 4 out-of-line messages' worth:
 * the 5th send-once message is refused, receiving one makes room again. */
static void message_child(uint64_t unused)
{
	int64_t q = port_allocate(RIGHT_RECEIVE);
	int64_t buf = vm_allocate(self_task, 0, OOL_SIZE, VM_ANYWHERE);
	struct ool_msg in;
	int64_t r = 0;
	uint64_t result = 0;

	(void)unused;
	port_set_qlimit(q, PORT_QLIMIT_MAX);
	set_limit(self_task, QUOTA_MSG_BYTES, 4 * OOL_SIZE + 4 * 1024);
	for (int i = 0; i < 4 && !r; i++)
		r = send_ool(q, buf);
	result |= (r == KERN_SUCCESS) << 0;
	result |= (send_ool(q, buf) == KERN_RESOURCE_SHORTAGE) << 1;
	result |= (quota_of(self_task).used[QUOTA_MSG_BYTES] >= 4 * OOL_SIZE) << 2;
	result |= (msg_receive(q, &in.h, sizeof(in)) == KERN_SUCCESS) << 3;
	result |= (send_ool(q, buf) == KERN_SUCCESS) << 4;
	port_destroy(q);
	result |= (quota_of(self_task).used[QUOTA_MSG_BYTES] == 0) << 5;
	send_word(report, MSG_COPY_SEND, 1, result);
}

static void test_messages(void)
{
	struct word_msg m = { 0 };
	int64_t child = spawn(message_child, 0);

	is(recv_word(report, &m, 10000), KERN_SUCCESS, "the message child reports");
	ok(m.word & 1, "4 queued 64 KiB out-of-line messages fit its quota");
	ok(m.word & 2, "a 5th send-once message is refused with KERN_RESOURCE_SHORTAGE");
	ok(m.word & 4, "the queued bytes are counted");
	ok(m.word & 8, "one is received");
	ok(m.word & 16, "which makes room for another");
	ok(m.word & 32, "destroying the queue gives every byte back");
	wait_task_end(child, 10000);
	port_destroy(child);
}

#define ABOVE_RESERVE 8 /* free frames the hog leaves above the reserve */

/* Touch memory until only ABOVE_RESERVE frames above the reserve are free, say so,
 * and hold it until terminated. Everything it needs afterwards (the port it waits on,
 * the kernel's memory for its report) is had before, so it takes nothing more. */
static void hog(uint64_t unused)
{
	struct vm_stats st;
	struct msg_header h;
	int64_t wait = port_allocate(RIGHT_RECEIVE);
	uint64_t touched = 0;

	(void)unused;
	send_word(report, MSG_COPY_SEND, 0, 0);
	vm_statistics(&st);
	int64_t region = vm_allocate(self_task, 0, st.free_pages * 4096, VM_ANYWHERE);
	while (region > 0 && vm_statistics(&st) == 0 &&
	       st.free_pages > st.reserve_pages + ABOVE_RESERVE)
		((volatile char *)region)[touched++ * 4096] = 1;
	send_word(report, MSG_COPY_SEND, 1, st.free_pages - st.reserve_pages);
	msg_receive(wait, &h, sizeof(h));
}

static struct {
	struct msg_header h;
	char body[MSG_SIZE_MAX - sizeof(struct msg_header)];
} big;

/* A send-once message of size bytes (up to MSG_SIZE_MAX) to q. */
static int64_t send_sized(port_name_t q, uint32_t size)
{
	big.h = (struct msg_header){ .bits = MSG_BITS(MSG_MAKE_SEND_ONCE, 0),
				     .size = size,
				     .remote = q };
	return msg_send(&big.h);
}

/* With memory down to the reserve and 3 frames above it, an ordinary task's message
 * that needs 4 frames is refused and one that needs 1 goes (a frame taken or given
 * back by someone else meanwhile changes neither). Nothing is printed between the look
 * at the free count and the sends, since a deeper stack would take frames of its own. */
static void test_reserve(void)
{
	struct word_msg m = { 0 };
	struct vm_stats st;
	int64_t q = port_allocate(RIGHT_RECEIVE);
	int64_t pad = vm_allocate(self_task, 0, 64 * 4096, VM_ANYWHERE);
	int64_t refused, sent;
	uint64_t touched = 0;

	/* our own pages and the kernel's for these calls first */
	memset(&big, 1, sizeof(big));
	vm_statistics(&st);
	send_sized(q, 4096);
	msg_receive(q, &big.h, sizeof(big));
	int64_t child = spawn(hog, 0);
	recv_word(report, &m, 60000); /* it is ready to fill */
	is(recv_word(report, &m, 60000), KERN_SUCCESS, "a hog fills memory down to the reserve");
	while (vm_statistics(&st) == 0 && st.free_pages > st.reserve_pages + 3 && touched < 64)
		((volatile char *)pad)[touched++ * 4096] = 1; /* the last few frames ourselves */
	refused = send_sized(q, MSG_SIZE_MAX);
	sent = send_sized(q, 4096);
	ok(st.free_pages == st.reserve_pages + 3, "3 frames are left above it (%lu)",
	   st.free_pages - st.reserve_pages);
	is(refused, KERN_RESOURCE_SHORTAGE, "a message that needs 4 of them is refused");
	is(sent, KERN_SUCCESS, "one that needs 1 goes");
	task_terminate(child);
	wait_task_end(child, 10000);
	is(send_sized(q, MSG_SIZE_MAX), KERN_SUCCESS, "with the hog gone, the large one goes too");
	vm_deallocate(self_task, pad, 64 * 4096);
	port_destroy(child), port_destroy(q);
}

int main(void)
{
	report = port_allocate(RIGHT_RECEIVE);
	port_insert_right(self_task, report, report, MSG_MAKE_SEND);
	test_own_quota();
	test_threads();
	test_raise_needs_host();
	test_names();
	test_regions();
	test_page_tables();
	test_own_page_tables();
	test_priority();
	test_messages();
	test_reserve();
	return 0;
}
