/*
 * What parents learn of their children: ends (zombies until waited for), stops and
 * continues (job control), by wait and by SIGCHLD. A wait that cannot be answered yet
 * keeps its reply right until a child has something to report.
 */
#include <emul_start.h>
#include <errno.h>
#include <linux/wait.h>
#include <masque/rights.h>
#include <proc.h>
#include <rpc.h>
#include <trap.h>
#include "ops.h"
#include "signal.h"
#include "wait.h"

#define SIGCONT	   18
#define SIGSTOP	   19
#define WAIT_KINDS (WEXITED | WUNTRACED | WCONTINUED)

/* Whether child is one a wait for pid (parent->wait_pid: > 0 that one, -1 any, 0 any
 * in the parent's group, < -1 any in group -pid) is for. */
static int waits_for(const struct process *parent, const struct process *child)
{
	int32_t pid = parent->wait_pid;

	if (child->ppid != parent->pid)
		return 0;
	if (pid > 0)
		return child->pid == pid;
	if (pid == 0)
		return child->pgid == parent->pgid;
	return pid == -1 || child->pgid == -pid;
}

/* A zombie's last trace goes: its task right and its entry. */
static void reap(struct process *p)
{
	port_destroy(p->task);
	process_free(p);
}

/* A child waited for adds its CPU time and its own children's to its parent's. */
static void add_times(struct cpu_times *to, const struct cpu_times *own,
		      const struct cpu_times *its_children)
{
	to->user_ns += own->user_ns + its_children->user_ns;
	to->system_ns += own->system_ns + its_children->system_ns;
}

/* What a wait with options would learn of child now: a wait status, or -1. */
static int32_t report_of(const struct process *child, uint32_t options)
{
	if (child->wait_status >= 0)
		return options & WEXITED ? child->wait_status : -1;
	if ((options & WUNTRACED) && child->stop_report)
		return (child->stop_report << 8) | 0x7f;
	if ((options & WCONTINUED) && child->continue_report)
		return 0xffff;
	return -1;
}

/* The answer report to a wait for child: a zombie is reaped and a stop or continue
 * told only once, unless WNOWAIT. */
static int64_t collect(struct process *child, uint32_t options, int32_t report,
		       int32_t *wait_status, uint32_t *uid)
{
	int32_t pid = child->pid;

	*wait_status = report;
	*uid = child->cred.uid[0];
	if (options & WNOWAIT)
		return pid;
	if (child->wait_status >= 0) {
		struct process *parent = process_by_pid(child->ppid); /* the waiter */
		if (parent)
			add_times(&parent->children, &child->used, &child->children);
		reap(child);
	} else if ((report & 0xff) == 0x7f)
		child->stop_report = 0;
	else
		child->continue_report = 0;
	return pid;
}

/* Whether p has a child its wait could be for, living or a zombie. */
static int has_children(struct process *p)
{
	for (struct process *q = process_first(); q; q = q->next)
		if (waits_for(p, q))
			return 1;
	return 0;
}

void signal_parent(struct process *child, int code, int status)
{
	struct process *parent = process_by_pid(child->ppid);
	struct sig_info info = {
		.code = code, .pid = child->pid, .uid = child->cred.uid[0], .status = status
	};

	if (!parent || parent->wait_status >= 0)
		return;
	if (code != CLD_EXITED && code != CLD_KILLED && (parent->sig_flags & SIGNAL_NOCLDSTOP))
		return;
	signal_send(parent, 0, SIGCHLD, &info);
}

static void answer_wait(struct process *parent, int64_t pid, int32_t status, uint32_t uid)
{
	port_name_t reply = parent->waiting;

	parent->waiting = PORT_NULL;
	proc_wait_reply(reply, pid, status, uid);
}

void tell_parent(struct process *child)
{
	struct process *parent = process_by_pid(child->ppid);
	int ended = child->wait_status >= 0;
	int32_t report, status;
	uint32_t uid;

	if (ended && !parent && child->ppid) {
		reap(child);
		return;
	}
	if (ended && parent && (parent->sig_flags & SIGNAL_NOCLDWAIT)) {
		reap(child); /* no zombie; a wait with nothing left to wait for fails */
		if (parent->waiting != PORT_NULL && !has_children(parent))
			answer_wait(parent, -ECHILD, 0, 0);
		return;
	}
	if (!parent || parent->waiting == PORT_NULL || !waits_for(parent, child) ||
	    (report = report_of(child, parent->wait_options)) < 0)
		return;
	int64_t pid = collect(child, parent->wait_options, report, &status, &uid);
	answer_wait(parent, pid, status, uid);
}

int64_t proc_wait(struct rpc_ctx *ctx, int32_t pid, uint32_t options, int32_t *wait_status,
		  uint32_t *uid)
{
	struct process *p = process_by_port(ctx->local);
	int children = 0;
	int32_t report;

	*wait_status = 0;
	*uid = 0;
	if (!p)
		return -ESRCH;
	if ((options & ~(uint32_t)(WNOHANG | WNOWAIT | WAIT_KINDS | __WALL | __WCLONE)) ||
	    !(options & WAIT_KINDS))
		return -EINVAL;
	p->wait_pid = pid;
	for (struct process *q = process_first(); q; q = q->next) {
		if (!waits_for(p, q))
			continue;
		if ((report = report_of(q, options)) >= 0)
			return collect(q, options, report, wait_status, uid);
		children++;
	}
	if (!children)
		return -ECHILD;
	if (options & WNOHANG)
		return 0;
	p->waiting = ctx->reply;
	p->wait_options = options;
	return RPC_NO_REPLY;
}

static void suspend_threads(struct process *p, int suspend)
{
	for (struct thread_rec *t = p->threads; t; t = t->next)
		if (suspend)
			thread_suspend(t->port);
		else
			thread_resume(t->port);
}

void process_stop(struct process *p, int sig)
{
	if (p->wait_status >= 0 || p->stopped)
		return;
	p->stopped = sig;
	p->stop_report = sig;
	p->continue_report = 0;
	suspend_threads(p, 1);
	signal_parent(p, CLD_STOPPED, sig);
	tell_parent(p);
}

void process_continue(struct process *p)
{
	if (p->wait_status >= 0 || !p->stopped)
		return;
	p->stopped = 0;
	p->stop_report = 0;
	p->continue_report = 1;
	suspend_threads(p, 0);
	signal_continued(p);
	signal_parent(p, CLD_CONTINUED, SIGCONT);
	tell_parent(p);
}

/* A stop signal's default action, which emul takes: the caller's process stops. */
int64_t proc_stop(struct rpc_ctx *ctx, int32_t sig)
{
	struct process *p = process_by_port(ctx->local);

	if (!p)
		return -ESRCH;
	if (sig != SIGSTOP && sig != 20 && sig != 21 && sig != 22)
		return -EINVAL;
	process_stop(p, sig);
	return 0;
}
