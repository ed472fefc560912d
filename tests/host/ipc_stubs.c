/*
 * Stand-ins for what microkernel/ipc/{capspace,port,right,notify,kmsg,port_traps}.c
 * call outside IPC, so that they run on the host as they are. The scheduler's
 * wakeups follow sched/sched.c but only record; out-of-line memory is not part of
 * these tests, so the VM calls for it panic.
 */
#include <masque/error.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ipc_stubs.h"
#include "ipc/port.h"
#include "kern/console.h"
#include "sched/sched.h"
#include "task/task.h"
#include "task/thread.h"
#include "vm/mo_view.h"
#include "vm/pager.h"
#include "vm/usercopy.h"
#include "vm/vm_copy.h"
#include "vm/vm_map.h"
#include "vm/vm_object.h"

struct thread *current;
struct wake wake_log[WAKE_LOG_MAX];
int wake_count;
int unreachable_tasks, unreachable_threads;
struct task *last_unreachable_task;
static char *stack_top, *stack_low;

void wake_log_reset(void)
{
	wake_count = 0;
}

void stub_block(struct thread *t, struct list *queue)
{
	t->state = THREAD_WAITING;
	t->wait_queue = queue;
	list_push_back(queue, &t->queue_link);
}

void thread_wakeup(struct thread *t, int result)
{
	if (t->state != THREAD_WAITING)
		return;
	if (t->wait_queue)
		list_remove(&t->queue_link);
	t->wait_queue = NULL;
	t->wait_result = result;
	t->state = THREAD_READY;
	if (wake_count < WAKE_LOG_MAX)
		wake_log[wake_count] = (struct wake){ t, result };
	wake_count++;
}

struct thread *thread_wakeup_one(struct list *queue, int result)
{
	if (list_empty(queue))
		return NULL;
	struct thread *t = list_entry(queue->next, struct thread, queue_link);
	thread_wakeup(t, result);
	return t;
}

void stack_mark(void)
{
	stack_top = stack_low = __builtin_frame_address(0);
}

size_t stack_used(void)
{
	return (size_t)(stack_top - stack_low);
}

void thread_wakeup_all(struct list *queue, int result)
{
	char *sp = __builtin_frame_address(0);

	if (sp < stack_low)
		stack_low = sp;
	while (thread_wakeup_one(queue, result))
		;
}

void task_lost_sender(struct task *t, uint32_t senders)
{
	if (senders)
		return;
	unreachable_tasks++;
	last_unreachable_task = t;
}

void thread_unreachable(struct thread *t)
{
	(void)t;
	unreachable_threads++;
}

/* No views of memory objects here. */
void mo_view_unreachable(struct mo_view *v)
{
	(void)v;
}

/* No memory object ports here: the kernel's cache has nothing to fail. */
void pager_port_died(struct vm_object *o)
{
	(void)o;
}

/* The host has memory enough: no reserve to keep. */
int pageout_may_allocate(uint64_t bytes)
{
	(void)bytes;
	return 1;
}

/* The tests' tasks live as long as the test: a lookup needs no reference. */
int task_from_name(struct capspace *s, port_name_t name, struct task **out)
{
	return kobject_lookup(s, name, KOBJ_TASK, (void **)out);
}

void task_release(struct task *t)
{
	(void)t;
}

/* User addresses are host pointers; there is no map. */
int copyin(struct vm_map *m, void *dst, uint64_t src, uint64_t len)
{
	if (m)
		panic("copyin with a map");
	memcpy(dst, (const void *)(uintptr_t)src, len);
	return KERN_SUCCESS;
}

int copyout(struct vm_map *m, uint64_t dst, const void *src, uint64_t len)
{
	if (m)
		panic("copyout with a map");
	memcpy((void *)(uintptr_t)dst, src, len);
	return KERN_SUCCESS;
}

int vm_copy_capture(struct vm_map *map, uint64_t addr, uint64_t size, int copy_now,
		    struct vm_object **out)
{
	(void)map, (void)addr, (void)size, (void)copy_now, (void)out;
	panic("out-of-line memory in a host test");
}

int vm_copy_place(struct vm_map *map, struct vm_object *obj, uint64_t *addr)
{
	(void)map, (void)obj, (void)addr;
	panic("out-of-line memory in a host test");
}

int vm_copy_overwrite(struct vm_map *map, struct vm_object *obj, uint64_t addr, uint64_t size)
{
	(void)map, (void)obj, (void)addr, (void)size;
	panic("out-of-line memory in a host test");
}

int vm_map_remove(struct vm_map *m, uint64_t start, uint64_t end)
{
	(void)m, (void)start, (void)end;
	panic("out-of-line memory in a host test");
}

void vm_object_deallocate(struct vm_object *o)
{
	(void)o;
	panic("out-of-line memory in a host test");
}
