/* Fixed-priority round-robin scheduling on one CPU, blocking and wakeup, and the
 * deadlines of blocked threads. */
#include <masque/error.h>
#include <masque/thread.h>
#include "arch/x86_64/layout.h"
#include "arch/x86_64/clock.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/gdt.h"
#include "arch/x86_64/pmap.h"
#include "kern/console.h"
#include "sched/sched.h"
#include "task/cpu_alarm.h"
#include "task/task.h"
#include "task/thread.h"
#include "vm/vm_map.h"

struct thread *current;
int need_resched;

/* Read by entry.S on every syscall: the running thread's kernel stack top, and a
 * scratch slot for the user rsp. One CPU, so plain globals. */
uint64_t cpu_kstack_top;
uint64_t cpu_user_rsp;
static const struct emulation no_emulation;
const struct emulation *cpu_emulation = &no_emulation;

static struct list run_queues[PRIORITY_MAX + 1];
static uint32_t ready_mask;			   /* bit p: run_queues[p] is not empty */
static struct list timeouts = LIST_INIT(timeouts); /* waiting threads by deadline */
static struct thread *idle_thread;
static uint64_t loaded_fs_base, loaded_gs_base;

void sched_init(struct thread *idle)
{
	for (int p = 0; p <= PRIORITY_MAX; p++)
		list_init(&run_queues[p]);
	idle_thread = idle;
	current = idle;
}

static void enqueue(struct thread *t)
{
	list_push_back(&run_queues[t->priority], &t->queue_link);
	ready_mask |= 1u << t->priority;
}

void sched_remove(struct thread *t)
{
	list_remove(&t->queue_link);
	if (list_empty(&run_queues[t->priority]))
		ready_mask &= ~(1u << t->priority);
}

void sched_make_runnable(struct thread *t)
{
	t->state = THREAD_READY;
	if (t == current)
		return;
	enqueue(t);
	if (t->priority > current->priority || current == idle_thread)
		need_resched = 1;
}

static struct thread *pick_next(void)
{
	if (!ready_mask)
		return idle_thread;
	int p = 31 - __builtin_clz(ready_mask);
	struct thread *t = list_entry(run_queues[p].next, struct thread, queue_link);
	sched_remove(t);
	return t;
}

/* The segment bases of t into the CPU, where they differ from what is there. */
static void load_bases(const struct thread *t)
{
	if (t->fs_base != loaded_fs_base)
		wrmsr(MSR_FS_BASE, loaded_fs_base = t->fs_base);
	if (t->gs_base != loaded_gs_base)
		wrmsr(MSR_GS_BASE, loaded_gs_base = t->gs_base);
}

void sched_bases_changed(const struct thread *t)
{
	if (t == current)
		load_bases(t);
}

/* Load next's machine state and continue on its kernel stack. */
static void switch_to(struct thread *prev, struct thread *next)
{
	if (next->task) {
		fpu_switch_to(&next->fpu);
		pmap_activate(&next->task->map->pmap);
		tss_set_io_bitmap(next->task, next->task->io_bitmap);
		load_bases(next);
		cpu_emulation = &next->task->emulation;
	}
	cpu_kstack_top = (uint64_t)next->kstack + KSTACK_SIZE;
	tss_set_kernel_stack(cpu_kstack_top);
	current = next;
	context_switch(&prev->kernel_rsp, next->kernel_rsp);
	thread_reap();
}

void schedule(void)
{
	struct thread *prev = current, *next;

	need_resched = 0;
	if (prev->state == THREAD_READY && prev != idle_thread)
		enqueue(prev);
	next = pick_next();
	if (next == prev)
		return;
	if (next->quantum <= 0)
		next->quantum = QUANTUM_TICKS;
	switch_to(prev, next);
}

void sched_yield(void)
{
	current->quantum = 0;
	schedule();
}

static void timeout_insert(struct thread *t)
{
	struct list *pos = &timeouts;

	list_for_each(l, &timeouts)
	{
		if (list_entry(l, struct thread, timer_link)->deadline > t->deadline)
			break;
		pos = l;
	}
	list_insert_after(pos, &t->timer_link);
}

/* A thread told to terminate never starts a wait: it may have been woken from one
 * (by its pager, say) just before the order came, and the one that would wake it
 * again may be a thread of its own task, stopped too. */
static int terminating(const struct thread *t)
{
	return t->ast & AST_TERMINATE;
}

/* Whether an abort is waiting for t's next wait (taken: the wait ends at once). */
static int abort_taken(struct thread *t)
{
	if (!(t->ast & AST_ABORT))
		return 0;
	t->ast &= ~AST_ABORT;
	return 1;
}

int thread_block(struct list *queue, uint64_t deadline)
{
	struct thread *t = current;

	if (terminating(t) || abort_taken(t))
		return KERN_ABORTED;
	t->state = THREAD_WAITING;
	t->wait_queue = queue;
	t->deadline = deadline;
	t->wait_result = KERN_SUCCESS;
	if (queue)
		list_push_back(queue, &t->queue_link);
	if (deadline)
		timeout_insert(t);
	schedule();
	return t->wait_result;
}

/* t leaves what it waits for with result, ready to run (not yet in a run queue). */
static void unwait(struct thread *t, int result)
{
	if (t->wait_queue)
		list_remove(&t->queue_link);
	if (t->deadline)
		list_remove(&t->timer_link);
	t->wait_queue = NULL;
	t->deadline = 0;
	t->wait_result = result;
	t->state = THREAD_READY;
}

void thread_wakeup(struct thread *t, int result)
{
	if (t->state != THREAD_WAITING)
		return;
	unwait(t, result);
	sched_make_runnable(t);
}

int sched_may_hand_to(const struct thread *next)
{
	return !ready_mask || next->priority >= 31 - __builtin_clz(ready_mask);
}

int thread_handoff(struct list *queue, struct thread *next)
{
	struct thread *t = current;

	if (terminating(t) || abort_taken(t)) {
		/* next runs when its turn comes; we leave at the boundary, or with the abort */
		thread_wakeup(next, KERN_SUCCESS);
		if (terminating(t))
			schedule();
		return KERN_ABORTED;
	}
	unwait(next, KERN_SUCCESS);
	t->state = THREAD_WAITING;
	t->wait_queue = queue;
	t->deadline = 0;
	t->wait_result = KERN_SUCCESS;
	list_push_back(queue, &t->queue_link);
	need_resched = 0; /* nothing ready outranks next (sched_may_hand_to) */
	switch_to(t, next);
	return t->wait_result;
}

struct thread *thread_wakeup_one(struct list *queue, int result)
{
	if (list_empty(queue))
		return NULL;
	struct thread *t = list_entry(queue->next, struct thread, queue_link);
	thread_wakeup(t, result);
	return t;
}

void thread_wakeup_all(struct list *queue, int result)
{
	while (thread_wakeup_one(queue, result))
		;
}

/* The timer interrupt: expire deadlines, charge the running thread's quantum. */
void sched_tick(int from_user)
{
	uint64_t now = clock_ns();

	while (!list_empty(&timeouts)) {
		struct thread *t = list_entry(timeouts.next, struct thread, timer_link);
		if (t->deadline > now)
			break;
		thread_wakeup(t, KERN_TIMED_OUT);
	}
	if (current == idle_thread)
		return;
	if (from_user) { /* CPU time by sampling, as Linux's tick accounting */
		current->user_ticks++;
		current->task->user_ticks++;
	} else {
		current->system_ticks++;
		current->task->system_ticks++;
	}
	cpu_alarm_check(current->task);
	if (--current->quantum <= 0)
		need_resched = 1;
}
