/*
 * The program's threads: emul's block for each (thread.h), clone with CLONE_THREAD (a
 * kernel thread in this task, its emul stack and block fresh, its frame a copy of the
 * caller's with the new stack, rax 0), a thread's exit (CLONE_CHILD_CLEARTID's word
 * cleared and woken, as pthread_join waits on it), and the reply port each thread
 * calls with.
 */
#include <errno.h>
#include <ipc.h>
#include <linux/sched.h>
#include <masque/thread.h>
#include <proc.h>
#include <string.h>
#include <masque/rights.h>
#include <masque/vm.h>
#include <self.h>
#include <trap.h>
#include "layout.h"
#include "errno_of.h"
#include "fd.h"
#include "lock.h"
#include "process.h"
#include "record_lock.h"
#include "syscall.h"
#include "thread.h"

/* The blocks of the process's threads, and those of threads that have ended, for new
 * threads: a thread cannot free the stack it ends on. */
static struct emul_thread *live, *spare;
static struct lock blocks_lock;
static uint32_t threads = 1; /* live threads of the process */

/* t into the list of live blocks. */
static void block_to_live(struct emul_thread *t)
{
	lock_take(&blocks_lock);
	t->next = live;
	live = t;
	lock_give(&blocks_lock);
}

struct emul_thread *thread_block_new(int32_t tid)
{
	struct emul_thread *t;
	int64_t at;

	lock_take(&blocks_lock);
	if ((t = spare))
		spare = t->next;
	lock_give(&blocks_lock);
	/* the block at the bottom of its stack's allocation, below the stack */
	at = t ? (int64_t)t : vm_allocate(self_task, EMUL_AREA, EMUL_THREAD_STACK, VM_ANYWHERE);
	if (at < 0)
		return 0;
	t = (struct emul_thread *)at;
	*t = (struct emul_thread){
		.self = t,
		.stack_top = (uint64_t)at + EMUL_THREAD_STACK,
		.ppid = -1,
		.tid = tid,
	};
	block_to_live(t);
	return t;
}

void thread_name_from_path(const char *path)
{
	const char *base = path;

	for (const char *p = path; *p; p++)
		if (*p == '/')
			base = p + 1;
	strlcpy(this_thread()->name, base, sizeof(this_thread()->name));
}

/* t is no thread's any more (or will be none once its thread has ended). */
static void block_to_spare(struct emul_thread *t)
{
	lock_take(&blocks_lock);
	struct emul_thread **link = &live;
	while (*link && *link != t)
		link = &(*link)->next;
	if (*link)
		*link = t->next;
	t->next = spare;
	spare = t;
	lock_give(&blocks_lock);
}

/* The blocks of live but me: to reuse; their reply ports destroyed if they are ours
 * (an exec's), else forgotten (a fork child's, whose parent has them). Only me runs,
 * and me is the process's one thread from now on. */
static void forget_other_blocks(struct emul_thread *me, int ours)
{
	blocks_lock = (struct lock){ 0 }; /* a thread that is gone may have held it */
	while (live) {
		struct emul_thread *t = live;
		live = t->next;
		if (t == me)
			continue;
		if (t->reply && ours)
			port_destroy(t->reply);
		t->reply = PORT_NULL;
		t->next = spare;
		spare = t;
	}
	me->next = NULL;
	live = me;
	__atomic_store_n(&threads, 1, __ATOMIC_RELAXED);
}

void thread_forked(void)
{
	forget_other_blocks(this_thread(), 0);
}

int64_t thread_single(void)
{
	struct emul_thread *me = this_thread();
	port_name_t thread;
	int64_t r;

	if (__atomic_load_n(&threads, __ATOMIC_RELAXED) == 1)
		return 0;
	if ((r = thread_self()) < 0)
		return linux_result(r);
	thread = (port_name_t)r;
	/* a copy of the send right: the server knows the caller by it, not by its word */
	if ((r = rpc_proc_exec_single(process.proc, thread)) < 0)
		return linux_result(r);
	forget_other_blocks(me, 1);
	fd_threads_ended();
	record_lock_threads_ended();
	me->tid = process.pid;
	return 0;
}

/* The generated client stubs call with this: one reply port per thread, as two
 * threads waiting for replies on one port could take each other's. */
port_name_t reply_port(void)
{
	struct emul_thread *t = this_thread();

	if (t->reply == PORT_NULL) {
		int64_t name = port_allocate(RIGHT_RECEIVE);

		if (name < 0)
			return PORT_NULL;
		t->reply = (port_name_t)name;
	}
	return t->reply;
}

extern void emul_thread_start(void);

/* A thread of this process, as clone asks: tid for the new one, or a negated errno. */
int64_t thread_clone(struct frame *f, uint64_t flags, uint64_t stack, int32_t *ptid, int32_t *ctid,
		     uint64_t tls)
{
	struct thread_state st;
	int64_t tid, thread, r;
	struct emul_thread *t;

	if (!(t = thread_block_new(0)))
		return -EAGAIN;
	t->blocked = this_thread()->blocked; /* a new thread has its creator's mask */
	memcpy(t->name, this_thread()->name, sizeof(t->name)); /* and its name */
	if (flags & CLONE_CHILD_CLEARTID)
		t->clear_child_tid = (uint64_t)ctid;
	struct frame *child = (struct frame *)(t->stack_top - sizeof(struct frame));
	*child = *f;
	child->rax = 0;
	child->rsp = stack;
	if ((r = thread_get_state(thread_self(), &st)))
		return linux_result(r);
	st = (struct thread_state){
		.rip = (uint64_t)emul_thread_start,
		.rsp = (uint64_t)child,
		.rdi = (uint64_t)child,
		.rflags = 0x202,
		.fs_base = flags & CLONE_SETTLS ? tls : st.fs_base,
		.gs_base = (uint64_t)t,
	};
	if ((thread = thread_create(self_task)) < 0) {
		block_to_spare(t);
		return linux_result(thread);
	}
	/* the process server learns of it before it runs: signals find it from the start */
	if ((r = thread_set_state((port_name_t)thread, &st)) ||
	    (r = tid = rpc_proc_new_thread(process.proc, (port_name_t)thread, (uint64_t)t)) < 0) {
		thread_terminate((port_name_t)thread);
		port_destroy((port_name_t)thread);
		block_to_spare(t);
		return linux_result(r);
	}
	t->tid = (int32_t)tid;
	if (flags & CLONE_PARENT_SETTID)
		*ptid = (int32_t)tid;
	if (flags & CLONE_CHILD_SETTID)
		*ctid = (int32_t)tid;
	__atomic_add_fetch(&threads, 1, __ATOMIC_RELAXED);
	r = thread_resume((port_name_t)thread);
	port_destroy((port_name_t)thread);
	if (r) {
		__atomic_sub_fetch(&threads, 1, __ATOMIC_RELAXED);
		return linux_result(r);
	}
	return tid;
}

/* exit of one thread: the last one's is the process's. */
SYSCALL1(exit, int, status)
{
	struct emul_thread *t = this_thread();

	if (__atomic_sub_fetch(&threads, 1, __ATOMIC_RELAXED) == 0)
		process_exit((status & 0xff) << 8);
	if (t->clear_child_tid) {
		__atomic_store_n((uint32_t *)t->clear_child_tid, 0, __ATOMIC_RELEASE);
		/* waiters may key the word by address or by object, as Linux wakes it shared */
		futex_wake((uint32_t *)t->clear_child_tid, 1, FUTEX_SHARED);
		futex_wake((uint32_t *)t->clear_child_tid, 1, 0);
	}
	if (t->reply)
		port_destroy(t->reply);
	t->reply = PORT_NULL;
	port_name_t me = thread_self();
	block_to_spare(t);
	/* from here the block may be another thread's: no more stack use than the trap */
	thread_terminate(me);
	for (;;)
		;
}
