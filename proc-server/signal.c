/*
 * Signals, the server's half. emul keeps what a process does with each signal and the
 * mask of each thread; the server keeps what is pending, decides who may send, and
 * wakes the thread that should look: it writes the thread's view of what is pending
 * into its emul block (lib/include/emul_start.h) and then
 *  - a thread in emul (in a call) is aborted out of any wait: emul looks before it
 *    returns to the program, and cuts short a call that waits (proc.interrupt,
 *    fs.interrupt);
 *  - a thread in the program's code is stopped, its registers saved in its block, and
 *    sent to emul's signal vector, which looks at once;
 *  - a thread in emul_return, past its last look, is let run on and stopped again.
 * proc.sigtake then hands emul one signal at a time with its siginfo.
 */
#include <emul_start.h>
#include <errno.h>
#include <masque/error.h>
#include <masque/thread.h>
#include <notify.h>
#include <proc.h>
#include <rpc.h>
#include <self.h>
#include <stdlib.h>
#include <string.h>
#include <trap.h>
#include "create.h"
#include "exec_single.h"
#include "ops.h"
#include "pending.h"
#include "signal.h"
#include "wait.h"

#define SI_USER	 0
#define SI_TKILL (-6)

#define BIT(sig) (1ull << ((sig)-1))
/* Faults first, as Linux takes them: the thread cannot go on without them. */
#define SYNCHRONOUS (BIT(4) | BIT(5) | BIT(7) | BIT(8) | BIT(11) | BIT(31))
#define POKE_TRIES  100
#define SIGCONT	    18
#define SIGSTOP	    19
#define STOPS	    (BIT(SIGSTOP) | BIT(20) | BIT(21) | BIT(22))

/* Linux's siginfo_t for x86-64: the fields signals from here use. */
struct linux_siginfo {
	int32_t signo, error, code, pad;
	union {
		struct {
			int32_t pid;
			uint32_t uid;
			int32_t status;
		} proc;
		struct {
			int32_t pid;
			uint32_t uid;
			uint64_t value;
		} queue;
		uint64_t addr;
	} u;
	uint8_t rest[128 - 32];
};
_Static_assert(sizeof(struct linux_siginfo) == 128, "siginfo_t is 128 bytes");

static struct thread_rec *thread_by_block(struct process *p, uint64_t block)
{
	struct thread_rec *t = p->threads;

	while (t && t->block != block)
		t = t->next;
	return t;
}

/* The process's parent into t's emul block, where getppid finds it without a call. */
static void publish_ppid(struct process *p, struct thread_rec *t)
{
	if (t->block)
		vm_write(p->task, t->block + EMUL_BLOCK_PPID, &p->ppid, sizeof(p->ppid));
}

void signal_parent_changed(struct process *p)
{
	for (struct thread_rec *t = p->threads; t; t = t->next)
		publish_ppid(p, t);
}

int64_t signal_add_thread(struct process *p, int32_t tid, port_name_t port, uint64_t block)
{
	struct thread_rec *t = calloc(1, sizeof(*t));

	if (!t || port_request_notify(port, NOTIFY_DEAD_NAME, deaths_port)) {
		free(t);
		port_mod_refs(port, RIGHT_SEND, -1);
		return -EAGAIN;
	}
	t->tid = tid;
	t->port = port;
	t->block = block;
	/* the first thread stays first: it takes what no other can */
	struct thread_rec **link = &p->threads;
	while (*link)
		link = &(*link)->next;
	*link = t;
	publish_ppid(p, t);
	return 0;
}

static void thread_free(struct thread_rec *t)
{
	port_destroy(t->port);
	pending_discard(&t->pending, ~0ull);
	free(t);
}

/* The record in list whose port is name: unlinked and freed; whether there was one. */
static int forget_thread(struct thread_rec **list, port_name_t name)
{
	for (struct thread_rec **link = list; *link; link = &(*link)->next)
		if ((*link)->port == name) {
			struct thread_rec *t = *link;
			*link = t->next;
			thread_free(t);
			return 1;
		}
	return 0;
}

int signal_thread_gone(port_name_t name)
{
	for (struct process *p = process_first(); p; p = p->next) {
		if (forget_thread(&p->threads, name))
			return 1;
		if (forget_thread(&p->ending, name)) {
			if (!p->ending)
				exec_single_done(p);
			return 1;
		}
	}
	return 0;
}

void signal_forget_threads(struct process *p)
{
	pending_discard(&p->pending, ~0ull);
	signal_drop_threads(p);
}

/* Every record of list freed. */
static void free_threads(struct thread_rec **list)
{
	while (*list) {
		struct thread_rec *t = *list;
		*list = t->next;
		thread_free(t);
	}
}

void signal_drop_threads(struct process *p)
{
	exec_single_done(p); /* its caller was one of them: nobody to answer */
	free_threads(&p->threads);
	free_threads(&p->ending);
}

int64_t signal_end_other_threads(struct process *p, port_name_t keep)
{
	struct thread_rec **link = &p->threads, *kept;

	while (*link && (*link)->port != keep)
		link = &(*link)->next;
	if (!(kept = *link))
		return -ESRCH;
	*link = kept->next;
	while (p->threads) {
		struct thread_rec *t = p->threads;
		p->threads = t->next;
		thread_terminate(t->port); /* a dead name already: its notice is on its way */
		t->next = p->ending;
		p->ending = t;
	}
	kept->next = NULL;
	kept->tid = p->pid;
	p->threads = kept;
	return 0;
}

/* Tell t what is pending for it, as its block shows emul. */
static void publish(struct process *p, struct thread_rec *t)
{
	struct {
		uint64_t pending;
		uint32_t seq;
	} view = { p->pending.set | t->pending.set, ++t->seq };

	_Static_assert(EMUL_BLOCK_SEQ == EMUL_BLOCK_PENDING + 8, "one write");
	vm_write(p->task, t->block + EMUL_BLOCK_PENDING, &view, 12);
}

void signal_publish_copy(struct process *child)
{
	for (struct thread_rec *t = child->threads; t; t = t->next)
		publish(child, t);
}

static int blocks(struct process *p, struct thread_rec *t, uint64_t bit)
{
	uint64_t blocked;

	return !vm_read(p->task, t->block + EMUL_BLOCK_BLOCKED, &blocked, sizeof(blocked)) &&
	       (blocked & bit);
}

/* Send t, stopped in the program at st, to emul's signal vector. */
static void redirect(struct process *p, struct thread_rec *t, struct thread_state *st,
		     uint64_t text)
{
	if (vm_write(p->task, t->block + EMUL_BLOCK_INTERRUPTED, st, sizeof(*st)))
		return; /* its block is gone: it looks at its next call */
	st->rip = text + EMUL_VECTOR_SIGNAL;
	thread_set_state(t->port, st);
}

/* Make t look at its pending signals soon. A thread on emul's way out that does not
 * move on (its process is stopped) is poked again when its process continues. */
static void poke(struct process *p, struct thread_rec *t)
{
	struct thread_state st;
	uint64_t start, end;

	emul_text(&start, &end);
	t->unpoked = 0;
	for (int tries = 0; tries < POKE_TRIES; tries++) {
		if (thread_suspend(t->port))
			return;
		if (thread_get_state(t->port, &st)) {
			thread_resume(t->port);
			return;
		}
		if (st.rip >= start + EMUL_RETURN_START && st.rip < start + EMUL_VECTORS_SIZE) {
			thread_resume(t->port); /* on its way out: catch it in the program */
			thread_yield();
			continue;
		}
		if (st.rip >= start && st.rip < end)
			thread_abort(t->port);
		else
			redirect(p, t, &st, start);
		thread_resume(t->port);
		return;
	}
	t->unpoked = 1;
}

void signal_continued(struct process *p)
{
	for (struct thread_rec *t = p->threads; t; t = t->next)
		if (t->unpoked)
			poke(p, t);
}

/* Forget the pending signals of set, for the process and every thread. */
static void discard(struct process *p, uint64_t set)
{
	pending_discard(&p->pending, set);
	for (struct thread_rec *t = p->threads; t; t = t->next) {
		pending_discard(&t->pending, set);
		publish(p, t);
	}
}

/* The thread that should take a signal for the process: the first that does not
 * block it; NULL if all do. */
static struct thread_rec *taker(struct process *p, uint64_t bit)
{
	struct thread_rec *t = p->threads;

	while (t && blocks(p, t, bit))
		t = t->next;
	return t;
}

/* The thread to wake for a signal to thread `to` (NULL: to the process). */
static struct thread_rec *taker_of(struct process *p, struct thread_rec *to, uint64_t bit)
{
	return to ? (blocks(p, to, bit) ? NULL : to) : taker(p, bit);
}

int64_t signal_send(struct process *p, struct thread_rec *to, int sig, const struct sig_info *info)
{
	uint64_t bit = BIT(sig);
	int64_t r;

	if (p->wait_status >= 0 || sig == 0)
		return 0;
	if (p->pid == INIT_PID && (sig == SIGKILL || sig == SIGSTOP))
		return 0; /* as on Linux: nothing kills or stops init but its own faults */
	if (sig == SIGKILL) {
		process_end(p, SIGKILL);
		return 0;
	}
	/* a stop cancels a pending continue and a continue every pending stop, at once */
	if (BIT(sig) & STOPS)
		discard(p, BIT(SIGCONT));
	if (sig == SIGCONT) {
		discard(p, STOPS);
		process_continue(p);
	}
	if (sig == SIGSTOP) {
		process_stop(p, SIGSTOP);
		return 0;
	}
	if ((p->ignored & bit) && !(info->flags & SIGNAL_FORCED) &&
	    (taker_of(p, to, bit) || !p->threads))
		return 0; /* ignored, and not blocked: gone at once, as on Linux */
	if ((r = pending_add(to ? &to->pending : &p->pending, sig, info)))
		return r;
	for (struct thread_rec *t = p->threads; t; t = t->next)
		if (!to || t == to)
			publish(p, t);
	/* Who takes it is decided once it is published, never before: this server may be
	 * preempted between two traps, and a thread that unblocks the signal meanwhile (a
	 * sigtimedwait) looks at its block after it wrote its mask. So either it sees the
	 * signal there, or its mask is seen here and it is poked. */
	struct thread_rec *target = taker_of(p, to, bit);
	if (target || (to && (info->flags & SIGNAL_FORCED)))
		poke(p, to ? to : target);
	return 0;
}

int64_t signal_fault(struct process *p, port_name_t thread, int sig, const struct sig_info *info)
{
	struct thread_state st;
	struct thread_rec *t;
	uint64_t start, end;
	int64_t r = thread_get_state(thread, &st);

	if (r)
		return r;
	if (!(t = thread_by_block(p, st.gs_base)))
		return -ESRCH;
	emul_text(&start, &end);
	pending_discard(&t->pending, BIT(sig)); /* a fault's own siginfo, whatever was there */
	pending_add(&t->pending, sig, info);
	publish(p, t);
	if ((r = vm_write(p->task, t->block + EMUL_BLOCK_INTERRUPTED, &st, sizeof(st))))
		return r;
	st.rip = start + EMUL_VECTOR_SIGNAL;
	return thread_set_state(thread, &st);
}

/* The signal to take among ready: a fault first, else the lowest number. */
static int first_signal(uint64_t ready)
{
	uint64_t sync = ready & SYNCHRONOUS;

	return __builtin_ctzll(sync ? sync : ready) + 1;
}

static void fill_siginfo(struct linux_siginfo *si, int sig, const struct sig_info *in)
{
	*si = (struct linux_siginfo){ .signo = sig, .code = in->code };
	if (in->flags & SIGNAL_FORCED)
		si->u.addr = in->addr;
	else if (in->code < 0 && in->code != SI_TKILL) /* sigqueue's: with si_value */
		si->u.queue.pid = in->pid, si->u.queue.uid = in->uid, si->u.queue.value = in->value;
	else
		si->u.proc.pid = in->pid, si->u.proc.uid = in->uid, si->u.proc.status = in->status;
}

int64_t proc_sigtake(struct rpc_ctx *ctx, uint64_t block, uint64_t blocked, void *info,
		     uint32_t *info_len, uint32_t *flags)
{
	struct process *p = process_by_port(ctx->local);
	struct thread_rec *t;
	uint64_t forced = 0, ready;

	*info_len = 0;
	*flags = 0;
	if (!p)
		return -ESRCH;
	if ((t = thread_by_block(p, block)))
		for (int sig = 1; sig <= NSIG_LINUX; sig++)
			if ((t->pending.set & BIT(sig)) &&
			    (pending_peek(&t->pending, sig)->flags & SIGNAL_FORCED))
				forced |= BIT(sig);
	ready = ((p->pending.set | (t ? t->pending.set : 0)) & ~blocked) | forced;
	if (!ready) {
		if (t) /* what its block showed was stale: now it is not */
			publish(p, t);
		return 0;
	}
	int sig = first_signal(ready);
	struct pending *q = t && (t->pending.set & BIT(sig)) ? &t->pending : &p->pending;
	struct sig_info taken = pending_take(q, sig);
	fill_siginfo(info, sig, &taken);
	*info_len = sizeof(struct linux_siginfo);
	*flags = taken.flags;
	for (struct thread_rec *u = p->threads; u; u = u->next)
		if (q == &p->pending || u == t)
			publish(p, u);
	return sig;
}

int64_t proc_sigstate(struct rpc_ctx *ctx, uint64_t ignored, uint32_t flags)
{
	struct process *p = process_by_port(ctx->local);

	if (!p)
		return -ESRCH;
	p->ignored = ignored & ~BIT(SIGKILL) & ~BIT(19);
	p->sig_flags = flags & (SIGNAL_NOCLDWAIT | SIGNAL_NOCLDSTOP);
	return 0;
}

int64_t proc_main_block(struct rpc_ctx *ctx, uint64_t block)
{
	struct process *p = process_by_port(ctx->local);

	if (!p || !p->threads)
		return -ESRCH;
	p->threads->block = block;
	publish(p, p->threads);
	publish_ppid(p, p->threads);
	return 0;
}

int64_t proc_new_thread(struct rpc_ctx *ctx, port_name_t thread, uint64_t block)
{
	struct process *p = process_by_port(ctx->local);
	int32_t tid;
	int64_t r;

	if (!p) {
		port_mod_refs(thread, RIGHT_SEND, -1);
		return -ESRCH;
	}
	tid = pid_allocate();
	if ((r = signal_add_thread(p, tid, thread, block)))
		return r;
	return tid;
}

/* Whether sender may signal target, as Linux decides: root may signal anyone, others
 * a process whose real or saved uid is their real or effective one. */
static int may_signal(const struct process *sender, const struct process *target)
{
	const uint32_t *from = sender->cred.uid, *to = target->cred.uid;

	return from[1] == 0 || from[0] == to[0] || from[0] == to[2] || from[1] == to[0] ||
	       from[1] == to[2];
}

/* Whether kill's pid names p (for a caller `from`): a group, or all but init and the
 * caller. */
static int kill_names(const struct process *from, int32_t pid, const struct process *p)
{
	if (pid == 0)
		return p->pgid == from->pgid;
	if (pid == -1)
		return p != from && p->pid != INIT_PID;
	return p->pgid == -pid;
}

/* sig with info from `from` to process pid. */
static int64_t send_to_process(struct process *from, int32_t pid, int sig,
			       const struct sig_info *info)
{
	struct process *p = process_by_pid(pid);

	if (!p) /* init, when it is the server: it takes no signal */
		return pid == INIT_PID ? 0 : -ESRCH;
	if (!may_signal(from, p))
		return -EPERM;
	return signal_send(p, 0, sig, info);
}

/* sig with info from `from` to thread tid of process tgid (-1: of any). */
static int64_t send_to_thread(struct process *from, int32_t tgid, int32_t tid, int sig,
			      const struct sig_info *info)
{
	for (struct process *p = process_first(); p; p = p->next) {
		if (p->wait_status >= 0 || (tgid != -1 && p->pid != tgid))
			continue;
		for (struct thread_rec *t = p->threads; t; t = t->next)
			if (t->tid == tid)
				return may_signal(from, p) ? signal_send(p, t, sig, info) : -EPERM;
	}
	return -ESRCH;
}

/* What a signal from p says of its sender. */
static struct sig_info sent_by(const struct process *p, int32_t code)
{
	return (struct sig_info){ .code = code, .pid = p->pid, .uid = p->cred.uid[0] };
}

int64_t proc_kill(struct rpc_ctx *ctx, int32_t pid, int32_t sig)
{
	struct process *from = process_by_port(ctx->local);
	int found = 0, allowed = 0;

	if (!from)
		return -ESRCH;
	if (sig < 0 || sig > NSIG_LINUX)
		return -EINVAL;
	struct sig_info info = sent_by(from, SI_USER);
	if (pid > 0)
		return send_to_process(from, pid, sig, &info);
	if (pid == INT32_MIN)
		return -ESRCH;
	for (struct process *p = process_first(), *next; p; p = next) {
		next = p->next; /* SIGKILL may end p */
		if (p->wait_status >= 0 || !kill_names(from, pid, p))
			continue;
		found = 1;
		if (!may_signal(from, p))
			continue;
		allowed = 1;
		signal_send(p, 0, sig, &info);
	}
	return !found ? -ESRCH : allowed ? 0 : -EPERM;
}

int64_t proc_tgkill(struct rpc_ctx *ctx, int32_t tgid, int32_t tid, int32_t sig)
{
	struct process *from = process_by_port(ctx->local);

	if (!from)
		return -ESRCH;
	if (sig < 0 || sig > NSIG_LINUX || tid <= 0 || (tgid <= 0 && tgid != -1))
		return -EINVAL;
	struct sig_info info = sent_by(from, SI_TKILL);
	return send_to_thread(from, tgid, tid, sig, &info);
}

int64_t proc_sigqueue(struct rpc_ctx *ctx, int32_t tgid, int32_t tid, int32_t sig, int32_t code,
		      uint64_t value)
{
	struct process *from = process_by_port(ctx->local);

	if (!from)
		return -ESRCH;
	if (sig < 0 || sig > NSIG_LINUX || tgid <= 0 || tid < 0)
		return -EINVAL;
	/* a code the kernel uses is the kernel's to send, but to oneself (as Linux) */
	if ((code >= 0 || code == SI_TKILL) && tgid != from->pid)
		return -EPERM;
	struct sig_info info = sent_by(from, code);
	info.value = value;
	return tid ? send_to_thread(from, tgid, tid, sig, &info)
		   : send_to_process(from, tgid, sig, &info);
}
