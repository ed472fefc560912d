/* Threads: creation, the first run, exit, suspension, abort, register state. */
#include <masque/error.h>
#include <string.h>
#include "arch/x86_64/layout.h"
#include "ipc/port.h"
#include "kern/console.h"
#include "kern/ledger.h"
#include "sched/sched.h"
#include "task/task.h"
#include "task/thread.h"
#include "vm/kmem.h"
#include "vm/page.h"

#define KSTACK_ORDER 2 /* 16 KiB */
#define RFLAGS_IF    0x200
#define RFLAGS_USER  0x40dd5 /* CF PF AF ZF SF TF DF OF AC: what user code may set */

extern void thread_trampoline(void);

static uint32_t next_thread_id = 1;
static struct list zombies = LIST_INIT(zombies);

/* A thread with a kernel stack whose first context_switch "returns" into entry:
 * below the trapframe, the six callee-saved registers context_switch pops and its
 * return address. A kernel thread's entry also gets a (never used) return address,
 * so it starts with the stack aligned as after a call; a user thread's trampoline
 * starts with rsp at the trapframe, which return_to_user expects. */
static struct thread *thread_alloc(void (*entry)(void), int user)
{
	struct thread *t = kmem_alloc(sizeof(*t));
	struct vm_page *stack = page_alloc(KSTACK_ORDER);

	if (!t || !stack) {
		kmem_free(t, sizeof(*t));
		if (stack)
			page_free(stack, KSTACK_ORDER);
		return NULL;
	}
	t->refs = 1;
	t->id = next_thread_id++;
	t->kstack = page_to_virt(stack);
	t->tf = (struct trapframe *)((char *)t->kstack + KSTACK_SIZE) - 1;
	uint64_t *sp = (uint64_t *)t->tf;
	if (!user)
		*--sp = 0;
	*--sp = (uint64_t)entry;
	for (int i = 0; i < 6; i++)
		*--sp = 0;
	t->kernel_rsp = (uint64_t)sp;
	list_init(&t->task_link);
	list_init(&t->queue_link);
	list_init(&t->timer_link);
	t->priority = PRIORITY_DEFAULT;
	fpu_state_init(&t->fpu);
	return t;
}

static void thread_free(struct thread *t)
{
	page_free(virt_to_page(t->kstack), KSTACK_ORDER);
	kmem_free(t, sizeof(*t));
}

void thread_ref(struct thread *t)
{
	t->refs++;
}

void thread_release(struct thread *t)
{
	assert(t->refs > 0);
	if (--t->refs == 0)
		thread_free(t);
}

int thread_from_name(struct capspace *s, port_name_t name, struct thread **out)
{
	struct thread *t;
	int err = kobject_lookup(s, name, KOBJ_THREAD, (void **)&t);

	if (err)
		return err;
	if ((t->ast & AST_TERMINATE) || !t->task)
		return KERN_TERMINATED;
	thread_ref(t);
	*out = t;
	return KERN_SUCCESS;
}

struct thread *thread_create_kernel(void (*fn)(void), int priority)
{
	struct thread *t = thread_alloc(fn, 0);

	if (t)
		t->priority = priority;
	return t;
}

int thread_create(struct task *task, struct thread **out)
{
	int err = ledger_charge(task->ledger, QUOTA_THREADS, 1);
	struct thread *t = err ? NULL : thread_alloc(thread_trampoline, 1);

	if (t && !(t->self = port_alloc_kobject(KOBJ_THREAD, t))) {
		thread_free(t);
		t = NULL;
	}
	if (!t) {
		if (!err)
			ledger_credit(task->ledger, QUOTA_THREADS, 1);
		return KERN_RESOURCE_SHORTAGE;
	}
	memset(t->tf, 0, sizeof(*t->tf));
	t->tf->cs = GDT_USER_CS;
	t->tf->ss = GDT_USER_DS;
	t->tf->rflags = RFLAGS_IF | 0x2;
	task_ref(task);
	t->task = task;
	t->state = THREAD_SUSPENDED;
	t->suspend_count = 1;
	list_push_back(&task->threads, &t->task_link);
	task->thread_count++;
	*out = t;
	return KERN_SUCCESS;
}

void thread_start_user(struct thread *t, uint64_t rip, uint64_t rsp, uint64_t arg)
{
	t->tf->rip = rip;
	t->tf->rsp = rsp;
	t->tf->rdi = arg;
}

/* Threads that exited give up their own reference; never the one we run on. */
void thread_reap(void)
{
	if (list_empty(&zombies)) /* the common case, after every switch */
		return;
	list_for_each_safe(l, &zombies)
	{
		struct thread *t = list_entry(l, struct thread, queue_link);
		if (t == current)
			continue;
		list_remove(l);
		thread_release(t);
	}
}

/* The first thing a new user thread does on its kernel stack. */
void thread_first_run(void)
{
	thread_reap();
	thread_user_boundary();
}

_Noreturn void thread_exit(void)
{
	struct thread *t = current;
	struct task *task = t->task;

	list_remove(&t->task_link);
	port_destroy_kobject(t->self);
	t->self = NULL;
	if (t->exc_reply)
		port_destroy_kobject(t->exc_reply);
	ledger_credit(task->ledger, QUOTA_THREADS, 1);
	if (--task->thread_count == 0) {
		task_destroy(task);
		task_reap_unreachable();
	}
	t->task = NULL;
	task_release(task); /* if our page tables go, pmap_destroy moves us to the kernel's */
	t->state = THREAD_DEAD;
	fpu_forget(&t->fpu);
	list_push_back(&zombies, &t->queue_link);
	schedule();
	panic("a dead thread ran");
}

void thread_terminate(struct thread *t)
{
	t->ast |= AST_TERMINATE;
	/* it must run to leave, and runs only kernel code from now on: however low its
	 * priority was, busy threads above it must not keep its resources for good */
	thread_set_priority(t, PRIORITY_MAX);
	if (t == current)
		return; /* leaves at the user boundary, after the trap returns */
	if (t->state == THREAD_WAITING)
		thread_wakeup(t, KERN_ABORTED);
	else if (t->state == THREAD_SUSPENDED)
		sched_make_runnable(t);
}

/* Nobody holds the thread port any more: a suspended thread could never be resumed,
 * so it ends; a running one runs on. */
void thread_unreachable(struct thread *t)
{
	if (t->suspend_count > 0 && t->task)
		thread_terminate(t);
}

void thread_suspend(struct thread *t)
{
	t->suspend_count++;
}

int thread_resume(struct thread *t)
{
	if (t->suspend_count == 0)
		return KERN_BUSY;
	if (--t->suspend_count == 0 && t->state == THREAD_SUSPENDED)
		sched_make_runnable(t);
	return KERN_SUCCESS;
}

int thread_abort(struct thread *t)
{
	if (t->state == THREAD_WAITING)
		thread_wakeup(t, KERN_ABORTED);
	else /* on its way to a wait, maybe: that one ends at once */
		t->ast |= AST_ABORT;
	return KERN_SUCCESS;
}

void thread_user_boundary_work(void)
{
	for (;;) {
		if (current->ast & AST_TERMINATE)
			thread_exit();
		if (current->suspend_count > 0) {
			current->state = THREAD_SUSPENDED;
			schedule();
			continue;
		}
		if (!need_resched)
			return;
		schedule();
	}
}

void thread_get_state(const struct thread *t, struct thread_state *s)
{
	const struct trapframe *f = t->tf;

	*s = (struct thread_state){
		.rax = f->rax,
		.rbx = f->rbx,
		.rcx = f->rcx,
		.rdx = f->rdx,
		.rsi = f->rsi,
		.rdi = f->rdi,
		.rbp = f->rbp,
		.rsp = f->rsp,
		.r8 = f->r8,
		.r9 = f->r9,
		.r10 = f->r10,
		.r11 = f->r11,
		.r12 = f->r12,
		.r13 = f->r13,
		.r14 = f->r14,
		.r15 = f->r15,
		.rip = f->rip,
		.rflags = f->rflags,
		.fs_base = t->fs_base,
		.gs_base = t->gs_base,
	};
}

static int canonical_user(uint64_t a)
{
	return a < (1ull << 47);
}

int thread_set_state(struct thread *t, const struct thread_state *s)
{
	struct trapframe *f = t->tf;

	if (!canonical_user(s->rip) || !canonical_user(s->fs_base) || !canonical_user(s->gs_base))
		return KERN_INVALID_ARGUMENT;
	f->rax = s->rax, f->rbx = s->rbx, f->rcx = s->rcx, f->rdx = s->rdx;
	f->rsi = s->rsi, f->rdi = s->rdi, f->rbp = s->rbp, f->rsp = s->rsp;
	f->r8 = s->r8, f->r9 = s->r9, f->r10 = s->r10, f->r11 = s->r11;
	f->r12 = s->r12, f->r13 = s->r13, f->r14 = s->r14, f->r15 = s->r15;
	f->rip = s->rip;
	f->rflags = (s->rflags & RFLAGS_USER) | RFLAGS_IF | 0x2;
	f->vector = 0; /* leave by iretq, which restores every register */
	t->fs_base = s->fs_base;
	t->gs_base = s->gs_base;
	sched_bases_changed(t);
	return KERN_SUCCESS;
}

int thread_set_base(struct thread *t, uint32_t which, uint64_t base)
{
	if (!canonical_user(base) || (which != THREAD_FS_BASE && which != THREAD_GS_BASE))
		return KERN_INVALID_ARGUMENT;
	if (which == THREAD_FS_BASE)
		t->fs_base = base;
	else
		t->gs_base = base;
	sched_bases_changed(t);
	return KERN_SUCCESS;
}

void thread_set_priority(struct thread *t, int priority)
{
	int queued = t->state == THREAD_READY && t != current;

	if (queued)
		sched_remove(t);
	t->priority = priority;
	if (queued)
		sched_make_runnable(t);
	else if (t == current)
		need_resched = 1;
}
