/*
 * The write-back clock. The server itself always waits for requests without a
 * deadline, since a wait with one takes the general IPC path on every request; a
 * thread of its own keeps the time instead and sends it a tick, on a port of the
 * server's set that nobody else holds a right to, every WRITEBACK_EVERY_NS.
 */
#include <ipc.h>
#include <masque/error.h>
#include <masque/rights.h>
#include <masque/thread.h>
#include <self.h>
#include <trap.h>
#include "writeback.h"

#define TICK_ID	    0x7fff0001u /* no subsystem's: only on the clock's own port */
#define CLOCK_STACK 8192

static port_name_t clock_port;
static uint64_t clock_stack[CLOCK_STACK / 8] __attribute__((aligned(16)));

/* The clock's thread: sleep on a port nothing comes to, then tick; a tick that finds
 * the last one still queued is dropped (the queue holds one). */
static _Noreturn void clock_thread(void)
{
	int64_t idle = port_allocate(RIGHT_RECEIVE);
	struct msg_header h;

	for (;;) {
		if (idle < 0 || msg_receive_timeout((port_name_t)idle, &h, sizeof(h),
						    WRITEBACK_EVERY_NS) != KERN_TIMED_OUT)
			thread_terminate(thread_self()); /* no way to sleep: no clock */
		struct msg_header tick = { .bits = MSG_BITS(MSG_COPY_SEND, 0),
					   .size = sizeof(tick),
					   .remote = clock_port,
					   .id = TICK_ID };
		msg_trap(MSG_SEND | MSG_SEND_TIMEOUT, &tick, 0, PORT_NULL, 0, 0);
	}
}

/* The clock's port: in set, a send right here for the clock, room for one tick. */
static int64_t make_clock_port(port_name_t set)
{
	int64_t port = port_allocate(RIGHT_RECEIVE), r;

	if (port < 0)
		return port;
	clock_port = (port_name_t)port;
	if ((r = port_insert_right(self_task, clock_port, clock_port, MSG_MAKE_SEND)) < 0 ||
	    (r = port_set_qlimit(clock_port, 1)) || (r = port_move_member(clock_port, set)))
		return r;
	return 0;
}

int writeback_start(port_name_t set)
{
	int64_t thread, r = make_clock_port(set);

	if (r)
		return (int)r;
	if ((thread = thread_create(self_task)) < 0)
		return (int)thread;
	struct thread_state st = {
		.rip = (uint64_t)clock_thread,
		.rsp = (uint64_t)(clock_stack + CLOCK_STACK / 8) - 8, /* as after a call */
	};
	r = thread_set_state((port_name_t)thread, &st);
	return (int)(r ? r : thread_resume((port_name_t)thread));
}

int writeback_tick(const struct msg_header *in)
{
	return in->local == clock_port && in->id == TICK_ID;
}
