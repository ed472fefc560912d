/* Running a function in a new task made from this one. */
#include <ipc.h>
#include <masque/error.h>
#include <self.h>
#include <spawn.h>
#include <stdlib.h>
#include <trap.h>

#define STACK_SIZE (64 * 1024)

/* The child's first frame: its own ports first, as the copied memory holds ours. */
static void child_start(void (*fn)(uint64_t), uint64_t arg)
{
	self_task = task_self();
	ipc_forget_reply_port();
	fn(arg);
	exit(0);
}

int64_t task_spawn(void (*fn)(uint64_t), uint64_t arg, unsigned flags, port_name_t *thread_out)
{
	int64_t stack = vm_allocate(self_task, 0, STACK_SIZE, VM_ANYWHERE);
	if (stack < 0)
		return stack;
	int64_t child = task_create(self_task, TASK_INHERIT_MEMORY | flags, "child");
	vm_deallocate(self_task, stack, STACK_SIZE); /* the child has its own copy */
	if (child < 0)
		return child;
	int64_t thread = thread_create(child);
	if (thread < 0) {
		task_terminate(child);
		port_destroy(child);
		return thread;
	}
	struct thread_state st = {
		.rip = (uint64_t)child_start,
		.rsp = stack + STACK_SIZE - 8, /* as after a call */
		.rdi = (uint64_t)fn,
		.rsi = arg,
	};
	int64_t r = thread_set_state(thread, &st);
	if (!r)
		r = thread_resume(thread);
	if (r) {
		task_terminate(child);
		port_destroy(child);
	}
	if (thread_out && !r)
		*thread_out = thread;
	else
		port_destroy(thread);
	return r ? r : child;
}

int64_t task_death_port(port_name_t task)
{
	int64_t port = port_allocate(RIGHT_RECEIVE);
	int64_t r;

	if (port < 0)
		return port;
	if ((r = port_request_notify(task, NOTIFY_DEAD_NAME, port))) {
		port_destroy(port);
		return r;
	}
	return port;
}
