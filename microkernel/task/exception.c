/*
 * Exceptions: the faulting thread sends an exception_msg to its task's exception
 * port, with a send-once right to its own kernel-held reply port, and waits. A
 * KERN_SUCCESS reply resumes it; anything else, or no handler, kills the task with
 * one line on the console while every other task goes on.
 */
#include <masque/error.h>
#include <masque/exception.h>
#include "arch/x86_64/trapframe.h"
#include "ipc/kmsg.h"
#include "ipc/port.h"
#include "ipc/right.h"
#include "kern/console.h"
#include "sched/sched.h"
#include "task/exception.h"
#include "task/task.h"
#include "task/thread.h"

static const char *const exception_names[] = {
	[EXC_BAD_ACCESS] = "bad access", [EXC_BAD_INSTRUCTION] = "invalid instruction",
	[EXC_ARITHMETIC] = "arithmetic", [EXC_BREAKPOINT] = "breakpoint",
	[EXC_PROTECTION] = "protection", [EXC_MEMORY_ERROR] = "memory error",
};

/* Send the exception message and wait for the handler's verdict. */
static int exception_rpc(struct thread *t, struct port *handler, unsigned exc,
			 const struct trapframe *tf, uint64_t code, uint64_t address)
{
	if (!t->exc_reply && !(t->exc_reply = port_alloc_kobject(KOBJ_REPLY, t)))
		return KERN_RESOURCE_SHORTAGE;
	struct kmsg *k = kmsg_kernel(port_make_send(handler), TRANSIT_SEND, EXC_MSG_ID,
				     sizeof(struct exception_msg), 2);
	if (!k)
		return KERN_RESOURCE_SHORTAGE;
	struct exception_msg *m = (struct exception_msg *)&k->msg;
	kmsg_put_port(k, &m->thread, port_make_send(t->self), TRANSIT_SEND);
	kmsg_put_port(k, &m->task, port_make_send(t->task->self), TRANSIT_SEND);
	m->exception = exc;
	m->vector = tf->vector;
	m->code = code;
	m->address = address;
	m->rip = tf->rip;
	k->reply = port_make_send_once(t->exc_reply);
	k->reply_type = TRANSIT_SEND_ONCE;
	k->msg.bits = MSG_BITS(MSG_MOVE_SEND, MSG_MOVE_SEND_ONCE);
	kmsg_post(k);
	t->exc_waiting = 1;
	int err = thread_block(NULL, 0);
	t->exc_waiting = 0;
	return err ? err : t->exc_result;
}

void exception_raise(struct trapframe *tf, unsigned exc, uint64_t code, uint64_t address)
{
	struct thread *t = current;
	struct task *task = t->task;
	struct port *handler = task->special[SPECIAL_EXCEPTION];

	if (handler && handler->active && !task->terminating &&
	    exception_rpc(t, handler, exc, tf, code, address) == KERN_SUCCESS)
		return;
	if (task->terminating)
		return;
	kprintf("masque: task %u (%s) killed: %s", task->id, task->label, exception_names[exc]);
	if (exc == EXC_BAD_ACCESS)
		kprintf(" (%s) at 0x%lx", code & EXC_ACCESS_WRITE ? "write" : "read", address);
	kprintf(", vector %lu, ip 0x%lx\n", tf->vector, tf->rip);
	task_terminate(task);
}

void exception_reply(struct kmsg *k)
{
	struct thread *t = k->dest->kobject;
	const struct exception_reply *r = (const struct exception_reply *)&k->msg;

	if (t && t->exc_waiting) {
		t->exc_result = k->msg.size >= sizeof(*r) ? r->result : KERN_INVALID_MSG;
		thread_wakeup(t, KERN_SUCCESS);
	}
	kmsg_destroy(k);
}
