/*
 * Signals in emul: what the process does with each (signal.c), the mask of each thread
 * (its block, where the process server reads it), and delivery (deliver.c): the
 * process server keeps what is pending and sends a thread to look (emul_start.h).
 */
#ifndef EMUL_SIGNAL_H
#define EMUL_SIGNAL_H

#include <masque/types.h>
#include <stdint.h>
#include "thread.h"

#define NSIG_LINUX	64
#define SIGNAL_BIT(sig) (1ull << ((sig)-1))
#define UNBLOCKABLE	(SIGNAL_BIT(9) | SIGNAL_BIT(19)) /* SIGKILL, SIGSTOP */

/* Process 1, init: as on Linux, a signal it has no handler for does nothing to it (but
 * a fault of its own), and the process server drops one it does not block. */
#define INIT_PID 1

/* Linux's own codes for a call a signal interrupted: restarted or -EINTR as the
 * handler's SA_RESTART says (SYS), always restarted (NOINTR), -EINTR when a handler
 * runs and else restarted (NOHAND). The program never sees them. */
#define ERESTARTSYS    512
#define ERESTARTNOINTR 513
#define ERESTARTNOHAND 514

/* The kernel's struct sigaction for rt_sigaction (the mask last, 8 bytes of it). */
struct linux_sigaction {
	uint64_t handler;
	uint64_t flags;
	uint64_t restorer;
	uint64_t mask;
};

/* What the process does with sig (1..64). */
struct linux_sigaction *signal_action(int sig);

/* The action for sig went back to its default (SA_RESETHAND, a fault that could not
 * be blocked or ignored): the process server hears it when that matters. */
void signal_action_reset(int sig);

/* A fork's child: the process server, which copied its parent's ignored signals,
 * hears its own when they differ (they do for init's children: init ignores what it
 * has no handler for). */
void signal_forked(void);

/* exec: caught signals go back to their default action; ignored ones stay ignored,
 * and the mask stays, as Linux does; the alternate stack goes. */
void signal_reset_on_exec(void);

/* A write found no reader: SIGPIPE for the thread (delivered as the call returns),
 * and the write fails with EPIPE (the return value). */
int64_t signal_broken_pipe(void);

/* Whether a signal is pending that the thread does not block. */
static inline int signal_ready(const struct emul_thread *t)
{
	return (t->signal_pending & ~t->blocked) != 0;
}

/* Wait until a signal the thread does not block is pending, or until deadline_ns on
 * CLOCK_MONOTONIC (0: none): 0 when one is, -ETIMEDOUT. */
int64_t signal_wait(struct emul_thread *t, uint64_t deadline_ns);

/* A call that may wait for an answer from `to` (the process server when proc) is
 * cut short there when a signal comes (msg_call_interrupted); then no longer. */
static inline void signal_interruptible(port_name_t to, int proc)
{
	struct emul_thread *t = this_thread();

	t->interrupt_to = to;
	t->interrupt_proc = proc;
}

static inline void signal_uninterruptible(void)
{
	this_thread()->interrupt_to = PORT_NULL;
}

/* sigaltstack's flags (SS_DISABLE, SS_ONSTACK or 0) for t, whose stack pointer is sp. */
int signal_altstack_flags(const struct emul_thread *t, uint64_t sp);

struct frame;

/* After call number n, with its result in f->rax: a signal the call waited for, or
 * that came meanwhile, is delivered, and an interrupted call restarted as Linux does. */
void signal_after_call(struct frame *f, uint64_t n);

#endif
