/* TAP output and child tasks for in-VM tests. */
#include <ipc.h>
#include <masque/error.h>
#include <self.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <trap.h>
#include "tap.h"

#define CHILD_STACK (64 * 1024)

int ok(int cond, const char *fmt, ...)
{
	va_list ap;

	printf("%s - ", cond ? "ok" : "not ok");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	return cond;
}

int is_at(int64_t got, int64_t want, const char *what, int line)
{
	if (got == want)
		return ok(1, "%s", what);
	ok(0, "%s", what);
	diag("line %d: got %ld, want %ld", line, got, want);
	return 0;
}

void diag(const char *fmt, ...)
{
	va_list ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

static void child_start(void (*fn)(uint64_t), uint64_t arg)
{
	self_task = task_self();
	ipc_forget_reply_port();
	fn(arg);
	exit(0);
}

int64_t spawn(void (*fn)(uint64_t), uint64_t arg)
{
	return spawn_flags(fn, arg, TASK_INHERIT_SENDS, NULL);
}

int64_t spawn_flags(void (*fn)(uint64_t), uint64_t arg, unsigned flags, port_name_t *thread_out)
{
	int64_t stack = vm_allocate(self_task, 0, CHILD_STACK, VM_ANYWHERE);
	if (stack < 0)
		return stack;
	int64_t child = task_create(self_task, TASK_INHERIT_MEMORY | flags, "child");
	vm_deallocate(self_task, stack, CHILD_STACK); /* the child has its own copy */
	if (child < 0)
		return child;
	int64_t thread = thread_create(child);
	if (thread < 0)
		return thread;
	struct thread_state st = {
		.rip = (uint64_t)child_start,
		.rsp = stack + CHILD_STACK - 8, /* as after a call */
		.rdi = (uint64_t)fn,
		.rsi = arg,
	};
	int64_t r = thread_set_state(thread, &st);
	if (!r)
		r = thread_resume(thread);
	if (thread_out && !r)
		*thread_out = thread;
	else
		port_destroy(thread);
	return r ? r : child;
}

int wait_task_end(port_name_t task, uint64_t timeout_ms)
{
	struct notify_msg n;
	int64_t port = port_allocate(RIGHT_RECEIVE);
	int64_t r;

	if (port < 0)
		return port;
	r = port_request_notify(task, NOTIFY_DEAD_NAME, port);
	if (!r)
		r = msg_receive_timeout(port, &n.hdr, sizeof(n), timeout_ms * 1000000);
	if (!r && n.hdr.id != NOTIFY_MSG_ID(NOTIFY_DEAD_NAME))
		r = KERN_INVALID_MSG;
	port_destroy(port);
	return r;
}

void sleep_ms(uint64_t ms)
{
	struct msg_header h;
	int64_t port = port_allocate(RIGHT_RECEIVE);

	if (port >= 0) {
		msg_receive_timeout(port, &h, sizeof(h), ms * 1000000);
		port_destroy(port);
	}
}
