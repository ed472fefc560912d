/* TAP output and child tasks for in-VM tests. */
#include <ipc.h>
#include <kern_error.h>
#include <masque/error.h>
#include <notify.h>
#include <self.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <trap.h>
#include "tap.h"

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
	diag("line %d: got %ld (%s), want %ld (%s)", line, got, kern_error_name(got), want,
	     kern_error_name(want));
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

int64_t spawn(void (*fn)(uint64_t), uint64_t arg)
{
	return task_spawn(fn, arg, TASK_INHERIT_SENDS, NULL);
}

int64_t spawn_flags(void (*fn)(uint64_t), uint64_t arg, unsigned flags, port_name_t *thread)
{
	return task_spawn(fn, arg, flags, thread);
}

int wait_task_end(port_name_t task, uint64_t timeout_ms)
{
	struct notify_dead_name_request_msg n;
	int64_t port = task_death_port(task);

	if (port < 0)
		return port;
	int64_t r = msg_receive_timeout(port, &n.hdr, sizeof(n), timeout_ms * 1000000);
	if (!r && n.hdr.id != NOTIFY_DEAD_NAME_ID)
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

port_name_t new_port(void)
{
	int64_t p = port_allocate(RIGHT_RECEIVE);

	if (p < 0 || port_insert_right(self_task, p, p, MSG_MAKE_SEND) < 0)
		return PORT_NULL;
	return p;
}

int64_t start_thread_on(void (*fn)(uint64_t), uint64_t arg, int64_t stack)
{
	int64_t thread = thread_create(self_task);

	if (!stack)
		stack = vm_allocate(self_task, 0, THREAD_STACK, VM_ANYWHERE);
	struct thread_state st = { .rip = (uint64_t)fn,
				   .rsp = stack + THREAD_STACK - 8,
				   .rdi = arg };
	thread_set_state(thread, &st);
	thread_resume(thread);
	return thread;
}

void start_thread(void (*fn)(uint64_t), uint64_t arg)
{
	port_destroy(start_thread_on(fn, arg, 0));
}
