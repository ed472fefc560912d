/*
 * The scheduler: fixed priorities, round robin within a priority, preemption by
 * the tick; threads block on wait queues with an optional deadline.
 */
#ifndef SCHED_SCHED_H
#define SCHED_SCHED_H

#include <stdint.h>
#include "kern/list.h"

struct thread;

#define QUANTUM_TICKS 10

void sched_init(struct thread *idle);
void sched_make_runnable(struct thread *t);
void sched_remove(struct thread *t);
void schedule(void);
void sched_yield(void);
/* t's fs or gs base changed: the running thread's take effect at once, the others'
 * when they next run. */
void sched_bases_changed(const struct thread *t);
/* The timer interrupt; from_user: it found the current thread running user code. */
void sched_tick(int from_user);

/* Block current on queue (may be NULL: only the deadline, in ns since boot, or
 * nothing wakes it but thread_wakeup); returns the result its waker gave. */
int thread_block(struct list *queue, uint64_t deadline);
/* An IPC handoff: next, waiting, wakes with KERN_SUCCESS and runs at once, without a
 * trip through the run queue, while current waits on queue; only if nothing ready
 * outranks next (sched_may_hand_to). */
int thread_handoff(struct list *queue, struct thread *next);
int sched_may_hand_to(const struct thread *next);
/* Take t off what it waits for and make it runnable with result. */
void thread_wakeup(struct thread *t, int result);
/* Wake the first waiter of queue, if any; returns it. */
struct thread *thread_wakeup_one(struct list *queue, int result);
void thread_wakeup_all(struct list *queue, int result);

extern int need_resched;

#endif
