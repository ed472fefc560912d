/*
 * Signal dispositions (for the process: fork copies them, exec resets the caught ones),
 * the mask of each thread, and the calls that read and change them or send signals.
 * The process server routes signals and drops the ones the process ignores, so it is
 * told which those are whenever that changes.
 */
#include <asm/signal.h>
#include <emul_start.h>
#include <errno.h>
#include <linux/signal.h>
#include <proc.h>
#include <stdio.h>
#include <string.h>
#include <trap.h>
#include <linux/time_types.h>
#include "clock.h"
#include "errno_of.h"
#include "process.h"
#include "signal.h"
#include "syscall.h"
#include "user.h"

static struct linux_sigaction actions[NSIG_LINUX + 1];

struct linux_sigaction *signal_action(int sig)
{
	return &actions[sig];
}

/* Signals whose default action is to do nothing (SIGCONT's continues a stopped
 * process, which is nothing to one that runs). */
static int ignored_by_default(int sig)
{
	return sig == SIGCHLD || sig == SIGCONT || sig == SIGURG || sig == SIGWINCH;
}

/* The signals a sigtimedwait waits for (which it unblocks meanwhile): never dropped
 * as ignored, for the call takes them (Linux: blocked signals are never ignored). */
static uint64_t waited_for;

/* Tell the process server which signals it may drop and how children's ends go, when
 * that changed. */
static void tell_server(void)
{
	static uint64_t told_ignored = ~0ull;
	static uint32_t told_flags = ~0u;
	uint64_t ignored = 0;
	uint32_t flags = 0;

	for (int sig = 1; sig <= NSIG_LINUX; sig++)
		if (actions[sig].handler == (uint64_t)SIG_IGN ||
		    (actions[sig].handler == (uint64_t)SIG_DFL &&
		     (ignored_by_default(sig) || process.pid == INIT_PID)))
			ignored |= SIGNAL_BIT(sig);
	ignored &= ~waited_for;
	if (actions[SIGCHLD].handler == (uint64_t)SIG_IGN ||
	    (actions[SIGCHLD].flags & SA_NOCLDWAIT))
		flags |= SIGNAL_NOCLDWAIT;
	if (actions[SIGCHLD].flags & SA_NOCLDSTOP)
		flags |= SIGNAL_NOCLDSTOP;
	if (ignored == told_ignored && flags == told_flags)
		return;
	if (!rpc_proc_sigstate(process.proc, ignored, flags))
		told_ignored = ignored, told_flags = flags;
}

void signal_action_reset(int sig)
{
	actions[sig] = (struct linux_sigaction){ 0 };
	tell_server();
}

SYSCALL4(rt_sigaction, int, sig, const struct linux_sigaction *, act, struct linux_sigaction *, old,
	 uint64_t, setsize)
{
	if (setsize != 8 || sig < 1 || sig > NSIG_LINUX)
		return -EINVAL;
	if ((act && !user_whole(act, sizeof(*act))) || (old && !user_whole(old, sizeof(*old))))
		return -EFAULT;
	if (act && (sig == SIGKILL || sig == SIGSTOP))
		return -EINVAL;
	if (old)
		*old = actions[sig];
	if (act) {
		actions[sig] = *act;
		actions[sig].mask &= ~UNBLOCKABLE;
		tell_server();
	}
	return 0;
}

SYSCALL4(rt_sigprocmask, int, how, const uint64_t *, set, uint64_t *, old, uint64_t, setsize)
{
	struct emul_thread *t = this_thread();
	uint64_t was = t->blocked, now = was;

	if (setsize != 8)
		return -EINVAL;
	if ((set && !user_whole(set, 8)) || (old && !user_whole(old, 8)))
		return -EFAULT;
	if (set) {
		switch (how) {
		case SIG_BLOCK:
			now |= *set;
			break;
		case SIG_UNBLOCK:
			now &= ~*set;
			break;
		case SIG_SETMASK:
			now = *set;
			break;
		default:
			return -EINVAL;
		}
	}
	if (old)
		*old = was;
	t->blocked = now & ~UNBLOCKABLE; /* what it unblocked is delivered as the call returns */
	return 0;
}

SYSCALL2(rt_sigpending, uint64_t *, set, uint64_t, setsize)
{
	struct emul_thread *t = this_thread();

	if (setsize > 8)
		return -EINVAL;
	if (!user_whole(set, setsize))
		return -EFAULT;
	uint64_t pending = t->signal_pending & t->blocked;
	memcpy(set, &pending, setsize);
	return 0;
}

int64_t signal_wait(struct emul_thread *t, uint64_t deadline_ns)
{
	for (;;) {
		uint32_t seq = t->signal_seq;
		uint64_t now = 0;

		if (signal_ready(t))
			return 0;
		if (deadline_ns && (clock_now_ns(CLOCK_MONOTONIC, &now) || now >= deadline_ns))
			return -ETIMEDOUT;
		/* the server changes seq before it aborts the wait: no signal slips between */
		futex_wait((const uint32_t *)&t->signal_seq, seq, 0,
			   deadline_ns ? deadline_ns - now : 0);
	}
}

SYSCALL2(rt_sigsuspend, const uint64_t *, mask, uint64_t, setsize)
{
	struct emul_thread *t = this_thread();
	uint64_t m;

	if (setsize != 8)
		return -EINVAL;
	if (!user_whole(mask, 8))
		return -EFAULT;
	m = *mask;
	t->sigsuspend_mask = t->blocked;
	t->sigsuspended = 1;
	t->blocked = m & ~UNBLOCKABLE;
	signal_wait(t, 0);
	return -ERESTARTNOHAND;
}

/* The first pending signal of want, taken with its siginfo into info (if not NULL); 0
 * if none is. */
static int64_t take_one_of(struct emul_thread *t, uint64_t want, void *info)
{
	uint8_t si[128];
	uint32_t len = 0, flags = 0;

	if (!(t->signal_pending & want))
		return 0;
	int64_t sig = rpc_proc_sigtake(process.proc, (uint64_t)t, ~want, si, &len, &flags);
	if (sig > 0 && info && len == sizeof(si))
		memcpy(info, si, sizeof(si));
	return sig > 0 ? sig : 0;
}

/* Wait for one of set, blocked or not, and take it instead of delivering it. The
 * mask lets set through meanwhile, so that the process server wakes this thread. */
SYSCALL4(rt_sigtimedwait, const uint64_t *, set, void *, info, const struct __kernel_timespec *,
	 timeout, uint64_t, setsize)
{
	struct emul_thread *t = this_thread();
	uint64_t want, was = t->blocked, deadline = 0, now;
	int64_t r;

	if (setsize != 8)
		return -EINVAL;
	if (!user_whole(set, 8) || (info && !user_whole(info, 128)) ||
	    (timeout && !user_whole(timeout, sizeof(*timeout))))
		return -EFAULT;
	want = *set & ~UNBLOCKABLE;
	if (timeout) {
		if (timeout->tv_sec < 0 || timeout->tv_nsec < 0 || timeout->tv_nsec >= 1000000000)
			return -EINVAL;
		if ((r = clock_now_ns(CLOCK_MONOTONIC, &now)))
			return r;
		deadline = now + (uint64_t)timeout->tv_sec * 1000000000ull +
			   (uint64_t)timeout->tv_nsec;
	}
	waited_for = want;
	tell_server();
	t->blocked = was & ~want;
	for (;;) {
		if ((r = take_one_of(t, want, info)))
			break;
		if (t->signal_pending & ~was & ~want) {
			r = -EINTR; /* another signal: its handler runs as the call returns */
			break;
		}
		/* a deadline already passed (or a zero timeout) is only a look */
		if (signal_wait(t, deadline ? deadline : 0) == -ETIMEDOUT ||
		    (timeout && !deadline)) {
			r = take_one_of(t, want, info);
			r = r ? r : -EAGAIN;
			break;
		}
	}
	t->blocked = was;
	waited_for = 0;
	tell_server();
	return r;
}

SYSCALL0(pause)
{
	signal_wait(this_thread(), 0);
	return -ERESTARTNOHAND;
}

SYSCALL2(kill, int, pid, int, sig)
{
	return linux_result(rpc_proc_kill(process.proc, pid, sig));
}

SYSCALL2(tkill, int, tid, int, sig)
{
	return linux_result(rpc_proc_tgkill(process.proc, -1, tid, sig));
}

SYSCALL3(tgkill, int, tgid, int, tid, int, sig)
{
	return linux_result(rpc_proc_tgkill(process.proc, tgid, tid, sig));
}

/* sigqueue: the program's siginfo_t gives si_code and si_value; the process server
 * says who sent it. */
static int64_t queue(int tgid, int tid, int sig, const uint8_t *info)
{
	int32_t code;
	uint64_t value;

	if (!user_whole(info, 32))
		return -EFAULT;
	memcpy(&code, info + 8, sizeof(code));
	memcpy(&value, info + 24, sizeof(value));
	return linux_result(rpc_proc_sigqueue(process.proc, tgid, tid, sig, code, value));
}

SYSCALL3(rt_sigqueueinfo, int, tgid, int, sig, const uint8_t *, info)
{
	return queue(tgid, 0, sig, info);
}

SYSCALL4(rt_tgsigqueueinfo, int, tgid, int, tid, int, sig, const uint8_t *, info)
{
	return tid > 0 ? queue(tgid, tid, sig, info) : -EINVAL;
}

/* Whether sp is on the thread's alternate signal stack. */
static int on_altstack(const struct emul_thread *t, uint64_t sp)
{
	return t->altstack_size && sp > t->altstack_sp && sp - t->altstack_sp <= t->altstack_size;
}

int signal_altstack_flags(const struct emul_thread *t, uint64_t sp)
{
	if (!t->altstack_size)
		return SS_DISABLE;
	return on_altstack(t, sp) ? SS_ONSTACK : 0;
}

int64_t sys_sigaltstack(struct frame *f)
{
	struct emul_thread *t = this_thread();
	const stack_t *ss = (const stack_t *)f->rdi;
	stack_t *old = (stack_t *)f->rsi;

	if ((ss && !user_whole(ss, sizeof(*ss))) || (old && !user_whole(old, sizeof(*old))))
		return -EFAULT;
	if (old)
		*old = (stack_t){ .ss_sp = (void *)t->altstack_sp,
				  .ss_flags = signal_altstack_flags(t, f->rsp),
				  .ss_size = t->altstack_size };
	if (!ss)
		return 0;
	stack_t want = *ss;
	if (on_altstack(t, f->rsp))
		return -EPERM;
	if (want.ss_flags != 0 && want.ss_flags != SS_DISABLE && want.ss_flags != SS_ONSTACK)
		return -EINVAL;
	if (want.ss_flags == SS_DISABLE) {
		t->altstack_sp = t->altstack_size = 0;
		return 0;
	}
	if (want.ss_size < MINSIGSTKSZ)
		return -ENOMEM;
	t->altstack_sp = (uint64_t)want.ss_sp;
	t->altstack_size = want.ss_size;
	return 0;
}

void signal_forked(void)
{
	tell_server();
}

void signal_reset_on_exec(void)
{
	struct emul_thread *t = this_thread();

	for (int sig = 1; sig <= NSIG_LINUX; sig++)
		if (actions[sig].handler != (uint64_t)SIG_IGN)
			actions[sig] = (struct linux_sigaction){ 0 };
	t->altstack_sp = t->altstack_size = 0;
	tell_server();
}

int64_t signal_broken_pipe(void)
{
	rpc_proc_tgkill(process.proc, process.pid, this_thread()->tid, SIGPIPE);
	return -EPIPE;
}
