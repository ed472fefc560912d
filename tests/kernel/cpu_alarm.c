/*
 * CPU-time alarms (task_cpu_alarm): a message when a task's CPU time reaches an amount,
 * at once when it has, never while the task does not run, none once cancelled or
 * replaced, never more than the port's queue takes; another task's time; the arguments
 * checked.
 */
#include <ipc.h>
#include <masque/clock.h>
#include <masque/error.h>
#include <masque/thread.h>
#include <self.h>
#include <trap.h>
#include "msgs.h"
#include "tap.h"

#define EXPIRED_ID 8200 /* cpu_alarm.expired (interfaces/cpu_alarm.defs) */
#define MS	   1000000ull
#define SPIN_LIMIT (5000 * MS) /* of clock time: an alarm that never comes */
#define POLL_MS	   1

static uint64_t cpu_ns(port_name_t task, uint32_t clock)
{
	struct cpu_times c = { 0 };

	task_times(task, &c);
	return clock == CPU_CLOCK_USER ? c.user_ns : c.user_ns + c.system_ns;
}

/* Spin until a message comes to port (or the limit): whether it is clock's alarm. The
 * look at the port never waits: a task that ran only between two ticks and waited at
 * each would never be found running by one, and its time would not grow. */
static int spin_for_alarm(port_name_t port, uint32_t clock)
{
	struct word_msg m;
	uint64_t until = (uint64_t)clock_now() + SPIN_LIMIT;
	volatile uint64_t x = 0;

	while ((uint64_t)clock_now() < until) {
		for (int i = 0; i < 1000000; i++)
			x += (uint64_t)i;
		if (msg_receive_timeout(port, &m.h, sizeof(m), 0) == KERN_SUCCESS)
			return m.h.id == EXPIRED_ID && (uint32_t)m.word == clock;
	}
	return 0;
}

/* Spin ns of our CPU time. */
static void spin_cpu(uint64_t ns)
{
	uint64_t until = cpu_ns(self_task, CPU_CLOCK_ALL) + ns;
	volatile uint64_t x = 0;

	while (cpu_ns(self_task, CPU_CLOCK_ALL) < until)
		x++;
}

static void spin_forever(uint64_t unused)
{
	volatile uint64_t x = 0;

	(void)unused;
	for (;;)
		x++;
}

int main(void)
{
	port_name_t port = new_port();
	struct word_msg m;

	is(task_cpu_alarm(self_task, CPU_CLOCKS, 1, port), KERN_INVALID_ARGUMENT,
	   "an unknown clock is refused");
	is(task_cpu_alarm(PORT_NULL, CPU_CLOCK_USER, 1, port), KERN_INVALID_NAME,
	   "a task that is not one is refused");
	is(task_cpu_alarm(self_task, CPU_CLOCK_USER, 1, 12345), KERN_INVALID_NAME,
	   "a port that is not one is refused");
	is(task_cpu_alarm(self_task, CPU_CLOCK_USER, 1, self_task), KERN_INVALID_RIGHT,
	   "to a kernel object's port: KERN_INVALID_RIGHT (a task's own port would keep it)");

	spin_cpu(2 * MS);
	is(task_cpu_alarm(self_task, CPU_CLOCK_USER, 1, port), KERN_SUCCESS,
	   "an alarm for a time already passed");
	is(recv_word(port, &m, POLL_MS), KERN_SUCCESS, "comes at once");
	ok(m.h.id == EXPIRED_ID && (uint32_t)m.word == CPU_CLOCK_USER, "saying its clock");

	uint64_t at = cpu_ns(self_task, CPU_CLOCK_ALL) + 20 * MS;
	is(task_cpu_alarm(self_task, CPU_CLOCK_ALL, at, port), KERN_SUCCESS,
	   "an alarm 20 ms of CPU time ahead");
	is(recv_word(port, &m, 50), KERN_TIMED_OUT, "says nothing while the task waits");
	ok(spin_for_alarm(port, CPU_CLOCK_ALL), "comes while the task spins");
	ok(cpu_ns(self_task, CPU_CLOCK_ALL) >= at, "once its time has come");
	is(recv_word(port, &m, 20), KERN_TIMED_OUT, "and only once");

	at = cpu_ns(self_task, CPU_CLOCK_USER) + 10 * MS;
	is(task_cpu_alarm(self_task, CPU_CLOCK_USER, at, port), KERN_SUCCESS, "an alarm set");
	is(task_cpu_alarm(self_task, CPU_CLOCK_USER, 0, port), KERN_SUCCESS, "and cancelled");
	spin_cpu(30 * MS);
	is(recv_word(port, &m, POLL_MS), KERN_TIMED_OUT, "a cancelled alarm says nothing");
	is(task_cpu_alarm(self_task, CPU_CLOCK_USER, at + 1000000 * MS, port), KERN_SUCCESS,
	   "an alarm far ahead");
	is(task_cpu_alarm(self_task, CPU_CLOCK_USER, at, port), KERN_SUCCESS,
	   "replaced by one near");
	ok(spin_for_alarm(port, CPU_CLOCK_USER), "the near one comes");
	is(task_cpu_alarm(self_task, CPU_CLOCK_USER, 0, PORT_NULL), KERN_SUCCESS,
	   "cancelling what is not set is no error");

	port_name_t small = new_port();
	struct port_status st = { 0 };
	port_set_qlimit(small, 2);
	for (int i = 0; i < 10; i++)
		task_cpu_alarm(self_task, CPU_CLOCK_USER, 1, small);
	spin_cpu(5 * MS);
	port_status(small, &st);
	is(st.msg_count, 2, "alarms set again and again queue no more than the port takes");
	task_cpu_alarm(self_task, CPU_CLOCK_USER, 0, PORT_NULL);
	port_destroy(small);

	int64_t child = spawn(spin_forever, 0);
	ok(child > 0, "a child task that spins");
	at = cpu_ns((port_name_t)child, CPU_CLOCK_USER) + 10 * MS;
	is(task_cpu_alarm((port_name_t)child, CPU_CLOCK_USER, at, port), KERN_SUCCESS,
	   "an alarm on another task's time");
	ok(spin_for_alarm(port, CPU_CLOCK_USER), "comes as that task runs");
	is(task_cpu_alarm((port_name_t)child, CPU_CLOCK_USER, at + 1000000 * MS, port),
	   KERN_SUCCESS, "an alarm on it far ahead");
	task_terminate((port_name_t)child);
	is(wait_task_end((port_name_t)child, 5000), KERN_SUCCESS, "the task ends with it set");
	is(recv_word(port, &m, 20), KERN_TIMED_OUT, "and the alarm goes with it, unsaid");
	port_destroy((port_name_t)child);
	port_destroy(port);
	return 0;
}
