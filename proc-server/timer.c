/*
 * The real-time interval timer of each process (ITIMER_REAL: setitimer, alarm): the
 * server's loop waits for messages until the next timer is due (main.c), then sends
 * the SIGALRMs that are. A fork's child has no timer; exec keeps it. The CPU-time
 * timers are cpu_timer.c's.
 */
#include <errno.h>
#include <proc.h>
#include <rpc.h>
#include <trap.h>
#include "cpu_timer.h"
#include "process.h"
#include "signal.h"
#include "timer.h"

#define ITIMER_REAL    0
#define ITIMER_VIRTUAL 1
#define ITIMER_PROF    2
#define SIGALRM	       14
#define SI_KERNEL      0x80

static int changed;

int timer_changed(void)
{
	int was = changed;

	changed = 0;
	return was;
}

uint64_t timer_next(void)
{
	uint64_t next = 0;

	for (struct process *p = process_first(); p; p = p->next)
		if (p->wait_status < 0 && p->alarm_at && (!next || p->alarm_at < next))
			next = p->alarm_at;
	return next;
}

void timer_fire(void)
{
	uint64_t now = clock_now();
	struct sig_info info = { .code = SI_KERNEL };

	for (struct process *p = process_first(), *next; p; p = next) {
		next = p->next;
		if (p->wait_status >= 0 || !p->alarm_at || p->alarm_at > now)
			continue;
		/* an interval timer late by more than its interval does not catch up */
		p->alarm_at = p->alarm_every ? (p->alarm_at + p->alarm_every > now
							? p->alarm_at + p->alarm_every
							: now + p->alarm_every)
					     : 0;
		signal_send(p, 0, SIGALRM, &info);
	}
}

int64_t proc_itimer(struct rpc_ctx *ctx, int32_t which, int64_t value_ns, int64_t interval_ns,
		    uint32_t set, int64_t *old_value_ns, int64_t *old_interval_ns)
{
	struct process *p = process_by_port(ctx->local);
	uint64_t now = clock_now();

	*old_value_ns = *old_interval_ns = 0;
	if (!p)
		return -ESRCH;
	if ((which != ITIMER_REAL && which != ITIMER_VIRTUAL && which != ITIMER_PROF) ||
	    value_ns < 0 || interval_ns < 0)
		return -EINVAL;
	if (which != ITIMER_REAL)
		return cpu_timer_itimer(p, which == ITIMER_VIRTUAL ? CPU_CLOCK_USER : CPU_CLOCK_ALL,
					value_ns, interval_ns, set, old_value_ns, old_interval_ns);
	if (p->alarm_at)
		*old_value_ns = p->alarm_at > now ? (int64_t)(p->alarm_at - now) : 1;
	*old_interval_ns = (int64_t)p->alarm_every;
	if (set) {
		changed = 1;
		p->alarm_at = value_ns ? now + (uint64_t)value_ns : 0;
		p->alarm_every = value_ns ? (uint64_t)interval_ns : 0;
	}
	return 0;
}
