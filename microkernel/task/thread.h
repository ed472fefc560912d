/*
 * Threads: the unit of execution. A thread has a kernel stack with its user state
 * in a trapframe at the top, a scheduling state, and what it waits for.
 */
#ifndef TASK_THREAD_H
#define TASK_THREAD_H

#include <masque/msg.h>
#include <masque/thread.h>
#include <masque/types.h>
#include <stdint.h>
#include "arch/x86_64/fpu.h"
#include "arch/x86_64/trapframe.h"
#include "kern/list.h"

struct task;
struct port;
struct kmsg;

enum run_state {
	THREAD_READY,	  /* runnable (in a run queue, or running) */
	THREAD_WAITING,	  /* blocked on a wait queue or a timeout */
	THREAD_SUSPENDED, /* parked at the user boundary until resumed */
	THREAD_DEAD,	  /* exited; its stack is freed after the next switch */
};

/* Work to do before the thread returns to user mode (Mach's ASTs). */
#define AST_TERMINATE 0x1
#define AST_ABORT     0x2 /* thread_abort came while it did not wait: its next wait ends */

/* What a blocked receiver asked for and what it was given. */
#define IPC_FAST_MAX 128 /* the largest message of the fast path */

struct ipc_wait {
	uint64_t buffer;   /* user address of the receive buffer */
	uint32_t size;	   /* its size */
	uint8_t delivered; /* the fast path left the message in fast_msg ... */
	struct kmsg *kmsg; /* ... or the general path handed over a kernel message */
	union {
		struct msg_header h;
		uint8_t bytes[IPC_FAST_MAX];
	} fast;
};

struct thread {
	uint32_t refs; /* its own until reaped, and lookups' (see task/task.h) */
	uint32_t id;
	struct task *task;	/* referenced; NULL once the thread exited */
	struct list task_link;	/* in task->threads */
	struct list queue_link; /* run queue or wait queue */
	struct list timer_link; /* in the timeout list while waiting with a deadline */
	enum run_state state;
	int suspend_count;
	int priority;
	unsigned ast;
	int quantum;			   /* ticks left */
	uint64_t user_ticks, system_ticks; /* timer ticks that found it running, and where */

	uint64_t kernel_rsp; /* saved by context_switch */
	void *kstack;	     /* KSTACK_SIZE bytes; the trapframe is at its top */
	struct trapframe *tf;
	struct fpu_state fpu;
	uint64_t fs_base, gs_base;

	struct list *wait_queue; /* what it waits on, if anything */
	uint64_t deadline;	 /* ns; 0: none */
	int wait_result;	 /* KERN_SUCCESS, KERN_TIMED_OUT, KERN_ABORTED */
	struct ipc_wait ipc;
	uint64_t futex_key[2];	/* what it waits for in futex_wait */
	struct port *exc_reply; /* kernel-held reply port for exception RPCs */
	int exc_result;
	int exc_waiting; /* blocked until its exception handler answers */

	struct port *self; /* the thread's kernel-object port */
	port_name_t self_name;
};

extern struct thread *current;

int thread_create(struct task *task, struct thread **out);
void thread_ref(struct thread *t);
/* Drop a reference; the last one frees the thread and its kernel stack. */
void thread_release(struct thread *t);
struct capspace;
/* The thread a name in s denotes by a send right to its port, referenced (the caller
 * releases it); KERN_TERMINATED once it is being terminated. */
int thread_from_name(struct capspace *s, port_name_t name, struct thread **out);
void thread_start_user(struct thread *t, uint64_t rip, uint64_t rsp, uint64_t arg);
_Noreturn void thread_exit(void);
void thread_terminate(struct thread *t);
void thread_suspend(struct thread *t);
void thread_unreachable(struct thread *t);
int thread_resume(struct thread *t);
int thread_abort(struct thread *t);
void thread_get_state(const struct thread *t, struct thread_state *s);
int thread_set_state(struct thread *t, const struct thread_state *s);
int thread_set_base(struct thread *t, uint32_t which, uint64_t base);
void thread_set_priority(struct thread *t, int priority);
/* What thread_user_boundary does when something is due. */
void thread_user_boundary_work(void);
struct thread *thread_create_kernel(void (*fn)(void), int priority);
/* Drop the references exited threads hold on themselves (called after every switch). */
void thread_reap(void);
void context_switch(uint64_t *save_rsp, uint64_t next_rsp);

extern int need_resched;

/* Called on every way back to user mode: terminations, suspensions, preemption.
 * Inline, since nearly always nothing is due and every trap passes here. */
static inline void thread_user_boundary(void)
{
	if (__builtin_expect((current->ast & AST_TERMINATE) | current->suspend_count | need_resched,
			     0))
		thread_user_boundary_work();
}

#endif
