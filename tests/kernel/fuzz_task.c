/*
 * One fuzzing task: a pool of real rights (ports, sets, send-once rights, dead names,
 * its threads, a peer task and its echo port, the host port in a privileged run), a
 * buffer whose pages its own pager thread serves late and flushes when idle, so that
 * kernel copies from and to it sleep, a peer task that echoes messages back and is
 * killed at random moments, and FUZZ_WORKERS threads making random calls until the
 * shared count reaches the target. Then the task ends, and everything with it.
 */
#include <ipc.h>
#include <masque/error.h>
#include <masque/page_size.h>
#include <masque/pager.h>
#include <pager.h>
#include <self.h>
#include <spawn.h>
#include <stdlib.h>
#include <trap.h>
#include "fuzz.h"
#include "msgs.h"
#include "tap.h"

#define PAGED_PAGES  16
#define STACK_SIZE   (64 * 1024)
#define STALL_MS     1500 /* no trap for this long: the workers are stuck, end */
#define PEER_WAIT_NS 100000000ull

port_name_t fuzz_pool[FUZZ_POOL];
struct fuzz_layout fuzz_layout;
static port_name_t fuzzer_task; /* the fuzzing task's port, in it and in its peers */
static uint64_t stacks[FUZZ_WORKERS + 2][2];
static int nstacks;

uint64_t fuzz_rnd(struct fuzz_thread *t)
{
	t->rng ^= t->rng << 13;
	t->rng ^= t->rng >> 7;
	t->rng ^= t->rng << 17;
	return t->rng;
}

void fuzz_remember(struct fuzz_thread *t, port_name_t name)
{
	uint64_t i = fuzz_rnd(t) % FUZZ_POOL;

	if (name == PORT_NULL || name == PORT_DEAD)
		return;
	for (int tries = 0; tries < 3 && fuzz_pool[i] != PORT_NULL; tries++)
		i = fuzz_rnd(t) % FUZZ_POOL; /* an empty slot first */
	fuzz_pool[i] = name;
}

port_name_t fuzz_some_name(struct fuzz_thread *t)
{
	port_name_t name = PORT_NULL;

	for (int tries = 0; tries < 4 && name == PORT_NULL; tries++)
		name = fuzz_pool[fuzz_rnd(t) % FUZZ_POOL];
	return name;
}

int fuzz_protected(uint64_t a, uint64_t n)
{
	extern char _end[];
	uint64_t end = a + n < a ? (uint64_t)-1 : a + n;

	if (a < (uint64_t)_end && end > 0x400000)
		return 1;
	if (a < (uint64_t)fuzz_shared + 4096 && end > (uint64_t)fuzz_shared)
		return 1;
	for (int i = 0; i < nstacks; i++)
		if (a < stacks[i][1] && end > stacks[i][0])
			return 1;
	return 0;
}

/* --- the pager of the task's own buffer ------------------------------------------ */

union pager_msg {
	struct msg_header hdr;
	struct pager_init_request_msg init;
	struct pager_request_request_msg request;
	struct pager_return_request_msg ret;
	char room[1024];
};

/* Answer a request late (the faulting copy sleeps meanwhile), now and then with an
 * error. */
static void serve_request(struct fuzz_thread *t, port_name_t control,
			  struct pager_request_request_msg *m)
{
	static uint64_t data[512];
	uint64_t choice = fuzz_rnd(t) % 32;

	fuzz_shared->page_requests++;
	sleep_ms(choice % 3);
	for (int i = 0; i < 512; i++)
		data[i] = m->offset + i;
	if (choice == 0)
		pager_error(control, m->offset, m->length);
	else
		pager_supply(control, m->offset, data, PAGE_SIZE,
			     choice % 4 ? 0 : PAGER_SUPPLY_ZERO);
}

/* Serve the paged buffer's object; when idle, flush its pages so that later copies
 * fault again. */
static void pager_thread(uint64_t seed)
{
	struct fuzz_thread t = { .rng = seed | 1 };
	port_name_t control = PORT_NULL;
	union pager_msg m;

	for (;;) {
		int64_t r = msg_receive_timeout(fuzz_layout.object, &m.hdr, sizeof(m), 20000000);
		if (r == KERN_TIMED_OUT && control != PORT_NULL)
			pager_lock(control, 0, PAGED_PAGES * PAGE_SIZE, PAGER_LOCK_FLUSH, 0);
		if (r && r != KERN_TIMED_OUT)
			sleep_ms(1); /* the port is not ours now: do not spin */
		if (r)
			continue;
		if (m.hdr.id == PAGER_INIT_ID) {
			control = m.init.control.value;
			fuzz_layout.control = control;
			fuzz_remember(&t, control);
		} else if (m.hdr.id == PAGER_REQUEST_ID && control != PORT_NULL) {
			serve_request(&t, control, &m.request);
		} else if (m.hdr.id == PAGER_RETURN_ID &&
			   !fuzz_protected(m.ret.pages.addr, m.ret.pages.value)) {
			vm_deallocate(self_task, m.ret.pages.addr, m.ret.pages.value);
		} else if (m.hdr.id == PAGER_UNLOCK_ID && control != PORT_NULL) {
			pager_lock(control, m.request.offset, PAGE_SIZE, 0, 0);
		}
	}
}

/* --- the peer --------------------------------------------------------------------- */

/* Send a received message back to its reply right with what it carried (rights as
 * they arrived, memory moved); what cannot go back is dropped. */
static void echo(struct msg_header *h)
{
	struct msg_desc *d = msg_descs(h);

	h->bits = MSG_BITS(MSG_BITS_REMOTE(h->bits), 0);
	h->local = PORT_NULL;
	for (uint32_t i = 0; i < h->ndesc; i++)
		if (d[i].type == MSG_DESC_OOL)
			d[i].flags = MSG_OOL_DEALLOCATE;
	if (h->remote != PORT_NULL &&
	    msg_trap(MSG_SEND | MSG_SEND_TIMEOUT, h, NULL, 0, 0, 1000000) == KERN_SUCCESS)
		return;
	for (uint32_t i = 0; i < h->ndesc; i++) {
		if (d[i].type == MSG_DESC_OOL)
			vm_deallocate(self_task, d[i].addr, d[i].value);
		else
			port_destroy(d[i].value);
	}
	port_destroy(h->remote);
}

/* The peer: echo what comes to its port until the fuzzing task is gone. */
static void peer_main(uint64_t port)
{
	static union {
		struct msg_header h;
		char room[4096];
	} m;
	struct port_status st;

	for (;;) {
		int64_t r = msg_receive_timeout(port, &m.h, sizeof(m), PEER_WAIT_NS);
		if (r == KERN_SUCCESS)
			echo(&m.h);
		else if (port_status(fuzzer_task, &st) || (st.rights & RIGHT_DEAD_NAME))
			return;
		else if (r != KERN_TIMED_OUT)
			sleep_ms(10); /* the receive right is not here yet, or was taken */
	}
}

/* A new peer in place of the old: see fuzz_peer_replace. */
static void replace_peer(void)
{
	port_name_t old = fuzz_layout.peer, thread = PORT_NULL;
	int64_t port = port_allocate(RIGHT_RECEIVE);

	fuzz_layout.peer = PORT_NULL;
	if (old != PORT_NULL) {
		fuzz_check(TRAP_task_terminate, task_terminate(old));
		port_destroy(old);
		fuzz_shared->peer_deaths++;
	}
	if (port < 0)
		return;
	port_insert_right(self_task, port, port, MSG_MAKE_SEND);
	int64_t peer = spawn_flags(peer_main, port, TASK_INHERIT_SENDS, &thread);
	if (peer < 0 || port_insert_right(peer, port, port, MSG_MOVE_RECEIVE) != port) {
		port_destroy(port);
		return;
	}
	fuzz_layout.peer = peer;
	fuzz_layout.peer_port = port;
	/* calls made at random may leave a peer unable to see that we are gone (its
	 * memory overwritten, threads of its own added): the controller ends it then */
	send_port(fuzz_shared->peers, peer, MSG_COPY_SEND, 0);
	struct fuzz_thread t = { .rng = clock_now() | 1 };
	fuzz_remember(&t, peer);
	fuzz_remember(&t, port);
	fuzz_remember(&t, thread);
}

/* The task must not end while a peer is being made: one whose thread had not started
 * yet, its port not yet with the controller, would wait for good, known to nobody. So
 * the end (fuzz_task) waits for the peers being made. */
void fuzz_peer_replace(void)
{
	__atomic_add_fetch(&fuzz_layout.making_peers, 1, __ATOMIC_SEQ_CST);
	replace_peer();
	__atomic_sub_fetch(&fuzz_layout.making_peers, 1, __ATOMIC_SEQ_CST);
}

/* --- the task --------------------------------------------------------------------- */

/* A thread of ours running fn(arg) on a stack of its own, recorded as protected. */
static port_name_t start_protected_thread(void (*fn)(uint64_t), uint64_t arg)
{
	int64_t stack = vm_allocate(self_task, 0, STACK_SIZE, VM_ANYWHERE);
	int64_t thread = stack < 0 ? stack : thread_create(self_task);
	if (thread < 0)
		return PORT_NULL;
	stacks[nstacks][0] = stack;
	stacks[nstacks++][1] = stack + STACK_SIZE;
	struct thread_state st = { .rip = (uint64_t)fn, .rsp = stack + STACK_SIZE - 8, .rdi = arg };
	if (thread_set_state(thread, &st) || thread_resume(thread))
		return PORT_NULL;
	return thread;
}

static void worker(uint64_t seed)
{
	struct fuzz_thread t = { .rng = seed | 1 };

	while (fuzz_shared->issued < fuzz_shared->target)
		fuzz_call(&t);
	thread_terminate(thread_self());
}

/* Ports, port sets with members, send-once rights and dead names for the pool. */
static void fill_pool(struct fuzz_thread *t)
{
	for (int i = 0; i < 12; i++) {
		int64_t p = port_allocate(RIGHT_RECEIVE);
		if (p < 0)
			continue;
		port_insert_right(self_task, p, p, MSG_MAKE_SEND);
		fuzz_remember(t, p);
		fuzz_remember(t, port_insert_right(self_task, PORT_NULL, p, MSG_MAKE_SEND_ONCE));
		if (i % 4 == 0) {
			int64_t s = port_allocate(RIGHT_PORT_SET);
			port_move_member(p, s);
			fuzz_remember(t, s);
		}
		if (i % 6 == 1) { /* a send-once right whose port dies: a dead name */
			fuzz_remember(
				t, port_insert_right(self_task, PORT_NULL, p, MSG_MAKE_SEND_ONCE));
			port_destroy(p);
		}
	}
	fuzz_remember(t, self_task);
	fuzz_remember(t, fuzz_shared->host);
}

/* The buffer our own pager thread serves. */
static void map_paged(struct fuzz_thread *t)
{
	int64_t object = port_allocate(RIGHT_RECEIVE);

	if (object < 0)
		return;
	port_insert_right(self_task, object, object, MSG_MAKE_SEND);
	fuzz_layout.object = object;
	fuzz_layout.keep_threads[1] = start_protected_thread(pager_thread, fuzz_rnd(t));
	struct vm_map_args a = { .size = PAGED_PAGES * PAGE_SIZE,
				 .object = object,
				 .protection = VM_PROT_READ | VM_PROT_WRITE,
				 .max_protection = VM_PROT_ALL,
				 .inheritance = VM_INHERIT_NONE };
	int64_t addr = vm_map(self_task, &a);
	if (addr > 0) {
		fuzz_layout.paged = addr;
		fuzz_layout.paged_size = a.size;
	}
	fuzz_remember(t, object);
}

/* The workers make no more calls: say in which trap each waits (rax holds its number
 * while it is in the kernel), for whoever looks into it. */
static void say_where_stuck(void)
{
	for (int i = 1; i < FUZZ_WORKERS + 2; i++) {
		struct thread_state st = { 0 };
		if (!thread_get_state(fuzz_layout.keep_threads[i], &st))
			diag("stuck: %s waits in trap %lu (rdi 0x%lx, rsi 0x%lx, rdx 0x%lx)",
			     i == 1 ? "the pager" : "a worker", st.rax, st.rdi, st.rsi, st.rdx);
	}
}

void fuzz_task(uint64_t seed)
{
	struct fuzz_thread t = { .rng = seed | 1 };
	uint64_t last = fuzz_shared->issued, idle_ms = 0;
	int local;

	/* the boot script's name service is not ours to fuzz (nor the controller's task,
	 * to which a task made from it gets no right) */
	port_destroy(bootstrap_port);
	bootstrap_port = PORT_NULL;
	fuzzer_task = self_task;
	stacks[nstacks][0] = (uint64_t)&local - STACK_SIZE;
	stacks[nstacks++][1] = (uint64_t)&local + 4096;
	fuzz_layout.keep_threads[0] = thread_self();
	fill_pool(&t);
	map_paged(&t);
	fuzz_peer_replace();
	for (int i = 0; i < FUZZ_WORKERS; i++) {
		fuzz_layout.keep_threads[2 + i] = start_protected_thread(worker, fuzz_rnd(&t));
		fuzz_remember(&t, fuzz_layout.keep_threads[2 + i]);
	}
	while (fuzz_shared->issued < fuzz_shared->target && idle_ms < STALL_MS) {
		sleep_ms(20);
		idle_ms = fuzz_shared->issued == last ? idle_ms + 20 : 0;
		last = fuzz_shared->issued;
	}
	if (idle_ms >= STALL_MS)
		say_where_stuck();
	for (int ms = 0;
	     __atomic_load_n(&fuzz_layout.making_peers, __ATOMIC_SEQ_CST) && ms < STALL_MS;
	     ms += 10)
		sleep_ms(10);
	exit(0);
}
