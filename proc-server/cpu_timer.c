/*
 * The CPU-time interval timers of each process: ITIMER_VIRTUAL (SIGVTALRM) counts the
 * time its threads run in user mode, ITIMER_PROF (SIGPROF) that and the kernel's time
 * for them. The kernel counts a task's time and tells when it reaches an amount
 * (task_cpu_alarm, to the process's port here); the server sends the signal and asks
 * for the next. A fork's child has none; exec keeps them, a set-id exec's new task too.
 */
#include <cpu_alarm.h>
#include <errno.h>
#include <masque/thread.h>
#include <rpc.h>
#include <trap.h>
#include "cpu_timer.h"
#include "process.h"
#include "signal.h"

#define SIGVTALRM 26
#define SIGPROF	  27
#define SI_KERNEL 0x80

/* The task's CPU time on clock, in *ns. */
static int64_t cpu_now(port_name_t task, uint32_t clock, uint64_t *ns)
{
	struct cpu_times c;
	int64_t r = task_times(task, &c);

	*ns = clock == CPU_CLOCK_USER ? c.user_ns : c.user_ns + c.system_ns;
	return r;
}

/* Ask the kernel for an alarm to port when task's time on clock reaches at (0: off). */
static int64_t arm(port_name_t task, port_name_t port, uint32_t clock, uint64_t at)
{
	return task_cpu_alarm(task, clock, at, at ? port : PORT_NULL);
}

int64_t cpu_timer_itimer(struct process *p, uint32_t clock, int64_t value_ns, int64_t interval_ns,
			 uint32_t set, int64_t *old_value_ns, int64_t *old_interval_ns)
{
	struct cpu_timer *t = &p->cpu_timer[clock];
	uint64_t now;
	int64_t r = cpu_now(p->task, clock, &now);

	if (r < 0)
		return -ESRCH;
	if (t->at_ns) /* due but not yet told: about to fire, as Linux says */
		*old_value_ns = t->at_ns > now ? (int64_t)(t->at_ns - now) : 1;
	*old_interval_ns = (int64_t)t->every_ns;
	if (!set)
		return 0;
	t->at_ns = value_ns ? now + (uint64_t)value_ns : 0;
	t->every_ns = value_ns ? (uint64_t)interval_ns : 0;
	return arm(p->task, p->port, clock, t->at_ns) < 0 ? -ENOMEM : 0;
}

/* The timer's next time after now: a timer late by several intervals skips them. */
static uint64_t next_time(const struct cpu_timer *t, uint64_t now)
{
	if (!t->every_ns)
		return 0;
	return t->at_ns + ((now - t->at_ns) / t->every_ns + 1) * t->every_ns;
}

/* The kernel says p's time on clock reached its alarm. The message may also be stale
 * (the timer was set anew since) or come from the process itself, which holds a send
 * right to its port: the signal goes only when the task's time says it is due. */
void cpu_alarm_expired(struct rpc_ctx *ctx, uint32_t clock)
{
	struct process *p = process_by_port(ctx->local);
	struct sig_info info = { .code = SI_KERNEL };
	uint64_t now;

	if (!p || p->wait_status >= 0 || clock >= CPU_CLOCKS || !p->cpu_timer[clock].at_ns ||
	    cpu_now(p->task, clock, &now) < 0)
		return;
	struct cpu_timer *t = &p->cpu_timer[clock];
	if (now >= t->at_ns) {
		signal_send(p, 0, clock == CPU_CLOCK_USER ? SIGVTALRM : SIGPROF, &info);
		t->at_ns = next_time(t, now);
		t->every_ns = t->at_ns ? t->every_ns : 0;
	}
	arm(p->task, p->port, clock, t->at_ns);
}

int64_t cpu_timer_move(struct process *p, port_name_t task, port_name_t port)
{
	for (uint32_t clock = 0; clock < CPU_CLOCKS; clock++) {
		struct cpu_timer *t = &p->cpu_timer[clock];
		uint64_t old_now, new_now;
		int64_t r;
		if (!t->at_ns)
			continue;
		if ((r = cpu_now(p->task, clock, &old_now)) < 0 ||
		    (r = cpu_now(task, clock, &new_now)) < 0)
			return r;
		t->at_ns = new_now + (t->at_ns > old_now ? t->at_ns - old_now : 1);
		if ((r = arm(task, port, clock, t->at_ns)) < 0)
			return r;
	}
	return 0;
}
