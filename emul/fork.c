/*
 * fork, and clone without CLONE_VM: the process server makes the child's task as a
 * copy of ours (memory, and send rights at the same names) and starts its thread in
 * emul_fork_child (entry.S) with the frame of this call, which lies in the copied emul
 * stack at the same address: the child fixes what is its own (task, pid, ports) and
 * returns to the program with 0, the parent with the child's pid. vfork's child
 * shares the program's memory instead (vfork.c).
 */
#include <errno.h>
#include <linux/sched.h>
#include <masque/rights.h>
#include <masque/thread.h>
#include <proc.h>
#include <self.h>
#include <stdio.h>
#include <trap.h>
#include "errno_of.h"
#include "fd.h"
#include "process.h"
#include "signal.h"
#include "syscall.h"
#include "thread.h"
#include "user.h"
#include "vfork.h"

extern void emul_fork_child(void);

/* What the child does to itself before the program sees it (set in the parent's
 * thread block before the copy is made, so the child finds it in its own). */
struct fork_plan {
	uint64_t stack;	    /* clone's new stack, or 0 */
	uint64_t set_tid;   /* CLONE_CHILD_SETTID */
	uint64_t clear_tid; /* CLONE_CHILD_CLEARTID */
	int vfork;	    /* a vfork's child, in its parent's memory */
};

static struct fork_plan plan;

_Noreturn void fork_child(struct frame *f, int32_t pid, port_name_t proc)
{
	struct emul_thread *t = this_thread();

	self_task = (port_name_t)task_self();
	t->reply = PORT_NULL; /* the parent's receive right, not ours */
	t->tid = pid;
	thread_forked();
	/* t->signal_pending is the child's: the server wrote it before the thread ran, and
	 * may have added a signal sent to the child since; clearing it here would lose that */
	prctl_forget_pdeathsig();
	t->interrupt_to = PORT_NULL;
	t->clear_child_tid = plan.clear_tid;
	process.pid = pid;
	process.proc = proc;
	process.vfork_child = plan.vfork;
	fd_forked();
	signal_forked();
	if (plan.vfork)
		vfork_unshare(); /* its own children get copies */
	if (plan.set_tid)
		*(int32_t *)plan.set_tid = pid;
	if (plan.stack)
		f->rsp = plan.stack;
	f->rax = 0;
	emul_return(f);
}

/* The copy; the child's pid or a negated errno. */
static int64_t fork_process(struct frame *f)
{
	struct thread_state st;
	port_name_t renewed;
	int64_t r = thread_get_state(thread_self(), &st);

	if (r)
		return linux_result(r);
	st = (struct thread_state){
		.rip = (uint64_t)emul_fork_child,
		.rsp = ((uint64_t)f - 64) & ~15ull,
		.rdi = (uint64_t)f,
		.rflags = 0x202,
		.fs_base = st.fs_base,
		.gs_base = st.gs_base,
	};
	r = rpc_proc_fork(process.proc, &st, sizeof(st), plan.vfork, &renewed);
	if (r < 0)
		return linux_result(r);
	port_destroy(process.proc); /* a dead name now: the child had a copy of it */
	process.proc = renewed;
	return r;
}

int64_t sys_fork(struct frame *f)
{
	plan = (struct fork_plan){ 0 };
	return fork_process(f);
}

/* The child in our memory (plan set), and our wait for its exec or end. */
static int64_t vfork_process(struct frame *f)
{
	int64_t pid;

	vfork_share();
	plan.vfork = 1;
	pid = fork_process(f);
	vfork_unshare();
	if (pid > 0)
		vfork_wait((int32_t)pid);
	return pid;
}

int64_t sys_vfork(struct frame *f)
{
	plan = (struct fork_plan){ 0 };
	return vfork_process(f);
}

#define CLONE_FORK_FLAGS (CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID | CLONE_PARENT_SETTID | CSIGNAL)
#define CLONE_THREAD_FLAGS                                                                  \
	(CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM | \
	 CLONE_SETTLS | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID | CLONE_CHILD_SETTID |   \
	 CLONE_DETACHED)

/* clone's three shapes: a thread of this process; a process that shares our memory
 * until it execs while the caller waits (CLONE_VM | CLONE_VFORK: posix_spawn's); a
 * copy (fork). */
static int64_t do_clone(struct frame *f, uint64_t flags, uint64_t stack, int32_t *ptid,
			int32_t *ctid, uint64_t tls)
{
	static int said;
	int64_t pid;
	int vfork = (flags & (CLONE_VM | CLONE_VFORK)) == (CLONE_VM | CLONE_VFORK);

	if (flags & CLONE_THREAD) {
		if ((flags & ~(uint64_t)CLONE_THREAD_FLAGS) ||
		    (flags & (CLONE_VM | CLONE_SIGHAND)) != (CLONE_VM | CLONE_SIGHAND))
			return -EINVAL;
		return thread_clone(f, flags, stack, ptid, ctid, tls);
	}
	if (vfork)
		flags &= ~(uint64_t)(CLONE_VM | CLONE_VFORK);
	if (flags & ~(uint64_t)CLONE_FORK_FLAGS) {
		if (!said++)
			printf("emul: pid %d: clone with flags 0x%lx is not implemented: -ENOSYS\n",
			       process.pid, flags);
		return -ENOSYS;
	}
	plan = (struct fork_plan){
		.stack = stack,
		.set_tid = flags & CLONE_CHILD_SETTID ? (uint64_t)ctid : 0,
		.clear_tid = flags & CLONE_CHILD_CLEARTID ? (uint64_t)ctid : 0,
	};
	pid = vfork ? vfork_process(f) : fork_process(f);
	if (pid > 0 && (flags & CLONE_PARENT_SETTID))
		*ptid = (int32_t)pid;
	return pid;
}

int64_t sys_clone(struct frame *f)
{
	return do_clone(f, f->rdi, f->rsi, (int32_t *)f->rdx, (int32_t *)f->r10, f->r8);
}

/* clone3: clone's arguments in a structure (linux/sched.h's struct clone_args). */
int64_t sys_clone3(struct frame *f)
{
	const struct clone_args *a = (const struct clone_args *)f->rdi;
	uint64_t size = f->rsi;

	if (size < CLONE_ARGS_SIZE_VER0)
		return -EINVAL;
	if (!user_whole(a, CLONE_ARGS_SIZE_VER0))
		return -EFAULT;
	if (a->flags & (CLONE_PIDFD | CLONE_INTO_CGROUP) ||
	    (size >= CLONE_ARGS_SIZE_VER1 && a->set_tid_size))
		return -EINVAL;
	uint64_t stack = a->stack ? a->stack + a->stack_size : 0;
	return do_clone(f, a->flags | (a->exit_signal & CSIGNAL), stack, (int32_t *)a->parent_tid,
			(int32_t *)a->child_tid, a->tls);
}

SYSCALL0(getppid)
{
	int32_t ppid = this_thread()->ppid; /* the process server keeps it there */

	return ppid >= 0 ? ppid : linux_result(rpc_proc_getppid(process.proc));
}
