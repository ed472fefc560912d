/*
 * The kernel's costs in cycles (rdtsc), median of many runs: a null trap, and an IPC
 * call/reply round trip between two tasks. Prints one "bench NAME CYCLES" line per
 * measurement for tools/bench.sh to tabulate.
 */
#include <ipc.h>
#include <masque/error.h>
#include <self.h>
#include <stdio.h>
#include <stdlib.h>
#include <trap.h>

#define RUNS 100000

struct small_msg {
	struct msg_header h;
	uint64_t word;
};

static uint64_t samples[RUNS];

static inline uint64_t cycles(void)
{
	uint32_t lo, hi;

	__asm__ volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

/* The k-th smallest of a[0..n): quickselect. */
static uint64_t select_kth(uint64_t *a, int n, int k)
{
	int lo = 0, hi = n - 1;

	while (lo < hi) {
		uint64_t pivot = a[(lo + hi) / 2];
		int i = lo, j = hi;
		while (i <= j) {
			while (a[i] < pivot)
				i++;
			while (a[j] > pivot)
				j--;
			if (i <= j) {
				uint64_t t = a[i];
				a[i++] = a[j];
				a[j--] = t;
			}
		}
		if (k <= j)
			hi = j;
		else if (k >= i)
			lo = i;
		else
			break;
	}
	return a[k];
}

static void report(const char *name, int n)
{
	printf("bench %s %lu\n", name, select_kth(samples, n, n / 2));
}

static void bench_null_trap(void)
{
	for (int i = 0; i < RUNS; i++) {
		uint64_t t0 = cycles();
		trap6(TRAP_COUNT, 0, 0, 0, 0, 0, 0);
		samples[i] = cycles() - t0;
	}
	report("null_trap", RUNS);
}

/* The server: reply to each request and wait for the next, in one trap. */
static void server(port_name_t port)
{
	struct small_msg m;
	int64_t r = msg_receive(port, &m.h, sizeof(m));

	while (r == KERN_SUCCESS) {
		m.h.bits = MSG_BITS(MSG_MOVE_SEND_ONCE, 0);
		m.h.local = PORT_NULL;
		m.h.size = sizeof(m);
		m.word++;
		r = msg_reply_receive(&m.h, port, &m.h, sizeof(m));
	}
}

static void bench_round_trip(port_name_t port)
{
	struct small_msg m;

	for (int i = 0; i < RUNS; i++) {
		m.h = (struct msg_header){ .bits = MSG_BITS(MSG_COPY_SEND, 0), .size = sizeof(m),
					   .remote = port, .id = 1 };
		m.word = i;
		uint64_t t0 = cycles();
		msg_call(&m.h, sizeof(m));
		samples[i] = cycles() - t0;
		if (m.word != (uint64_t)i + 1) {
			printf("bench: wrong reply\n");
			return;
		}
	}
	report("ipc_round_trip", RUNS);
}

int main(void)
{
	int64_t port = port_allocate(RIGHT_RECEIVE);

	if (port < 0 || port_insert_right(self_task, port, port, MSG_MAKE_SEND) < 0)
		return 1;
	bench_null_trap();
	/* the server is a second task made from this one, holding the receive right */
	int64_t stack = vm_allocate(self_task, 0, 65536, VM_ANYWHERE);
	int64_t child = task_create(self_task, TASK_INHERIT_MEMORY | TASK_INHERIT_SENDS, "bench-server");
	int64_t thread = child < 0 ? child : thread_create(child);
	struct thread_state st = { .rip = (uint64_t)server, .rsp = stack + 65536 - 8, .rdi = port };
	if (thread < 0 || port_insert_right(child, port, port, MSG_MOVE_RECEIVE) < 0 ||
	    thread_set_state(thread, &st) || thread_resume(thread)) {
		printf("bench: cannot start the server\n");
		return 1;
	}
	bench_round_trip(port);
	task_terminate(child);
	return 0;
}
