/* CPU-time alarms (task_cpu_alarm): a task's CPU time, counted at each timer tick,
 * reaching a set amount becomes a message to the port its holder chose. Policy (which
 * signal, the interval, what a process is) stays with the server that asked; the
 * kernel only watches the count it already keeps. */
#include <masque/error.h>
#include "arch/x86_64/clock.h"
#include "ipc/kmsg.h"
#include "ipc/port.h"
#include "ipc/right.h"
#include "kern/syscall.h"
#include "sched/sched.h"
#include "task/cpu_alarm.h"
#include "task/task.h"
#include "task/thread.h"
#include "cpu_alarm_ksend.h"

static uint64_t ticks_on(const struct task *t, uint32_t clock)
{
	return clock == CPU_CLOCK_USER ? t->user_ticks : t->user_ticks + t->system_ticks;
}

static void alarm_off(struct cpu_alarm *a)
{
	if (a->port)
		right_drop(a->port, TRANSIT_SEND);
	a->port = NULL;
}

/* Send the alarm's message if its time has come. With the port's queue full it stays
 * set and is tried again at a later tick, as a sender would wait: the kernel's
 * messages are charged to no one, so a task that sets alarms again and again must not
 * queue more of them than a port takes. Out of memory, the same. */
static void check_one(struct task *t, uint32_t clock)
{
	struct cpu_alarm *a = &t->cpu_alarm[clock];

	if (!a->port || ticks_on(t, clock) < a->at_ticks)
		return;
	if (a->port->active) {
		if (a->port->msg_count >= a->port->qlimit)
			return;
		struct kmsg *k =
			cpu_alarm_expired_kmsg(port_make_send(a->port), TRANSIT_SEND, clock);
		if (!k)
			return;
		kmsg_post(k);
	}
	alarm_off(a);
}

void cpu_alarm_check(struct task *t)
{
	for (uint32_t clock = 0; clock < CPU_CLOCKS; clock++)
		check_one(t, clock);
}

void cpu_alarm_drop_all(struct task *t)
{
	for (uint32_t clock = 0; clock < CPU_CLOCKS; clock++)
		alarm_off(&t->cpu_alarm[clock]);
}

/* Our right to port, for the kernel to keep: a new send right from a receive right, a
 * copy of a send right; NULL for PORT_NULL. Not a kernel object's port: an alarm of a
 * task without threads kept on its own task port would keep it from ever being
 * unreachable, a task and its memory kept for nothing. */
static int take_send(port_name_t port, struct port **out)
{
	struct capspace *s = &current->task->space;
	struct cap *e;
	unsigned transit;
	int err;

	*out = NULL;
	if (port == PORT_NULL)
		return KERN_SUCCESS;
	e = right_lookup(s, port);
	err = right_take_one(s, port,
			     e && (e->rights & RIGHT_RECEIVE) ? MSG_MAKE_SEND : MSG_COPY_SEND, out,
			     &transit);
	if (!err && !*out)
		err = KERN_PORT_DEAD;
	if (!err && (*out)->kobject_type != KOBJ_NONE) {
		right_drop(*out, TRANSIT_SEND);
		*out = NULL;
		err = KERN_INVALID_RIGHT;
	}
	return err;
}

int64_t sys_task_cpu_alarm(port_name_t task, uint32_t clock, uint64_t at_ns, port_name_t port)
{
	struct task *t;
	struct port *p;
	int err;

	if (clock >= CPU_CLOCKS)
		return KERN_INVALID_ARGUMENT;
	if ((err = task_from_name(&current->task->space, task, &t)))
		return err;
	if ((err = take_send(at_ns ? port : PORT_NULL, &p))) {
		task_release(t);
		return err;
	}
	struct cpu_alarm *a = &t->cpu_alarm[clock];
	alarm_off(a);
	a->port = p;
	a->at_ticks = (at_ns + NS_PER_TICK - 1) / NS_PER_TICK;
	check_one(t, clock);
	task_release(t);
	return KERN_SUCCESS;
}
