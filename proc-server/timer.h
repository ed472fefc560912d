/* Interval timers (timer.c). */
#ifndef PROC_TIMER_H
#define PROC_TIMER_H

#include <stdint.h>

/* When the next timer of any process is due (clock_now time), 0 if none is set. */
uint64_t timer_next(void);

/* Whether a timer was set since the last call: the next one may be due sooner. */
int timer_changed(void);

/* Send SIGALRM to every process whose timer is due, and set its next time. */
void timer_fire(void);

#endif
