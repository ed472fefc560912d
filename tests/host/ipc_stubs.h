/* What the kernel's IPC code calls outside itself, on the host (ipc_stubs.c): a
 * scheduler that only records wakeups, task and thread hooks that count, user copies
 * that are plain memcpy. Here is what a test can see of them. */
#ifndef TESTS_HOST_IPC_STUBS_H
#define TESTS_HOST_IPC_STUBS_H

#include <stddef.h>
#include "kern/list.h"

struct task;
struct thread;

#define WAKE_LOG_MAX 64

/* The wakeups since wake_log_reset, in order. */
struct wake {
	struct thread *t;
	int result;
};
extern struct wake wake_log[WAKE_LOG_MAX];
extern int wake_count;
void wake_log_reset(void);

/* Put t on queue as thread_block would leave it (no deadline). */
void stub_block(struct thread *t, struct list *queue);

/* task_lost_sender calls with no sender left, thread_unreachable calls, and the last
 * task named. */
extern int unreachable_tasks, unreachable_threads;
extern struct task *last_unreachable_task;

/* The stack the IPC code used below the caller of stack_mark, as far as a wakeup of a
 * queue saw (every port death wakes its queues). */
void stack_mark(void);
size_t stack_used(void);

#endif
