/*
 * Virtual memory: copy-on-write between a blueprint and its copy, shared and absent
 * inheritance, an external pager serving a 64 MiB object page by page, a pager's
 * errors, cleaning and flushing, termination, out-of-line transfer of 64 MiB while the
 * sender writes, protection, and the free-frame count after 1,000 tasks.
 */
#include <ipc.h>
#include <masque/error.h>
#include <masque/pager.h>
#include <masque/quota.h>
#include <pager.h>
#include <self.h>
#include <string.h>
#include <trap.h>
#include "msgs.h"
#include "tap.h"

#define WAIT_MS	    20000
#define MiB	    (1024 * 1024ull)
#define OBJECT_SIZE (64 * MiB)
#define BAD_OFFSET  (5 * 4096ull)

static port_name_t report;

static uint64_t word_of(uint64_t offset)
{
	return offset * 0x9e3779b97f4a7c15ull ^ 0x5a5a;
}

/* --- copy-on-write and inheritance ------------------------------------------------ */

static volatile uint64_t *cow, *shared, *absent;

static void cow_child(uint64_t unused)
{
	struct word_msg m;
	struct vm_region_info info;

	(void)unused;
	int start_right = cow[0] == 111 && cow[512] == 222;
	cow[0] = 333;	 /* our write stays ours */
	shared[0] = 444; /* this one the parent sees */
	send_word(report, MSG_COPY_SEND, 1, start_right);
	recv_word(report, &m, 0); /* never: just wait for the parent's write */
	send_word(report, MSG_COPY_SEND, 2, cow[512]);
	send_word(report, MSG_COPY_SEND, 3,
		  vm_region(self_task, (uint64_t)absent, &info) == 0 &&
			  info.start == (uint64_t)absent);
}

static void test_inheritance(void)
{
	struct word_msg m;

	cow = (uint64_t *)vm_allocate(self_task, 0, 8192, VM_ANYWHERE);
	shared = (uint64_t *)vm_allocate(self_task, 0, 4096, VM_ANYWHERE);
	absent = (uint64_t *)vm_allocate(self_task, 0, 4096, VM_ANYWHERE);
	vm_inherit(self_task, (uint64_t)shared, 4096, VM_INHERIT_SHARE);
	vm_inherit(self_task, (uint64_t)absent, 4096, VM_INHERIT_NONE);
	cow[0] = 111, cow[512] = 222, absent[0] = 1;
	int64_t child = spawn(cow_child, 0);
	ok(recv_word(report, &m, WAIT_MS) == 0 && m.word == 1,
	   "the copy starts with the blueprint's data");
	ok(cow[0] == 111, "the copy's write does not show in the blueprint");
	ok(shared[0] == 444, "a shared region's write does");
	cow[512] = 555;
	ok(recv_word(report, &m, WAIT_MS) == 0 && m.word == 222,
	   "the blueprint's later write does not show in the copy");
	ok(recv_word(report, &m, WAIT_MS) == 0 && m.word == 0,
	   "a region inherited 'none' is absent");
	task_terminate(child);
	port_destroy(child);
}

/* --- an external pager ------------------------------------------------------------ */

/* The test pager's state (in the pager task): its control port, and whether the kernel
 * has told it to terminate. */
static port_name_t test_control;
static int terminated;

#define LOCK_PAGE_2 99 /* the test asks the pager: lock page 2 against writing */

/* The handlers of the pager protocol that pager_demux calls. Each word is
 * word_of(its offset); BAD_OFFSET is an error. They say on the report port what comes
 * back, what must be unlocked, and when they are told to terminate. */
void pager_init(struct rpc_ctx *ctx, port_name_t control, uint64_t page_size)
{
	(void)ctx, (void)page_size;
	test_control = control;
}

void pager_request(struct rpc_ctx *ctx, uint64_t offset, uint64_t length, uint32_t access)
{
	static uint64_t page[512];

	(void)ctx, (void)access;
	if (offset == BAD_OFFSET) {
		pager_error(test_control, offset, length);
		return;
	}
	for (int i = 0; i < 512; i++)
		page[i] = word_of(offset + i * 8);
	pager_supply(test_control, offset, page, 4096, 0);
}

void pager_return(struct rpc_ctx *ctx, void *pages, uint32_t pages_size, uint64_t offset,
		  uint64_t length, uint32_t kept)
{
	const uint64_t *data = pages;

	(void)ctx, (void)length;
	send_word(report, MSG_COPY_SEND, 51, offset << 8 | kept << 4 | (data[1] == 77));
	vm_deallocate(self_task, (uint64_t)pages, pages_size);
}

void pager_unlock(struct rpc_ctx *ctx, uint64_t offset, uint64_t length, uint32_t access)
{
	(void)ctx, (void)length, (void)access;
	send_word(report, MSG_COPY_SEND, 54, offset);
	pager_lock(test_control, offset, 4096, 0, 0);
}

void pager_terminate(struct rpc_ctx *ctx)
{
	(void)ctx;
	send_word(report, MSG_COPY_SEND, 52, 0);
	terminated = 1;
}

/* Serves one object with the generated demultiplexer, and LOCK_PAGE_2 from the test. */
static void test_pager(uint64_t unused)
{
	uint64_t in[PAGER_REQUEST_MAX / 8], out[PAGER_REPLY_MAX / 8];
	struct msg_header *req = (struct msg_header *)in;
	port_name_t object = new_port();

	(void)unused;
	send_port(report, object, MSG_MAKE_SEND, 50);
	while (!terminated &&
	       msg_receive_timeout(object, req, sizeof(in), WAIT_MS * 1000000ull) == 0) {
		if (!pager_demux(req, (struct msg_header *)out) && req->id == LOCK_PAGE_2) {
			pager_lock(test_control, 2 * 4096, 4096, 0, VM_PROT_WRITE);
			send_word(report, MSG_COPY_SEND, 55, 0);
		}
	}
}

static void touch_bad_page(uint64_t addr)
{
	send_word(report, MSG_COPY_SEND, 53, *(volatile uint64_t *)(addr + BAD_OFFSET));
}

static void test_pager_object(void)
{
	port_name_t object;
	struct word_msg m;
	uint32_t id;
	int64_t pager = spawn(test_pager, 0);

	recv_port(report, &object, &id);
	struct vm_map_args a = { .size = OBJECT_SIZE,
				 .object = object,
				 .protection = VM_PROT_READ | VM_PROT_WRITE,
				 .max_protection = VM_PROT_ALL,
				 .inheritance = VM_INHERIT_SHARE };
	int64_t addr = vm_map(self_task, &a);
	ok(addr > 0, "map a 64 MiB memory object served by a pager task");
	uint64_t bad = 0, before = 0;
	struct vm_stats st;
	vm_statistics(&st);
	before = st.pager_requests;
	for (uint64_t off = 0; off < OBJECT_SIZE; off += 4096) {
		if (off == BAD_OFFSET)
			continue;
		volatile uint64_t *w = (uint64_t *)(addr + off);
		bad += w[0] != word_of(off) || w[511] != word_of(off + 511 * 8);
	}
	vm_statistics(&st);
	ok(bad == 0, "every page holds what the pager computed");
	ok(st.pager_requests - before == OBJECT_SIZE / 4096 - 1, "one request a page: %lu",
	   st.pager_requests - before);

	int64_t child = spawn(touch_bad_page, addr);
	ok(wait_task_end(child, WAIT_MS) == 0 && recv_word(report, &m, 1) == KERN_TIMED_OUT,
	   "a page the pager cannot supply kills the task touching it, alone");
	port_destroy(child);

	volatile uint64_t *w = (uint64_t *)addr;
	w[1] = 77;
	send_word(object, MSG_COPY_SEND, LOCK_PAGE_2, 0);
	ok(recv_word(report, &m, WAIT_MS) == 0 && m.h.id == 55,
	   "the pager locks a page against writing");
	ok(w[2 * 512] == word_of(2 * 4096), "it still reads");
	w[2 * 512] = 5; /* waits for the pager to unlock */
	ok(recv_word(report, &m, WAIT_MS) == 0 && m.h.id == 54 && m.word == 2 * 4096,
	   "a write asks the pager to unlock, and proceeds once it has");
	is(pager_lock(0x7fff0000, 0, 4096, PAGER_LOCK_CLEAN, 0), KERN_INVALID_NAME,
	   "pager traps need the control port");
	int64_t r = vm_map(self_task, &(struct vm_map_args){ .size = 4096,
							     .object = self_task,
							     .protection = 1,
							     .max_protection = 7 });
	is(r, KERN_INVALID_RIGHT, "a task port is no memory object");
	(void)r;

	port_destroy(object);
	vm_deallocate(self_task, addr, OBJECT_SIZE);
	int returned_page0 = 0, returns = 0;
	while (recv_word(report, &m, WAIT_MS) == 0 && m.h.id == 51) {
		returns++;
		returned_page0 |= (m.word & 1) && !(m.word >> 8);
	}
	ok(returned_page0 && returns == 2,
	   "when unmapped, the two written pages go back to the pager");
	ok(m.h.id == 52, "and the pager is told to terminate");
	wait_task_end(pager, WAIT_MS);
	port_destroy(pager);
}

/* --- out-of-line memory --------------------------------------------------------- */

struct ool_msg {
	struct msg_header h;
	struct msg_desc d;
};

static void ool_receiver(uint64_t port)
{
	struct ool_msg m;
	uint64_t bad = 0;

	recv_moved(port, &m.h, sizeof(m)); /* the go-ahead */
	if (msg_receive(port, &m.h, sizeof(m)) || m.d.type != MSG_DESC_OOL ||
	    m.d.value != OBJECT_SIZE) {
		send_word(report, MSG_COPY_SEND, 60, (uint64_t)-1);
		return;
	}
	sleep_ms(100); /* let the sender scribble over its copy */
	uint64_t *data = (uint64_t *)m.d.addr;
	for (uint64_t i = 0; i < OBJECT_SIZE / 8; i += 97) {
		if (data[i] != word_of(i * 8) && !bad++)
			diag("first difference at word %lu: %lx", i, data[i]);
	}
	send_word(report, MSG_COPY_SEND, 60, bad);
}

static void test_ool(void)
{
	port_name_t port = new_port();
	int64_t buf = vm_allocate(self_task, 0, OBJECT_SIZE, VM_ANYWHERE);
	uint64_t *data = (uint64_t *)buf;
	struct word_msg m;

	for (uint64_t i = 0; i < OBJECT_SIZE / 8; i++)
		data[i] = word_of(i * 8);
	int64_t child = spawn(ool_receiver, port);
	port_insert_right(child, port, port, MSG_MOVE_RECEIVE);
	send_port(port, PORT_NULL, MSG_COPY_SEND, 0);
	struct ool_msg o = {
		.h = { .bits = MSG_BITS(MSG_COPY_SEND, 0),
		       .size = sizeof(o),
		       .remote = port,
		       .ndesc = 1 },
		.d = { .type = MSG_DESC_OOL, .value = OBJECT_SIZE, .addr = buf },
	};
	is(msg_send(&o.h), KERN_SUCCESS, "send 64 MiB out of line");
	for (uint64_t i = 0; i < OBJECT_SIZE / 8; i += 512)
		data[i] = 0xdead;
	ok(recv_word(report, &m, WAIT_MS) == 0 && m.word == 0,
	   "it arrives intact while the sender writes over its copy");
	wait_task_end(child, WAIT_MS);
	vm_deallocate(self_task, buf, OBJECT_SIZE);
	port_destroy(child), port_destroy(port);
}

/* Receive OOL memory where we ask, then where the range is taken. */
static void test_ool_placement(void)
{
	port_name_t port = new_port();
	int64_t src = vm_allocate(self_task, 0, 16 * 4096, VM_ANYWHERE);
	int64_t want = vm_allocate(self_task, 0, 16 * 4096, VM_ANYWHERE);
	struct ool_msg o;

	*(volatile uint64_t *)src = 4242;
	vm_deallocate(self_task, want, 16 * 4096); /* a free range we know */
	for (int round = 0; round < 2; round++) {
		o = (struct ool_msg){
			.h = { .bits = MSG_BITS(MSG_COPY_SEND, 0),
			       .size = sizeof(o),
			       .remote = port,
			       .ndesc = 1 },
			.d = { .type = MSG_DESC_OOL, .value = 16 * 4096, .addr = src },
		};
		msg_send(&o.h);
		struct ool_msg in = { .d = { .type = MSG_DESC_OOL, .addr = want } };
		int64_t r =
			msg_trap(MSG_RECEIVE | MSG_RECEIVE_PLACE, 0, &in.h, port, sizeof(in), 0);
		if (round == 0)
			ok(r == 0 && in.d.addr == (uint64_t)want && *(uint64_t *)want == 4242,
			   "the receiver chooses where out-of-line memory lands");
		else
			ok(r == 0 && in.d.addr != (uint64_t)want && *(uint64_t *)in.d.addr == 4242,
			   "if that range is taken, the kernel places it elsewhere and says where");
	}
	port_destroy(port);
}

/* Send size bytes at src out of line to port (with flags), then receive them with the
 * receive buffer's descriptor asking to have them copied into [into, into + room). */
static struct ool_msg send_into(port_name_t port, uint64_t src, uint32_t size, uint8_t flags,
				uint64_t into, uint32_t room, int64_t *sent)
{
	struct ool_msg o = {
		.h = { .bits = MSG_BITS(MSG_COPY_SEND, 0),
		       .size = sizeof(o),
		       .remote = port,
		       .ndesc = 1 },
		.d = { .type = MSG_DESC_OOL, .flags = flags, .value = size, .addr = src },
	};
	struct ool_msg in = {
		.d = { .type = MSG_DESC_OOL,
		       .flags = MSG_OOL_OVERWRITE,
		       .value = room,
		       .addr = into },
	};

	*sent = msg_send(&o.h);
	if (*sent == KERN_SUCCESS &&
	    msg_trap(MSG_RECEIVE | MSG_RECEIVE_PLACE, 0, &in.h, port, sizeof(in), 0))
		in.d = (struct msg_desc){ 0 };
	return in;
}

static int holds(uint64_t at, uint32_t size, uint8_t seed)
{
	for (uint32_t i = 0; i < size; i++)
		if (((uint8_t *)at)[i] != (uint8_t)(seed + i * 7))
			return 0;
	return 1;
}

static void fill(uint64_t at, uint32_t size, uint8_t seed)
{
	for (uint32_t i = 0; i < size; i++)
		((uint8_t *)at)[i] = (uint8_t)(seed + i * 7);
}

/* Out-of-line memory copied as sent (MSG_OOL_COPY) and into the receiver's own buffer
 * (MSG_OOL_OVERWRITE), and each case where the kernel maps it as before instead. */
static void test_ool_overwrite(void)
{
	enum { SIZE = 5 * 4096 + 123, BIG = 16 * 4096 };
	port_name_t port = new_port();
	uint64_t src = vm_allocate(self_task, 0, BIG, VM_ANYWHERE);
	uint64_t dst = vm_allocate(self_task, 0, BIG, VM_ANYWHERE);
	int64_t sent;
	struct ool_msg in;

	fill(src, BIG, 1);
	memset((void *)dst, 0xee, BIG);
	in = send_into(port, src, SIZE, MSG_OOL_COPY, dst, BIG, &sent);
	ok(sent == KERN_SUCCESS && in.d.flags == MSG_OOL_OVERWRITE && in.d.addr == dst &&
		   in.d.value == SIZE,
	   "copied as sent, received into the receiver's own buffer, which the descriptor says");
	ok(holds(dst, SIZE, 1), "every byte is there");
	ok(((uint8_t *)dst)[SIZE] == 0xee, "and not one byte past them is written");

	fill(src, BIG, 1);
	struct ool_msg o = {
		.h = { .bits = MSG_BITS(MSG_COPY_SEND, 0),
		       .size = sizeof(o),
		       .remote = port,
		       .ndesc = 1 },
		.d = { .type = MSG_DESC_OOL, .flags = MSG_OOL_COPY, .value = BIG, .addr = src },
	};
	msg_send(&o.h);
	fill(src, BIG, 9); /* the sender's next write: no fault, and not in the message */
	in = (struct ool_msg){
		.d = { .type = MSG_DESC_OOL, .flags = MSG_OOL_OVERWRITE, .value = BIG, .addr = dst }
	};
	msg_trap(MSG_RECEIVE | MSG_RECEIVE_PLACE, 0, &in.h, port, sizeof(in), 0);
	ok(in.d.flags == MSG_OOL_OVERWRITE && holds(dst, BIG, 1),
	   "what the sender wrote after sending is not in what arrives");

	in = send_into(port, src, SIZE, MSG_OOL_COPY, dst, SIZE - 1, &sent);
	ok(in.d.flags == 0 && in.d.addr && in.d.addr != dst && holds(in.d.addr, SIZE, 9),
	   "more than the receiver has room for: mapped elsewhere instead, the flag clear");
	vm_deallocate(self_task, in.d.addr, SIZE);

	vm_protect(self_task, dst, BIG, VM_PROT_READ);
	in = send_into(port, src, SIZE, MSG_OOL_COPY, dst, BIG, &sent);
	ok(in.d.flags == 0 && in.d.addr && in.d.addr != dst && holds(in.d.addr, SIZE, 9),
	   "a buffer the receiver cannot write: mapped elsewhere");
	vm_deallocate(self_task, in.d.addr, SIZE);
	vm_protect(self_task, dst, BIG, VM_PROT_READ | VM_PROT_WRITE);

	in = send_into(port, src, BIG, 0, dst, BIG, &sent);
	ok(in.d.flags == 0 && in.d.addr && in.d.addr != dst && holds(in.d.addr, BIG, 9),
	   "memory sent copy-on-write is mapped, not copied");
	vm_deallocate(self_task, in.d.addr, BIG);

	in = send_into(port, src, SIZE, MSG_OOL_OVERWRITE, dst, BIG, &sent);
	is(sent, KERN_INVALID_MSG, "a sender cannot set MSG_OOL_OVERWRITE");
	vm_deallocate(self_task, src, BIG);
	vm_deallocate(self_task, dst, BIG);
	port_destroy(port);
}

/* --- protection -------------------------------------------------------------------- */

static void write_read_only(uint64_t addr)
{
	*(volatile int *)addr = 1;
	send_word(report, MSG_COPY_SEND, 70, 0);
}

static void test_protection(void)
{
	int64_t a = vm_allocate(self_task, 0, 8192, VM_ANYWHERE);
	struct vm_region_info info;
	struct word_msg m;

	vm_region(self_task, a, &info);
	ok(info.resident_pages == 0, "allocated memory is not there until touched");
	*(volatile int *)a = 5;
	vm_region(self_task, a, &info);
	ok(info.resident_pages == 1 && info.protection == (VM_PROT_READ | VM_PROT_WRITE),
	   "touched, a page is zero-filled in");
	is(vm_protect(self_task, a, 4096, VM_PROT_READ), KERN_SUCCESS, "protect a page read-only");
	ok(*(volatile int *)a == 5, "it still reads");
	int64_t child = spawn(write_read_only, a);
	ok(wait_task_end(child, WAIT_MS) == 0 && recv_word(report, &m, 1) == KERN_TIMED_OUT,
	   "a write to it faults (the writing task dies)");
	port_destroy(child);
	is(vm_protect(self_task, a, 4096, VM_PROT_READ | VM_PROT_SET_MAX), KERN_SUCCESS,
	   "lower the maximum");
	is(vm_protect(self_task, a, 4096, VM_PROT_ALL), KERN_NO_ACCESS,
	   "protection cannot exceed the maximum");
	is(vm_protect(self_task, a, 3 * 4096, VM_PROT_READ), KERN_INVALID_ADDRESS,
	   "a range with a hole");
	is(vm_deallocate(self_task, a, 8192), KERN_SUCCESS, "deallocate");
	is(vm_region(self_task, a, &info) == 0 && info.start == (uint64_t)a, 0,
	   "the region is gone");
	is(vm_allocate(self_task, 0x1000, 4096, VM_FIXED), KERN_INVALID_ADDRESS,
	   "the first 64 KiB stay unmapped");
	is(vm_allocate(self_task, 0x400000, 4096, VM_FIXED), KERN_NO_SPACE,
	   "a fixed range must be free");
}

/* --- vm_share ------------------------------------------------------------------- */

/* The word at addr in task t, or ~0 if it cannot be read. */
static uint64_t word_in(port_name_t t, uint64_t addr)
{
	uint64_t w = ~0ull;

	return vm_read(t, addr, &w, sizeof(w)) ? ~0ull : w;
}

/* A region of ours shown in another task: one memory both ways, a private copy made
 * shared, the other task's old region there replaced, a hole left a hole. */
static void test_share(void)
{
	uint64_t w = 0x5151, copied = 0x7171;
	int64_t a = vm_allocate(self_task, 0, 3 * 4096, VM_ANYWHERE);
	int64_t t = task_create(self_task, TASK_INHERIT_MEMORY | TASK_INHERIT_SENDS, "share");

	*(volatile uint64_t *)a = 1;
	/* the child's copy of a is its own; ours, after this write, is a private copy too */
	vm_write(t, a, &copied, sizeof(copied));
	*(volatile uint64_t *)(a + 4096) = 2;
	vm_deallocate(self_task, a + 2 * 4096, 4096); /* a hole: the child still has a page */
	is(vm_share(self_task, a, 3 * 4096, t), KERN_SUCCESS, "share three pages, one a hole");
	is(word_in(t, a), 1, "the other task sees our word, not its copy");
	is(word_in(t, a + 4096), 2, "and the second page");
	is(word_in(t, a + 2 * 4096), ~0ull, "where we have a hole, so has it now");
	*(volatile uint64_t *)a = 3;
	is(word_in(t, a), 3, "our writes after are its");
	vm_write(t, a + 4096, &w, sizeof(w));
	is(*(volatile uint64_t *)(a + 4096), 0x5151, "and its are ours");
	is(vm_share(self_task, a, 4096, self_task), KERN_INVALID_ARGUMENT, "not with itself");
	is(vm_share(self_task, VM_USER_TOP, 4096, t), KERN_INVALID_ADDRESS,
	   "not beyond user space");
	is(vm_share(self_task, a, 0, t), KERN_INVALID_ARGUMENT, "not an empty range");
	is(vm_share(PORT_NULL, a, 4096, t), KERN_INVALID_NAME, "not from no task");
	task_terminate(t);
	port_destroy(t);
	is(*(volatile uint64_t *)a, 3, "the other task gone, ours stays");

	struct vm_stats before, after;
	for (int round = 0; round < 2; round++) { /* the first warms the kernel's caches */
		vm_statistics(&before);
		for (int i = 0; i < 200; i++) {
			int64_t u = task_create(self_task, TASK_INHERIT_SENDS, "shared");
			vm_share(self_task, a, 2 * 4096, u);
			vm_write(u, a + 8, &w, sizeof(w));
			task_terminate(u);
			port_destroy(u);
		}
		vm_statistics(&after);
	}
	ok(after.free_pages == before.free_pages && after.kernel_bytes == before.kernel_bytes,
	   "200 tasks shown our pages come and go: frames %lu/%lu, kernel bytes %lu/%lu",
	   before.free_pages, after.free_pages, before.kernel_bytes, after.kernel_bytes);
	vm_deallocate(self_task, a, 2 * 4096);
}

/* A share that would pass the other task's regions quota: refused before its region
 * there goes, so that it keeps it whole, not part shared with a hole. */
static void test_share_quota(void)
{
	uint64_t mark = 0x3a3a, ours = 0x4b4b;
	int64_t a = vm_allocate(self_task, 0, 3 * 4096, VM_ANYWHERE);
	int64_t u = task_create(self_task, TASK_INHERIT_SENDS, "share-quota");
	int64_t other;
	struct task_quota q;

	*(volatile uint64_t *)a = ours;
	vm_protect(self_task, a + 4096, 4096, VM_PROT_READ); /* three regions of ours */
	vm_allocate(u, a, 3 * 4096, VM_FIXED);		     /* one of its */
	vm_write(u, a + 2 * 4096, &mark, sizeof(mark));
	other = vm_allocate(u, 0, 4096, VM_ANYWHERE); /* and another elsewhere */
	task_get_quota(u, &q);
	q.limit[QUOTA_MAP_ENTRIES] = q.used[QUOTA_MAP_ENTRIES] + 1;
	is(task_set_quota(PORT_NULL, u, &q), KERN_SUCCESS,
	   "the other task may have one region more");
	is(vm_share(self_task, a, 3 * 4096, u), KERN_RESOURCE_SHORTAGE,
	   "our three regions in place of its one: refused");
	is(word_in(u, a + 2 * 4096), mark, "its region is as it was");
	is(word_in(u, a), 0, "none of ours came in");
	vm_deallocate(u, other, 4096);
	is(vm_share(self_task, a, 3 * 4096, u), KERN_SUCCESS,
	   "with another region of its gone, room for two more: shared");
	is(word_in(u, a), ours, "and it sees our word");
	task_terminate(u);
	port_destroy(u);
	vm_deallocate(self_task, a, 3 * 4096);
}

/* --- kernel memory hygiene ------------------------------------------------------- */

static void make_and_drop_tasks(int n, uint64_t cow_region)
{
	for (int i = 0; i < n; i++) {
		int64_t t = task_create(self_task, TASK_INHERIT_MEMORY | TASK_INHERIT_SENDS,
					"leak-check");
		vm_write(t, cow_region, &i, sizeof(i)); /* a copy-on-write copy in the child */
		task_terminate(t);
		port_destroy(t);
	}
}

static void writer(uint64_t addr)
{
	*(volatile uint64_t *)addr = 1;
}

/* Many generations of copies of one region, each writing to it: the parent's chain
 * of shadow objects must not grow with them. */
static void test_chains(void)
{
	int64_t a = vm_allocate(self_task, 0, 4096, VM_ANYWHERE);
	struct vm_region_info info;

	for (int i = 0; i < 200; i++) {
		*(volatile uint64_t *)a = i;
		int64_t child = spawn_flags(writer, a, 0, NULL);
		wait_task_end(child, WAIT_MS);
		port_destroy(child);
	}
	*(volatile uint64_t *)a = 200;
	vm_region(self_task, a, &info);
	ok(info.depth <= 2, "after 200 copies that wrote, the copy-on-write chain is %u deep",
	   info.depth);
	ok(*(volatile uint64_t *)a == 200, "and holds our data");
	vm_deallocate(self_task, a, 4096);
}

static void idler(uint64_t unused)
{
	(void)unused;
	for (;;)
		thread_yield();
}

/* The parent writes while each copy lives, and never after the last one went: only
 * the copy's death can shorten the chain then. */
static void test_chains_written_meanwhile(void)
{
	int64_t a = vm_allocate(self_task, 0, 4096, VM_ANYWHERE);
	struct vm_region_info info;

	*(volatile uint64_t *)a = 1;
	for (int i = 0; i < 200; i++) {
		int64_t child = spawn_flags(idler, 0, 0, NULL);
		*(volatile uint64_t *)a = i; /* a shadow object in front of the one shared */
		task_terminate(child);
		wait_task_end(child, WAIT_MS);
		port_destroy(child);
	}
	vm_region(self_task, a, &info);
	ok(info.depth <= 2, "copies that died while we wrote leave a chain %u deep", info.depth);
	ok(*(volatile uint64_t *)a == 199, "and it holds our data");
	vm_deallocate(self_task, a, 4096);
}

/* A chain of tasks without threads, each holding the only right to the one before:
 * dropping the last right to the last one takes them all. */
static void make_task_chain(int n)
{
	int64_t prev = PORT_NULL;

	for (int i = 0; i < n; i++) {
		int64_t t = task_create(self_task, TASK_INHERIT_SENDS, "link");
		if (t < 0)
			break;
		if (prev != PORT_NULL)
			port_destroy(prev); /* t holds the only right to prev now */
		prev = t;
	}
	port_destroy(prev);
}

static void test_task_chain(void)
{
	struct vm_stats before, after;

	make_task_chain(2000); /* the kernel's caches grow the first time */
	vm_statistics(&before);
	make_task_chain(2000);
	vm_statistics(&after);
	ok(after.free_pages == before.free_pages && after.kernel_bytes == before.kernel_bytes,
	   "a chain of 2,000 unreachable tasks goes at once, leaving nothing behind (%lu/%lu "
	   "frames, %lu/%lu bytes)",
	   before.free_pages, after.free_pages, before.kernel_bytes, after.kernel_bytes);
}

static void test_hygiene(void)
{
	int64_t region = vm_allocate(self_task, 0, 64 * 4096, VM_ANYWHERE);
	struct vm_stats before, after;

	memset((void *)region, 1, 64 * 4096);
	make_and_drop_tasks(100, region); /* warm the kernel's caches */
	vm_statistics(&before);
	make_and_drop_tasks(1000, region);
	vm_statistics(&after);
	ok(after.free_pages == before.free_pages,
	   "1,000 tasks with copy-on-write regions come and go: %lu free frames before, %lu after",
	   before.free_pages, after.free_pages);
	ok(after.kernel_bytes == before.kernel_bytes,
	   "and the kernel's own memory is back too (%lu, %lu)", before.kernel_bytes,
	   after.kernel_bytes);
	ok(after.cow_copies >= before.cow_copies + 1000, "each made a copy-on-write copy");
	vm_deallocate(self_task, region, 64 * 4096);
}

int main(void)
{
	report = new_port();
	test_inheritance();
	test_pager_object();
	test_ool();
	test_ool_placement();
	test_ool_overwrite();
	test_protection();
	test_chains();
	test_chains_written_meanwhile();
	test_task_chain();
	test_share();
	test_share_quota();
	test_hygiene();
	return 0;
}
