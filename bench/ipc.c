/*
 * The kernel's costs in cycles (rdtsc), median of many runs: a null trap, and an IPC
 * call/reply round trip between two tasks. Prints one "bench NAME CYCLES" line per
 * measurement for tools/bench.sh to tabulate.
 */
#include <ipc.h>
#include <masque/error.h>
#include <self.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <trap.h>
#include "measure.h"

static uint64_t samples[RUNS];

struct small_msg {
	struct msg_header h;
	uint64_t word;
};

static void bench_null_trap(void)
{
	for (int i = 0; i < RUNS; i++) {
		uint64_t t0 = cycles();
		trap6(TRAP_COUNT, 0, 0, 0, 0, 0, 0);
		samples[i] = cycles() - t0;
	}
	report("null_trap", samples, RUNS);
}

/* The server: reply to each request and wait for the next, in one trap. */
static void server(uint64_t port)
{
	struct small_msg m;
	int64_t r;

	while ((r = msg_receive(port, &m.h, sizeof(m))) == KERN_INVALID_RIGHT)
		thread_yield(); /* until the receive right has been moved here */

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
		m.h = (struct msg_header){ .bits = MSG_BITS(MSG_COPY_SEND, 0),
					   .size = sizeof(m),
					   .remote = port,
					   .id = 1 };
		m.word = i;
		uint64_t t0 = cycles();
		msg_call(&m.h, sizeof(m));
		samples[i] = cycles() - t0;
		if (m.word != (uint64_t)i + 1) {
			printf("bench: wrong reply\n");
			return;
		}
	}
	report("ipc_round_trip", samples, RUNS);
}

int main(void)
{
	int64_t port = port_allocate(RIGHT_RECEIVE);

	if (port < 0 || port_insert_right(self_task, port, port, MSG_MAKE_SEND) < 0)
		return 1;
	bench_null_trap();
	/* the server is a second task made from this one, holding the receive right */
	int64_t child = task_spawn(server, port, TASK_INHERIT_SENDS, NULL);
	if (child < 0 || port_insert_right(child, port, port, MSG_MOVE_RECEIVE) < 0) {
		printf("bench: cannot start the server\n");
		return 1;
	}
	bench_round_trip(port);
	task_terminate(child);
	return 0;
}
