/*
 * The process server's requests: exit, fork, wait, getppid from processes; CPU faults
 * (the exception port of every process) and task deaths from the kernel. A process is
 * whoever the port a request came to belongs to.
 */
#include <emul_start.h>
#include <errno.h>
#include <exc.h>
#include <linux/wait.h>
#include <masque/exception.h>
#include <masque/rights.h>
#include <masque/thread.h>
#include <masque/vm.h>
#include <notify.h>
#include <proc.h>
#include <rpc.h>
#include <self.h>
#include <stdio.h>
#include <string.h>
#include <trap.h>
#include "create.h"
#include "ops.h"
#include "procfs.h"
#include "process.h"
#include "signal.h"
#include "vfork.h"

#include "terminal.h"
#include "wait.h"

#define SIGILL	4
#define SIGTRAP 5
#define SIGBUS	7
#define SIGFPE	8
#define SIGSEGV 11

/* si_code values of siginfo_t (Linux's asm-generic/siginfo.h) */
#define SI_USER	    0
#define SI_KERNEL   0x80
#define SEGV_MAPERR 1
#define SEGV_ACCERR 2
#define BUS_ADRERR  2
#define ILL_ILLOPN  2
#define FPE_INTDIV  1
#define FPE_FLTINV  7

port_name_t server_set, exception_port, deaths_port;

port_name_t port_in_set(void)
{
	int64_t p = port_allocate_member(server_set, 0);

	return p < 0 ? PORT_NULL : (port_name_t)p;
}

int64_t watch_task(struct process *p)
{
	return port_request_notify(p->task, NOTIFY_DEAD_NAME, deaths_port);
}

/* SIGCHLD to p's parent for p's end. */
static void signal_end(struct process *p)
{
	signal_parent(p, p->wait_status & 0x7f ? CLD_KILLED : CLD_EXITED,
		      p->wait_status & 0x7f ? p->wait_status & 0x7f : (p->wait_status >> 8) & 0xff);
}

void process_end(struct process *p, int32_t wait_status)
{
	if (p->wait_status >= 0)
		return;
	p->wait_status = wait_status;
	vfork_release(p);

	task_times(p->task, &p->used); /* fails, leaving none, if the task is gone already */

	terminal_process_ended(p);
	task_terminate(p->task);
	signal_forget_threads(p);
	port_destroy(p->port);
	p->port = PORT_NULL;
	if (p->waiting != PORT_NULL) {
		port_mod_refs(p->waiting, RIGHT_SEND_ONCE, -1);
		p->waiting = PORT_NULL;
	}
	for (struct process *q = process_first(), *next; q; q = next) {
		next = q->next; /* q may go */
		if (q->ppid == p->pid) {
			q->ppid = INIT_PID;
			signal_parent_changed(q);
			if (q->pdeathsig && q->wait_status < 0) {
				struct sig_info info = { .code = SI_USER, .pid = p->pid };
				signal_send(q, 0, q->pdeathsig, &info);
			}
			if (q->wait_status >= 0) { /* a zombie: init hears of it, as on Linux */
				signal_end(q);
				tell_parent(q);
			}
		}
	}
	signal_end(p);
	tell_parent(p); /* last: it may reap p */
}

void proc_exit(struct rpc_ctx *ctx, int32_t status)
{
	struct process *p = process_by_port(ctx->local);

	if (p) /* emul says how the process ended, a signal's default action included */
		process_end(p, status & 0xffff);
}

/* The child's task: a copy of p's, with its own port here at a name of its space. */
static int64_t copy_task(struct process *p, struct process *child, port_name_t *name)
{
	int64_t task = task_create(p->task, TASK_INHERIT_MEMORY | TASK_INHERIT_SENDS, "linux");
	int64_t r;

	if (task < 0)
		return task;
	child->task = (port_name_t)task;
	if (!(child->port = port_in_set()))
		return -ENOMEM;
	r = port_insert_right(child->task, PORT_NULL, child->port, MSG_MAKE_SEND);
	if (r < 0)
		return r;
	*name = (port_name_t)r;
	return watch_task(child);
}

/* The child's one thread, a copy of the caller's: the signal records know it by
 * the same emul block. */
static int64_t start_copy(struct process *child, struct thread_state st, port_name_t name)
{
	int64_t thread = thread_create(child->task), r;

	if (thread < 0)
		return thread;
	st.rsi = (uint64_t)child->pid;
	st.rdx = name;
	r = thread_set_state(thread, &st);
	if (r) {
		port_destroy(thread);
		return r;
	}
	if ((r = signal_add_thread(child, child->pid, (port_name_t)thread, st.gs_base)))
		return r;
	signal_publish_copy(child);
	return thread_resume(thread);
}

int64_t proc_fork(struct rpc_ctx *ctx, const void *state, uint32_t state_len, uint32_t vfork,
		  port_name_t *proc)
{
	struct process *p = process_by_port(ctx->local), *child;
	struct thread_state st;
	port_name_t name, renewed;
	int64_t r;

	if (!p || state_len != sizeof(st) || vfork > 1)
		return -EINVAL;
	memcpy(&st, state, sizeof(st));
	if (!(child = process_new(0, p->pid)) || !(renewed = port_in_set())) {
		if (child)
			process_free(child);
		return -EAGAIN;
	}
	child->pgid = p->pgid;
	child->sid = p->sid;
	child->cred = p->cred;
	child->ignored = p->ignored;
	child->sig_flags = p->sig_flags;
	child->no_new_privs = p->no_new_privs;
	child->no_tty = p->no_tty;
	child->image = p->image; /* the same memory holds its arguments */
	if (vfork) {
		child->vfork_parent = p->pid;
		child->vfork_memory = p->task;
	}
	memcpy(child->cwd, p->cwd, sizeof(child->cwd));
	r = copy_task(p, child, &name);
	if (!r)
		r = start_copy(child, st, name);
	if (r) {
		if (child->task)
			task_terminate(child->task);
		port_destroy(child->task);
		port_destroy(child->port);
		port_destroy(renewed);
		signal_forget_threads(child);
		process_free(child);
		return r == -ENOMEM ? -ENOMEM : -EAGAIN;
	}
	port_destroy(p->port); /* the child's copy of the parent's right dies with it */
	p->port = renewed;
	*proc = renewed;
	return child->pid;
}

int64_t proc_pdeathsig(struct rpc_ctx *ctx, int32_t sig)
{
	struct process *p = process_by_port(ctx->local);

	if (!p)
		return -ESRCH;
	if (sig < 0 || sig > NSIG_LINUX)
		return -EINVAL;
	p->pdeathsig = sig;
	return 0;
}

int64_t proc_children_times(struct rpc_ctx *ctx, uint64_t *user_ns, uint64_t *system_ns)
{
	struct process *p = process_by_port(ctx->local);

	if (!p)
		return -ESRCH;
	*user_ns = p->children.user_ns;
	*system_ns = p->children.system_ns;
	return 0;
}

void proc_interrupt(struct rpc_ctx *ctx)
{
	struct process *p = process_by_port(ctx->local);

	if (p && p->waiting != PORT_NULL) {
		proc_wait_reply(p->waiting, -EINTR, 0, 0);
		p->waiting = PORT_NULL;
	}
}

/* The process pid names for caller p (0: p itself), living or a zombie. */
static struct process *named(struct process *p, int32_t pid)
{
	return pid ? process_by_pid(pid) : p;
}

static int group_in_session(int32_t pgid, int32_t sid)
{
	for (struct process *q = process_first(); q; q = q->next)
		if (q->pgid == pgid && q->sid == sid && q->wait_status < 0)
			return 1;
	return 0;
}

int64_t proc_setpgid(struct rpc_ctx *ctx, int32_t pid, int32_t pgid)
{
	struct process *p = process_by_port(ctx->local), *target;

	if (!p)
		return -ESRCH;
	if (pgid < 0)
		return -EINVAL;
	if (!(target = named(p, pid)) || (target != p && target->ppid != p->pid))
		return -ESRCH;
	if (target->sid != p->sid || target->sid == target->pid)
		return -EPERM; /* another session's, or a session leader, which stays put */
	if (!pgid)
		pgid = target->pid;
	if (pgid != target->pid && !group_in_session(pgid, p->sid))
		return -EPERM;
	target->pgid = pgid;
	return 0;
}

/* Init, when it is this server (no process has pid 1): in no group or session, as
 * Linux's before its setsid. It is there: it takes orphans, and kill finds it. */
static int server_is_init(int32_t pid)
{
	return pid == INIT_PID && !process_by_pid(INIT_PID);
}

int64_t proc_getpgid(struct rpc_ctx *ctx, int32_t pid)
{
	struct process *p = process_by_port(ctx->local), *target;

	if (!p)
		return -ESRCH;
	if (server_is_init(pid))
		return 0;
	return (target = named(p, pid)) ? target->pgid : -ESRCH;
}

int64_t proc_setsid(struct rpc_ctx *ctx)
{
	struct process *p = process_by_port(ctx->local);

	if (!p)
		return -ESRCH;
	for (struct process *q = process_first(); q; q = q->next)
		if (q->pgid == p->pid && q->wait_status < 0)
			return -EPERM; /* it leads a group already */
	p->sid = p->pgid = p->pid;
	p->no_tty = 0; /* a new session, with no terminal until it takes one */
	return p->sid;
}

int64_t proc_getsid(struct rpc_ctx *ctx, int32_t pid)
{
	struct process *p = process_by_port(ctx->local), *target;

	if (!p)
		return -ESRCH;
	if (server_is_init(pid))
		return 0;
	return (target = named(p, pid)) ? target->sid : -ESRCH;
}

int64_t proc_getppid(struct rpc_ctx *ctx)
{
	struct process *p = process_by_port(ctx->local);

	return p ? p->ppid : -ESRCH;
}

/* The signal a CPU fault is on Linux, with its si_code and si_addr. */
static int fault_signal(uint32_t exception, uint32_t vector, uint64_t code, uint64_t address,
			uint64_t rip, struct sig_info *info)
{
	*info = (struct sig_info){ .flags = SIGNAL_FORCED, .addr = rip };
	switch (exception) {
	case EXC_BAD_INSTRUCTION:
		info->code = ILL_ILLOPN;
		return SIGILL;
	case EXC_ARITHMETIC:
		info->code = vector == 0 ? FPE_INTDIV : FPE_FLTINV;
		return SIGFPE;
	case EXC_BREAKPOINT:
		info->code = SI_KERNEL, info->addr = 0;
		return SIGTRAP;
	case EXC_MEMORY_ERROR:
		info->code = BUS_ADRERR, info->addr = address;
		return SIGBUS;
	case EXC_BAD_ACCESS:
		info->code = code & EXC_ACCESS_PROTECTION ? SEGV_ACCERR : SEGV_MAPERR;
		info->addr = address;
		return SIGSEGV;
	default: /* a general protection fault */
		info->code = SI_KERNEL, info->addr = 0;
		return SIGSEGV;
	}
}

/* Whether a fault at rip (touching address) is emul's access to the program's memory
 * for a call: the thread then resumes at emul's EFAULT vector, and the call fails. */
static int emul_may_recover(uint32_t exception, uint64_t address, uint64_t rip)
{
	uint64_t start, end;

	emul_text(&start, &end);
	if (rip < start + EMUL_VECTORS_SIZE || rip >= end)
		return 0; /* the program's own fault, or one in emul's recovery itself */
	return exception == EXC_PROTECTION ||
	       (exception == EXC_BAD_ACCESS && (address < start || address >= VM_USER_TOP));
}

static int64_t resume_at_efault(port_name_t thread)
{
	struct thread_state st;
	uint64_t start, end;
	int64_t r = thread_get_state(thread, &st);

	emul_text(&start, &end);
	st.rip = start + EMUL_VECTOR_EFAULT;
	return r ? r : thread_set_state(thread, &st);
}

/* A CPU fault. One in emul's access to the program's memory for a call ends the call
 * with EFAULT; one in the program's code is its signal, delivered by emul (whose
 * default action may end the process); a fault of emul's own ends the process. A
 * page wait that thread_abort broke (to deliver a signal) is simply tried again. */
int64_t exc_raise(struct rpc_ctx *ctx, port_name_t thread, port_name_t task, uint32_t exception,
		  uint32_t vector, uint64_t code, uint64_t address, uint64_t rip)
{
	struct process *p = process_by_task(task);
	uint64_t start, end;
	struct sig_info info;
	int sig = fault_signal(exception, vector, code, address, rip, &info);
	int64_t r = KERN_TERMINATED;

	(void)ctx;
	emul_text(&start, &end);
	if (!p || p->wait_status >= 0)
		r = KERN_TERMINATED;
	else if (exception == EXC_MEMORY_ERROR && (int64_t)code == KERN_ABORTED)
		r = KERN_SUCCESS;
	else if (emul_may_recover(exception, address, rip))
		r = resume_at_efault(thread);
	else if ((rip < start || rip >= end) && signal_fault(p, thread, sig, &info) == 0)
		r = KERN_SUCCESS;
	port_mod_refs(thread, RIGHT_SEND, -1);
	port_mod_refs(task, RIGHT_SEND, -1);
	if (r != KERN_SUCCESS && p && p->wait_status < 0) {
		printf("proc: pid %d: signal %d: fault at 0x%lx (rip 0x%lx)\n", p->pid, sig,
		       address, rip);
		process_end(p, sig);
		r = KERN_TERMINATED;
	}
	return r;
}

/* A task is gone: if nothing told us why, the kernel ended it (a fault nobody took). */
void notify_dead_name(struct rpc_ctx *ctx, uint32_t name)
{
	struct process *p = process_by_task(name);

	(void)ctx;
	if (p)
		process_end(p, SIGSEGV);
	else
		signal_thread_gone(name);
}

/* The last send right to a /proc handle went. */
void notify_no_senders(struct rpc_ctx *ctx, uint32_t make_sends)
{
	(void)make_sends;
	if (!pfs_mount_gone(ctx->local))
		pfs_handle_gone(ctx->local);
}

void notify_send_once(struct rpc_ctx *ctx)
{
	(void)ctx;
}
