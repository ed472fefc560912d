/*
 * Threads and the scheduler: preemption between equal priorities, a higher priority
 * running first, suspend and resume, abort of a blocking wait, register state,
 * termination, the clock and receive timeouts.
 */
#include <ipc.h>
#include <masque/clock.h>
#include <masque/error.h>
#include <self.h>
#include <trap.h>
#include "msgs.h"
#include "tap.h"

static volatile uint64_t *shared; /* a page shared with the children */

static void spin(uint64_t priority)
{
	if (priority)
		thread_set_priority(thread_self(), priority);
	for (;;)
		shared[0]++;
}

/* Whether shared[0] moves within ms of clock time while we spin. */
static int counter_moves(uint64_t ms)
{
	uint64_t start = shared[0], until = (uint64_t)clock_now() + ms * 1000000;

	while ((uint64_t)clock_now() < until)
		if (shared[0] != start)
			return 1;
	return 0;
}

/* Busy until the parent says stop (shared[5]). */
static void busy(uint64_t unused)
{
	(void)unused;
	while (!shared[5])
		;
}

/* Put pattern in xmm0 and xmm15, yield many times, count the times they changed. */
static uint64_t keep_sse(uint64_t pattern)
{
	uint64_t lost = 0;

	/* no clobbers to declare: native code is built without SSE, so only we use them */
	__asm__ volatile("movq %0, %%xmm0; movq %0, %%xmm15" : : "r"(pattern));
	for (int i = 0; i < 200; i++) {
		uint64_t a, b;
		thread_yield();
		__asm__ volatile("movq %%xmm0, %0; movq %%xmm15, %1" : "=r"(a), "=r"(b));
		lost += a != pattern || b != pattern;
	}
	return lost;
}

static void sse_child(uint64_t pattern)
{
	shared[2] = keep_sse(pattern);
	shared[3] = 1;
}

/* Receive on the right the parent moves in, once it says under which name (shared[4]):
 * a wait only thread_abort ends. */
static void wait_for_abort(uint64_t unused)
{
	struct word_msg m;

	(void)unused;
	while (!shared[4])
		thread_yield();
	shared[1] = msg_receive(shared[4], &m.h, sizeof(m)) == KERN_ABORTED ? 1 : 2;
}

/* Spin until told (shared[6]), then receive on the right the parent moved in
 * (shared[4]): shared[7] says what the receive returned. */
static void spin_then_wait(uint64_t unused)
{
	struct word_msg m;

	(void)unused;
	while (!shared[6])
		shared[0]++;
	shared[7] = msg_receive_timeout(shared[4], &m.h, sizeof(m), 2000000000ull) == KERN_ABORTED
			    ? 1
			    : 2;
}

int main(void)
{
	int64_t page = vm_allocate(self_task, 0, 4096, VM_ANYWHERE);
	port_name_t thread;
	struct thread_state st;

	ok(page > 0 && vm_inherit(self_task, page, 4096, VM_INHERIT_SHARE) == 0,
	   "a page shared with children");
	shared = (volatile uint64_t *)page;

	int64_t child = spawn_flags(spin, 0, 0, &thread);
	ok(counter_moves(2000), "a spinning task of our priority gets the CPU: preemption");
	is(thread_suspend(thread), KERN_SUCCESS, "suspend it");
	sleep_ms(20);
	ok(!counter_moves(100), "a suspended thread does not run");
	is(thread_get_state(thread, &st), KERN_SUCCESS, "read the state of the suspended thread");
	ok(st.rip >= (uint64_t)spin && st.rip < (uint64_t)counter_moves,
	   "it was stopped inside its loop");
	is(thread_resume(thread), KERN_SUCCESS, "resume it");
	ok(counter_moves(2000), "it runs again");
	is(thread_resume(thread), KERN_BUSY, "resuming a thread that is not suspended");
	is(thread_terminate(thread), KERN_SUCCESS, "terminate its only thread");
	is(wait_task_end(child, 5000), KERN_SUCCESS, "the task ends with it");
	port_destroy(thread), port_destroy(child);

	child = spawn_flags(spin, PRIORITY_MIN, 0, &thread);
	uint64_t before = shared[0];
	sleep_ms(100);
	ok(shared[0] != before, "a low-priority task runs while we sleep");
	ok(!counter_moves(200), "but not while we, higher, are runnable");
	is(thread_set_priority(thread, PRIORITY_MAX + 1), KERN_INVALID_ARGUMENT,
	   "priorities are bounded");
	int64_t busy_task = spawn_flags(busy, 0, 0, NULL);
	task_terminate(child);
	is(wait_task_end(child, 1000), KERN_SUCCESS,
	   "told to end, it ends at once, though a busy task of higher priority runs");
	shared[5] = 1;
	wait_task_end(busy_task, 5000);
	port_destroy(busy_task), port_destroy(thread), port_destroy(child);

	int64_t port = port_allocate(RIGHT_RECEIVE);
	child = spawn_flags(wait_for_abort, 0, 0, &thread);
	shared[4] = port_insert_right(child, PORT_NULL, port, MSG_MOVE_RECEIVE);
	int64_t aborted = KERN_TIMED_OUT, abort_ok = 1;
	for (int i = 0; i < 100 && aborted == KERN_TIMED_OUT; i++) { /* until it had blocked */
		abort_ok &= thread_abort(thread) == KERN_SUCCESS;
		aborted = wait_task_end(child, 50);
	}
	ok(abort_ok, "abort a thread blocked in msg_trap");
	is(aborted, KERN_SUCCESS, "it goes on and ends");
	is(shared[1], 1, "its receive returned KERN_ABORTED");
	port_destroy(thread), port_destroy(child);

	port = port_allocate(RIGHT_RECEIVE);
	shared[4] = 0;
	child = spawn_flags(spin_then_wait, 0, 0, &thread);
	shared[4] = port_insert_right(child, PORT_NULL, port, MSG_MOVE_RECEIVE);
	ok(counter_moves(2000), "a thread that spins, waiting for nothing");
	is(thread_abort(thread), KERN_SUCCESS, "abort it while it runs");
	shared[6] = 1;
	is(wait_task_end(child, 5000), KERN_SUCCESS, "it goes on and ends");
	is(shared[7], 1, "its next wait returned KERN_ABORTED at once: an abort is not lost");
	port_destroy(thread), port_destroy(child);

	child = spawn_flags(sse_child, 0x1111222233334444ull, 0, NULL);
	uint64_t lost = keep_sse(0x5555666677778888ull);
	while (!shared[3])
		thread_yield();
	ok(lost == 0 && shared[2] == 0,
	   "SSE registers survive switches between two tasks using them");
	wait_task_end(child, 5000);
	port_destroy(child);

	const volatile struct clock_page *cp = (const struct clock_page *)CLOCK_PAGE_ADDR;
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	uint64_t from_page = clock_page_ns(cp, (uint64_t)hi << 32 | lo), from_trap = clock_now();
	ok(from_trap >= from_page && from_trap - from_page < 50000000,
	   "the clock page gives the kernel's time without a trap (%lu ns apart)",
	   from_trap - from_page);
	ok(cp->realtime_base_ns / 1000000000ull > 1600000000ull, "and the wall-clock time at boot");
	is(vm_protect(self_task, CLOCK_PAGE_ADDR, 4096, VM_PROT_READ | VM_PROT_WRITE),
	   KERN_NO_ACCESS, "it cannot be made writable");

	uint64_t t0 = clock_now();
	struct word_msg m;
	port = port_allocate(RIGHT_RECEIVE);
	is(recv_word(port, &m, 30), KERN_TIMED_OUT, "a receive with a timeout times out");
	ok(clock_now() - t0 >= 30000000, "after at least the timeout");
	is(thread_set_state(thread_self(), &(struct thread_state){ .rip = 1ull << 60 }),
	   KERN_INVALID_ARGUMENT, "a non-canonical rip is refused");
	port_destroy(port);
	return 0;
}
