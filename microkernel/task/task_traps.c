/* The task and thread traps. Each names its target by a send right to the target's
 * kernel-object port: holding the right is the permission. Each copies its input in
 * before it looks the target up, and releases the reference the lookup took (see
 * task/task.h). */
#include <masque/error.h>
#include "arch/x86_64/clock.h"
#include "ipc/port.h"
#include "ipc/right.h"
#include "kern/host.h"
#include "kern/ledger.h"
#include "kern/syscall.h"
#include "sched/sched.h"
#include "task/task.h"
#include "task/thread.h"
#include "vm/usercopy.h"

static struct capspace *my_space(void)
{
	return &current->task->space;
}

/* A new send right to a kernel-held port, named in the caller's space. */
static int64_t give_send(struct port *p)
{
	port_name_t name = right_give(my_space(), port_make_send(p), TRANSIT_SEND);
	return name == PORT_NULL ? KERN_NO_SPACE : (int64_t)name;
}

int64_t sys_task_self(void)
{
	return give_send(current->task->self);
}

int64_t sys_thread_self(void)
{
	return give_send(current->self);
}

int64_t sys_task_create(port_name_t blueprint, uint32_t flags, uaddr_t label)
{
	char name[TASK_LABEL_MAX];
	struct task *bp = NULL, *t;
	int err;

	if (flags & ~(TASK_INHERIT_MEMORY | TASK_INHERIT_SENDS))
		return KERN_INVALID_ARGUMENT;
	if (blueprint == PORT_NULL && flags)
		return KERN_INVALID_ARGUMENT;
	int64_t len = copyin_string(current->task->map, name, label, sizeof(name));
	if (len < 0)
		return len;
	if (blueprint != PORT_NULL && (err = task_from_name(my_space(), blueprint, &bp)))
		return err;
	err = task_create(bp, flags, name, &t);
	if (bp)
		task_release(bp);
	if (err)
		return err;
	int64_t r = give_send(t->self);
	if (r < 0) /* the failed give may have ended t already: our reference keeps it */
		task_terminate(t);
	task_release(t);
	return r;
}

int64_t sys_task_terminate(port_name_t name)
{
	struct task *t;
	int err = task_from_name(my_space(), name, &t);

	if (err)
		return err;
	task_terminate(t);
	task_release(t);
	return KERN_SUCCESS;
}

int64_t sys_task_get_special(port_name_t name, uint32_t which)
{
	struct task *t;
	int64_t r;

	if (which < 1 || which > SPECIAL_MAX)
		return KERN_INVALID_ARGUMENT;
	if ((r = task_from_name(my_space(), name, &t)))
		return r;
	if (!t->special[which] || !t->special[which]->active)
		r = PORT_NULL;
	else
		r = give_send(t->special[which]);
	task_release(t);
	return r;
}

int64_t sys_task_set_special(port_name_t name, uint32_t which, port_name_t port)
{
	struct task *t;
	struct port *p = NULL;
	unsigned transit;
	int err;

	if (which < 1 || which > SPECIAL_MAX)
		return KERN_INVALID_ARGUMENT;
	if ((err = task_from_name(my_space(), name, &t)))
		return err;
	if (port == PORT_NULL ||
	    !(err = right_take_one(my_space(), port, MSG_COPY_SEND, &p, &transit))) {
		if (t->special[which])
			right_drop(t->special[which], TRANSIT_SEND);
		t->special[which] = p;
	}
	task_release(t);
	return err;
}

int64_t sys_thread_create(port_name_t task_name)
{
	struct task *t;
	struct thread *th;
	int64_t r = task_from_name(my_space(), task_name, &t);

	if (r)
		return r;
	if (!(r = thread_create(t, &th))) {
		r = give_send(th->self);
		if (r < 0)
			thread_terminate(th);
	}
	task_release(t);
	return r;
}

/* Look the thread up, apply fn to it, release it. */
static int64_t on_thread(port_name_t name, int (*fn)(struct thread *))
{
	struct thread *t;
	int err = thread_from_name(my_space(), name, &t);

	if (err)
		return err;
	err = fn(t);
	thread_release(t);
	return err;
}

static int terminate(struct thread *t)
{
	thread_terminate(t);
	return KERN_SUCCESS;
}

static int suspend(struct thread *t)
{
	thread_suspend(t);
	return KERN_SUCCESS;
}

int64_t sys_thread_terminate(port_name_t name)
{
	return on_thread(name, terminate);
}

int64_t sys_thread_suspend(port_name_t name)
{
	return on_thread(name, suspend);
}

int64_t sys_thread_resume(port_name_t name)
{
	return on_thread(name, thread_resume);
}

int64_t sys_thread_abort(port_name_t name)
{
	return on_thread(name, thread_abort);
}

int64_t sys_thread_get_state(port_name_t name, uaddr_t out)
{
	struct thread *t;
	struct thread_state s;
	int err = thread_from_name(my_space(), name, &t);

	if (err)
		return err;
	thread_get_state(t, &s);
	thread_release(t); /* before the copy out, which may sleep */
	return copyout(current->task->map, out, &s, sizeof(s));
}

static struct cpu_times times_of(uint64_t user_ticks, uint64_t system_ticks)
{
	return (struct cpu_times){ user_ticks * NS_PER_TICK, system_ticks * NS_PER_TICK };
}

int64_t sys_thread_times(port_name_t name, uaddr_t out)
{
	struct thread *t;
	int err = thread_from_name(my_space(), name, &t);

	if (err)
		return err;
	struct cpu_times c = times_of(t->user_ticks, t->system_ticks);
	thread_release(t); /* before the copy out, which may sleep */
	return copyout(current->task->map, out, &c, sizeof(c));
}

int64_t sys_task_times(port_name_t name, uaddr_t out)
{
	struct task *t;
	int err = task_from_name(my_space(), name, &t);

	if (err)
		return err;
	struct cpu_times c = times_of(t->user_ticks, t->system_ticks);
	task_release(t);
	return copyout(current->task->map, out, &c, sizeof(c));
}

int64_t sys_thread_set_state(port_name_t name, uaddr_t in)
{
	struct thread *t;
	struct thread_state s;
	int err = copyin(current->task->map, &s, in, sizeof(s));

	if (err || (err = thread_from_name(my_space(), name, &t)))
		return err;
	err = thread_set_state(t, &s);
	thread_release(t);
	return err;
}

int64_t sys_thread_set_base(port_name_t name, uint32_t which, uint64_t base)
{
	struct thread *t;
	int err = thread_from_name(my_space(), name, &t);

	if (err)
		return err;
	err = thread_set_base(t, which, base);
	thread_release(t);
	return err;
}

int64_t sys_thread_set_priority(port_name_t name, uint32_t priority)
{
	struct thread *t;
	int err;

	if (priority < PRIORITY_MIN || priority > PRIORITY_MAX)
		return KERN_INVALID_ARGUMENT;
	if ((err = thread_from_name(my_space(), name, &t)))
		return err;
	if (priority > t->task->ledger->max_priority)
		err = KERN_NO_ACCESS; /* the host port raises the maximum: task_set_quota */
	else
		thread_set_priority(t, priority);
	thread_release(t);
	return err;
}

int64_t sys_thread_yield(void)
{
	sched_yield();
	return KERN_SUCCESS;
}

int64_t sys_task_set_emulation(port_name_t name, uint64_t entry, uint64_t code, uint64_t size)
{
	struct task *t;
	int err;

	if (entry &&
	    (entry >= VM_USER_TOP || !size || code + size < code || code + size > VM_USER_TOP))
		return KERN_INVALID_ARGUMENT;
	if ((err = task_from_name(my_space(), name, &t)))
		return err;
	t->emulation.entry = entry;
	t->emulation.code = entry ? code : 0;
	t->emulation.code_end = entry ? code + size : 0;
	task_release(t);
	return KERN_SUCCESS;
}

int64_t sys_task_get_quota(port_name_t name, uaddr_t out)
{
	struct task *t;
	struct task_quota q;
	int err = task_from_name(my_space(), name, &t);

	if (err)
		return err;
	ledger_get(t->ledger, &q);
	task_release(t);
	return copyout(current->task->map, out, &q, sizeof(q));
}

int64_t sys_task_set_quota(port_name_t host, port_name_t name, uaddr_t in)
{
	struct task_quota q;
	struct task *t;
	int err = copyin(current->task->map, &q, in, sizeof(q));

	if (err)
		return err;
	if (host != PORT_NULL && (err = host_check(host)))
		return err;
	if ((err = task_from_name(my_space(), name, &t)))
		return err;
	err = ledger_set_limits(t->ledger, &q, host != PORT_NULL);
	task_release(t);
	return err;
}
