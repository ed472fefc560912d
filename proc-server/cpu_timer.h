/* The CPU-time interval timers, ITIMER_VIRTUAL and ITIMER_PROF (cpu_timer.c). */
#ifndef PROC_CPU_TIMER_H
#define PROC_CPU_TIMER_H

#include <masque/types.h>
#include <stdint.h>

struct process;

/* proc.itimer for p's timer on clock (CPU_CLOCK_USER: ITIMER_VIRTUAL, CPU_CLOCK_ALL:
 * ITIMER_PROF). */
int64_t cpu_timer_itimer(struct process *p, uint32_t clock, int64_t value_ns, int64_t interval_ns,
			 uint32_t set, int64_t *old_value_ns, int64_t *old_interval_ns);

/* p's timers go on in task, whose alarms come to port, with the time each had left in
 * p's task (a set-id exec: call it while the old task still runs). */
int64_t cpu_timer_move(struct process *p, port_name_t task, port_name_t port);

#endif
