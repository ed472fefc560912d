/*
 * Delivery: a signal the process server hands over (proc.sigtake) is ignored, does its
 * default action, or runs its handler on a Linux rt_sigframe (siginfo, ucontext, the
 * FPU and SSE state) built on the program's stack or the alternate one; rt_sigreturn
 * takes it down again. A call a signal interrupted is restarted or fails with EINTR
 * as Linux decides. emul runs with the general registers only, so the FPU state it
 * saves is the program's.
 */
#include <asm/sigcontext.h>
#include <asm/signal.h>
#include <asm/ucontext.h>
#include <asm/unistd_64.h>
#include <emul_start.h>
#include <errno.h>
#include <linux/signal.h>
#include <ipc.h>
#include <proc.h>
#include <fs.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include "frame.h"
#include "process.h"
#include "signal.h"
#include "syscall.h"
#include "thread.h"
#include "user.h"

#define FXSAVE_SIZE 512
/* the flags a handler or sigreturn may set (Linux's FIX_EFLAGS but RF) */
#define USER_FLAGS 0x40dd5
#define FLAG_TF	   0x100
#define FLAG_DF	   0x400

struct rt_sigframe {
	uint64_t pretcode; /* the restorer: where the handler returns */
	struct ucontext uc;
	uint8_t info[128]; /* siginfo_t */
};

/* Calls that Linux restarts after a handler with SA_RESTART (and always when no
 * handler ran): those that wait for something that may never come. */
static int restartable(uint64_t n)
{
	switch (n) {
	case __NR_read:
	case __NR_write:
	case __NR_readv:
	case __NR_writev:
	case __NR_pread64:
	case __NR_pwrite64:
	case __NR_open:
	case __NR_openat:
	case __NR_wait4:
	case __NR_waitid:
	case __NR_futex:
	case __NR_ioctl:
	case __NR_fcntl:
	case __NR_flock:
		return 1;
	}
	return 0;
}

/* Calls that a handler always ends with EINTR, and that are restarted only when no
 * handler ran. */
static int restartable_unhandled(uint64_t n)
{
	switch (n) {
	case __NR_nanosleep:
	case __NR_clock_nanosleep:
	case __NR_poll:
	case __NR_ppoll:
	case __NR_select:
	case __NR_pselect6:
		return 1;
	}
	return 0;
}

/* Go back to the call's syscall instruction with its number, as Linux restarts. */
static void restart(struct frame *f, const struct emul_thread *t)
{
	f->rax = (uint64_t)t->call;
	f->rip -= 2;
}

/* A handler runs: the interrupted call restarts or fails with EINTR. */
static void end_call_for_handler(struct frame *f, struct emul_thread *t,
				 const struct linux_sigaction *a)
{
	switch ((int64_t)f->rax) {
	case -ERESTARTNOHAND:
		f->rax = (uint64_t)-EINTR;
		break;
	case -ERESTARTSYS:
		if (!(a->flags & SA_RESTART)) {
			f->rax = (uint64_t)-EINTR;
			break;
		}
		/* fall through */
	case -ERESTARTNOINTR:
		restart(f, t);
		break;
	}
}

static void end_call_unhandled(struct frame *f, struct emul_thread *t)
{
	switch ((int64_t)f->rax) {
	case -ERESTARTNOHAND:
	case -ERESTARTSYS:
	case -ERESTARTNOINTR:
		restart(f, t);
		break;
	}
}

/* The default action of sig. */
static void default_action(int sig)
{
	switch (sig) {
	case SIGCHLD:
	case SIGCONT:
	case SIGURG:
	case SIGWINCH:
		return;
	case SIGSTOP:
	case SIGTSTP:
	case SIGTTIN:
	case SIGTTOU:
		rpc_proc_stop(process.proc, sig); /* until SIGCONT: the server suspends us */
		return;
	}
	process_exit(sig);
}

static void save_context(struct sigcontext *c, const struct frame *f)
{
	*c = (struct sigcontext){
		.r8 = f->r8,
		.r9 = f->r9,
		.r10 = f->r10,
		.r11 = f->r11,
		.r12 = f->r12,
		.r13 = f->r13,
		.r14 = f->r14,
		.r15 = f->r15,
		.rdi = f->rdi,
		.rsi = f->rsi,
		.rbp = f->rbp,
		.rbx = f->rbx,
		.rdx = f->rdx,
		.rax = f->rax,
		.rcx = f->rcx,
		.rsp = f->rsp,
		.rip = f->rip,
		.eflags = f->rflags,
		.cs = 0x33,
		.ss = 0x2b,
	};
}

static void restore_context(struct frame *f, const struct sigcontext *c)
{
	f->r8 = c->r8, f->r9 = c->r9, f->r10 = c->r10, f->r11 = c->r11;
	f->r12 = c->r12, f->r13 = c->r13, f->r14 = c->r14, f->r15 = c->r15;
	f->rdi = c->rdi, f->rsi = c->rsi, f->rbp = c->rbp, f->rbx = c->rbx;
	f->rdx = c->rdx, f->rax = c->rax, f->rcx = c->rcx, f->rsp = c->rsp;
	f->rip = c->rip;
	f->rflags = (f->rflags & ~(uint64_t)USER_FLAGS) | (c->eflags & USER_FLAGS);
}

/* Build sig's frame for handler a on the right stack and point f at the handler, with
 * mask the mask to return to; 0, or -EFAULT if the stack cannot take it. */
static int64_t setup_frame(struct frame *f, int sig, const uint8_t *info,
			   const struct linux_sigaction *a, uint64_t mask)
{
	struct emul_thread *t = this_thread();
	uint8_t fx[FXSAVE_SIZE] __attribute__((aligned(16)));
	struct rt_sigframe fr;
	uint64_t sp = f->rsp;

	if (!(a->flags & SA_RESTORER))
		return -EFAULT; /* x86-64 has no default return path: Linux refuses too */
	if ((a->flags & SA_ONSTACK) && signal_altstack_flags(t, sp) == 0)
		sp = t->altstack_sp + t->altstack_size;
	else
		sp -= 128; /* the red zone */
	sp = (sp - FXSAVE_SIZE) & ~63ull;
	uint64_t fpstate = sp;
	sp = ((sp - sizeof(fr)) & ~15ull) - 8;

	memset(&fr, 0, sizeof(fr));
	fr.pretcode = a->restorer;
	fr.uc.uc_flags = UC_SIGCONTEXT_SS | UC_STRICT_RESTORE_SS;
	fr.uc.uc_stack = (stack_t){ .ss_sp = (void *)t->altstack_sp,
				    .ss_flags = signal_altstack_flags(t, f->rsp),
				    .ss_size = t->altstack_size };
	save_context(&fr.uc.uc_mcontext, f);
	fr.uc.uc_mcontext.fpstate = (struct _fpstate *)fpstate;
	fr.uc.uc_mcontext.oldmask = mask;
	if (sig == SIGSEGV || sig == SIGBUS)
		memcpy(&fr.uc.uc_mcontext.cr2, info + 16, 8);
	fr.uc.uc_sigmask = mask;
	memcpy(fr.info, info, sizeof(fr.info));
	__asm__ volatile("fxsave64 %0" : "=m"(fx));
	if (!user_whole((void *)sp, fpstate + FXSAVE_SIZE - sp))
		return -EFAULT; /* a stack in emul's memory or above: no frame there */
	if (user_copy((void *)fpstate, fx, sizeof(fx)) || user_copy((void *)sp, &fr, sizeof(fr)))
		return -EFAULT;
	/* the handler starts with the FPU as a new program has it, as on Linux */
	__asm__ volatile("fninit");
	f->rsp = sp;
	f->rip = a->handler;
	f->rdi = (uint64_t)sig;
	f->rsi = sp + offsetof(struct rt_sigframe, info);
	f->rdx = sp + offsetof(struct rt_sigframe, uc);
	f->rax = 0;
	f->rflags &= ~(uint64_t)(FLAG_DF | FLAG_TF);
	return 0;
}

/* Act on sig as the process says; in_call: f->rax is an interrupted call's result,
 * which the first handler settles (then *in_call is 0). */
static void act_on(struct frame *f, int sig, const uint8_t *info, uint32_t flags, int *in_call)
{
	struct emul_thread *t = this_thread();
	struct linux_sigaction *a = signal_action(sig);
	uint64_t bit = SIGNAL_BIT(sig);

	if ((flags & SIGNAL_FORCED) && (a->handler == (uint64_t)SIG_IGN || (t->blocked & bit))) {
		t->blocked &= ~bit; /* a fault cannot be blocked or ignored: Linux's force_sig */
		signal_action_reset(sig);
	}
	if (a->handler == (uint64_t)SIG_IGN)
		return;
	if (a->handler == (uint64_t)SIG_DFL) {
		if (process.pid != INIT_PID || (flags & SIGNAL_FORCED))
			default_action(sig);
		return;
	}
	if (*in_call)
		end_call_for_handler(f, t, a);
	*in_call = 0;
	uint64_t mask = t->sigsuspended ? t->sigsuspend_mask : t->blocked;
	struct linux_sigaction run = *a;
	if (setup_frame(f, sig, info, &run, mask) < 0)
		process_exit(SIGSEGV); /* no room for the frame: Linux's force_sigsegv */
	t->sigsuspended = 0;
	t->blocked = (mask | run.mask | ((run.flags & SA_NODEFER) ? 0 : bit)) & ~UNBLOCKABLE;
	if (run.flags & SA_RESETHAND)
		signal_action_reset(sig);
}

/* Take and act on every signal deliverable now (look: ask even if the block shows
 * none, as after a fault, whose signal may be blocked). */
static void deliver(struct frame *f, int in_call, int look)
{
	struct emul_thread *t = this_thread();

	while (look || signal_ready(t)) {
		uint8_t info[128];
		uint32_t len = 0, flags = 0;
		int64_t sig =
			rpc_proc_sigtake(process.proc, (uint64_t)t, t->blocked, info, &len, &flags);
		look = 0;
		if (sig <= 0 || sig > NSIG_LINUX || len != sizeof(info))
			break; /* nothing: the server wrote the block anew (only it writes there) */
		act_on(f, (int)sig, info, flags, &in_call);
	}
	if (t->sigsuspended) { /* no handler ran: sigsuspend starts again from its old mask */
		t->blocked = t->sigsuspend_mask;
		t->sigsuspended = 0;
	}
	if (in_call)
		end_call_unhandled(f, t);
}

void signal_after_call(struct frame *f, uint64_t n)
{
	struct emul_thread *t = this_thread();

	if ((int64_t)f->rax == -EINTR && (restartable(n) || restartable_unhandled(n)))
		f->rax = (uint64_t)(restartable(n) ? -ERESTARTSYS : -ERESTARTNOHAND);
	t->call = (int64_t)n;
	if (n == __NR_rt_sigreturn)
		return; /* f is the program's state as it was, rax included */
	if (signal_ready(t) ||
	    (f->rax >= (uint64_t)-ERESTARTNOHAND && f->rax <= (uint64_t)-ERESTARTSYS))
		deliver(f, 1, 0);
}

/* emul_return found a signal pending as it left. */
void signal_deliver(struct frame *f)
{
	deliver(f, 0, 0);
}

/* The signal vector: the process server stopped the thread in the program, its
 * registers in the block. */
void signal_interrupted(struct frame *f)
{
	const struct thread_state *s = &this_thread()->interrupted;

	*f = (struct frame){
		.rax = s->rax,
		.rbx = s->rbx,
		.rcx = s->rcx,
		.rdx = s->rdx,
		.rsi = s->rsi,
		.rdi = s->rdi,
		.rbp = s->rbp,
		.r8 = s->r8,
		.r9 = s->r9,
		.r10 = s->r10,
		.r11 = s->r11,
		.r12 = s->r12,
		.r13 = s->r13,
		.r14 = s->r14,
		.r15 = s->r15,
		.rip = s->rip,
		.rflags = s->rflags,
		.rsp = s->rsp,
	};
	deliver(f, 0, 1);
}

int64_t sys_rt_sigreturn(struct frame *f)
{
	struct emul_thread *t = this_thread();
	uint8_t fx[FXSAVE_SIZE] __attribute__((aligned(16)));
	struct rt_sigframe fr;

	/* the handler's ret took the return address: the frame starts 8 bytes lower */
	if (user_copy(&fr, (const void *)(f->rsp - 8), sizeof(fr)))
		process_exit(SIGSEGV);
	if (fr.uc.uc_mcontext.fpstate) {
		if (user_copy(fx, fr.uc.uc_mcontext.fpstate, sizeof(fx)))
			process_exit(SIGSEGV);
		uint32_t mxcsr;
		memcpy(&mxcsr, fx + 24, 4);
		mxcsr &= 0xffbf; /* bits the CPU refuses would fault fxrstor */
		memcpy(fx + 24, &mxcsr, 4);
		__asm__ volatile("fxrstor64 %0" : : "m"(fx));
	}
	restore_context(f, &fr.uc.uc_mcontext);
	t->blocked = fr.uc.uc_sigmask & ~UNBLOCKABLE;
	return (int64_t)f->rax;
}

/* A call waiting for an answer was aborted (a signal came): where the call can be
 * cut short, ask; the answer still comes (lib/ipc.c waits for it). */
void msg_call_interrupted(void)
{
	struct emul_thread *t = this_thread();
	port_name_t to = t->interrupt_to;

	if (to == PORT_NULL)
		return;
	t->interrupt_to = PORT_NULL;
	if (t->interrupt_proc)
		rpc_proc_interrupt(to);
	else
		rpc_fs_interrupt(to);
}
