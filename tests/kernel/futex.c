/*
 * Waiting on a word: a mismatch returns at once, a timeout ends a wait, a wake ends it
 * and says how many it woke, threads of one task meet on a private word, tasks meet
 * on a shared one (and a private wake does not reach another task), abort ends it.
 */
#include <masque/error.h>
#include <self.h>
#include <spawn.h>
#include <trap.h>
#include "msgs.h"
#include "tap.h"

static volatile uint32_t *word;	  /* in a page shared with children */
static volatile int64_t *results; /* the same page, after the word: how waits ended */
static volatile int64_t *ready;	  /* and which waiters are about to wait */

/* A thread of our own task: wait on the word, record how it ended, stop. */
static void waiter(uint64_t slot)
{
	ready[slot] = 1;
	results[slot] = futex_wait((uint32_t *)word, 0, (uint32_t)(slot >> 8), 0) + 1000;
	thread_terminate(thread_self());
}

/* Wait until the waiters in slots are about to wait, then a little more, so that
 * they are waiting (a preemption between the two would let them run meanwhile). */
static void until_waiting(int first, int last)
{
	for (int slot = first; slot <= last; slot++)
		for (int i = 0; i < 500 && !ready[slot]; i++)
			sleep_ms(10);
	sleep_ms(20);
}

/* Wait until results[slot] is set (the waiter ended), at most 5 s. */
static int64_t result_of(int slot)
{
	for (int i = 0; i < 500 && !results[slot]; i++)
		sleep_ms(10);
	return results[slot] - 1000;
}

static void shared_waiter(uint64_t slot)
{
	ready[slot] = 1;
	results[slot] = futex_wait((uint32_t *)word, 0, FUTEX_SHARED, 0) + 1000;
}

int main(void)
{
	int64_t page = vm_allocate(self_task, 0, 4096, VM_ANYWHERE);

	vm_inherit(self_task, page, 4096, VM_INHERIT_SHARE);
	word = (uint32_t *)page;
	results = (int64_t *)(page + 64);
	ready = (int64_t *)(page + 256);

	is(futex_wait((uint32_t *)word, 1, 0, 0), KERN_VALUE_CHANGED,
	   "a word that differs: no wait");
	is(futex_wait((uint32_t *)word, 0, 0, 20000000), KERN_TIMED_OUT,
	   "a wait with a timeout ends");
	is(futex_wait((uint32_t *)(page + 2), 0, 0, 0), KERN_INVALID_ARGUMENT, "a misaligned word");
	is(futex_wait((uint32_t *)0x10, 0, 0, 0), KERN_INVALID_ADDRESS,
	   "a word that is not mapped");

	port_name_t t1 = start_thread_on(waiter, 1, 0), t2 = start_thread_on(waiter, 2, 0);
	until_waiting(1, 2);
	is(futex_wake((uint32_t *)word, 1, 0), 1,
	   "a wake for one wakes one of two waiting threads");
	sleep_ms(20);
	ok((results[1] != 0) + (results[2] != 0) == 1, "exactly one of them ended");
	until_waiting(1, 2);
	is(futex_wake((uint32_t *)word, 10, 0), 1, "the other wakes with the next");
	ok(result_of(1) == 0 && result_of(2) == 0, "both waits ended with success");

	int64_t child = task_spawn(shared_waiter, 3, 0, NULL);
	until_waiting(3, 3);
	is(futex_wake((uint32_t *)word, 1, 0), 0, "a private wake does not reach another task");
	is(futex_wake((uint32_t *)word, 1, FUTEX_SHARED), 1, "a shared wake does");
	is(result_of(3), 0, "the other task's wait ended with success");
	wait_task_end(child, 5000);
	port_destroy(child);

	port_name_t t4 = start_thread_on(waiter, 4, 0);
	until_waiting(4, 4);
	is(thread_abort(t4), KERN_SUCCESS, "abort a waiting thread");
	is(result_of(4), KERN_ABORTED, "its wait ends with KERN_ABORTED");
	port_destroy(t1), port_destroy(t2), port_destroy(t4);
	return 0;
}
