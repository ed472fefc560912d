/*
 * Random traps: throwaway tasks issue at least 100,000 traps with random numbers and
 * arguments (plausible names, our own memory, kernel addresses, anything). The kernel
 * must answer each with an error or do what was asked, and stay up: afterwards a
 * fresh task still runs and talks.
 *
 * The fuzzing tasks hold no rights but their own, and are kept from the few calls
 * that would only end themselves early (terminating or suspending their own thread,
 * unmapping or overwriting their own code and stack); everything else is random.
 */
#include <ipc.h>
#include <masque/error.h>
#include <self.h>
#include <stdlib.h>
#include <trap.h>
#include "msgs.h"
#include "tap.h"

#define TOTAL	 100000
#define PER_TASK 5000
#define SCRATCH	 8192

extern char _end[];

static volatile uint64_t *issued; /* shared with the fuzzing tasks */
static char scratch[SCRATCH];	  /* where traps may write freely */
static uint64_t rng;
static port_name_t my_thread;
static uint64_t my_stack;

static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static uint64_t random_arg(void)
{
	switch (rnd() % 9) {
	case 0:
		return rnd();
	case 1:
		return rnd() % 64;
	case 2:
		return NAME_MAKE(rnd() % 32, rnd() % 3);
	case 3:
		return (uint64_t)scratch + rnd() % SCRATCH;
	case 4:
		return 0xffff800000000000ull + (rnd() & 0xffffffffull);
	case 5:
		return VM_USER_TOP - rnd() % 8192;
	case 6:
		return (uint64_t)-1 - rnd() % 16;
	case 7:
		return rnd() & 0xffffffffull;
	default:
		return 0;
	}
}

/* Whether [a, a + n) touches our code, data or stack. */
static int ours(uint64_t a, uint64_t n)
{
	uint64_t end = a + n < a ? (uint64_t)-1 : a + n;

	return (a < (uint64_t)_end && end > 0x400000) ||
	       (a < my_stack + 0x2000 && end > my_stack - 0x20000);
}

/* A pointer the kernel writes through: our scratch area, or somewhere it must refuse. */
static uint64_t out_pointer(uint64_t a)
{
	return ours(a, 4096) ? (uint64_t)scratch : a;
}

/* Bend the arguments of the calls that would only end this task early. */
static int tame(uint64_t n, uint64_t *a)
{
	switch (n) {
	case TRAP_debug_write:
		a[1] = 0; /* random bytes on the console would garble the test output */
		return 1;
	case TRAP_msg_trap:
		a[0] |= MSG_SEND_TIMEOUT | MSG_RECEIVE_TIMEOUT;
		a[2] = out_pointer(a[2]);
		a[4] %= SCRATCH;
		a[5] %= 1000000;
		return 1;
	case TRAP_task_terminate:
		return a[0] != self_task;
	case TRAP_thread_terminate:
	case TRAP_thread_suspend:
	case TRAP_thread_set_state:
		return a[0] != my_thread;
	case TRAP_port_status:
	case TRAP_thread_get_state:
		a[1] = out_pointer(a[1]);
		return 1;
	case TRAP_vm_region:
		a[2] = out_pointer(a[2]);
		return 1;
	case TRAP_vm_read:
		a[2] = out_pointer(a[2]);
		a[3] %= SCRATCH / 2;
		return 1;
	case TRAP_vm_deallocate:
	case TRAP_vm_protect:
	case TRAP_vm_inherit:
	case TRAP_vm_write:
		return a[0] != self_task || !ours(a[1], a[n == TRAP_vm_write ? 3 : 2]);
	default:
		return 1;
	}
}

static void fuzz(uint64_t seed)
{
	uint64_t a[6];
	int local;

	rng = seed | 1;
	my_thread = thread_self();
	my_stack = (uint64_t)&local;
	for (int i = 0; i < PER_TASK; i++) {
		uint64_t n = rnd() % (TRAP_COUNT + 6);
		for (int j = 0; j < 6; j++)
			a[j] = random_arg();
		if (n == TRAP_task_create)
			a[1] &= 3;
		if (!tame(n, a))
			continue;
		trap6(n, a[0], a[1], a[2], a[3], a[4], a[5]);
		(*issued)++;
	}
}

/* Answer one message on port, once its receive right has been moved here. */
static void echo(uint64_t port)
{
	struct word_msg m;

	if (recv_moved(port, &m.h, sizeof(m)) == 0)
		send_word(m.h.remote, MSG_MOVE_SEND_ONCE, m.h.id, m.word + 1);
}

int main(void)
{
	int64_t page = vm_allocate(self_task, 0, 4096, VM_ANYWHERE);
	uint64_t seed = 0x9e3779b97f4a7c15ull, tasks = 0, stuck = 0;

	vm_inherit(self_task, page, 4096, VM_INHERIT_SHARE);
	issued = (volatile uint64_t *)page;
	while (*issued < TOTAL) {
		int64_t child = spawn_flags(fuzz, seed += 0x1234567, 0, NULL);
		if (child < 0) {
			diag("cannot start a fuzzing task: %ld", child);
			break;
		}
		tasks++;
		uint64_t before = *issued;
		while (wait_task_end(child, 2000) == KERN_TIMED_OUT) {
			if (*issued == before) { /* blocked for good: end it */
				task_terminate(child);
				stuck++;
			}
			before = *issued;
		}
		port_destroy(child);
	}
	ok(*issued >= TOTAL,
	   "%lu random traps from %lu tasks (%lu stopped by us); the kernel is up", *issued, tasks,
	   stuck);

	int64_t port = port_allocate(RIGHT_RECEIVE);
	port_insert_right(self_task, port, port, MSG_MAKE_SEND);
	int64_t child = spawn(echo, port);
	struct word_msg m = { .h = { .bits = MSG_BITS(MSG_COPY_SEND, 0),
				     .size = sizeof(m),
				     .remote = port,
				     .id = 5 },
			      .word = 99 };
	ok(child > 0 && port_insert_right(child, port, port, MSG_MOVE_RECEIVE) == port &&
		   msg_call(&m.h, sizeof(m)) == 0 && m.word == 100,
	   "afterwards a new task still runs and answers");
	return 0;
}
