/*
 * Exceptions: the faulting thread sends exc.raise (interfaces/exc.defs) to its task's
 * exception port, with a send-once right to its own kernel-held reply port, and waits. A
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
#include "exc_ksend.h"

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
	struct kmsg *k =
		exc_raise_kmsg(port_make_send(handler), TRANSIT_SEND, t->exc_reply, t->self,
			       t->task->self, exc, tf->vector, code, address, tf->rip);
	if (!k)
		return KERN_RESOURCE_SHORTAGE;
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

/* The handler's verdict in a reply: its result, or KERN_INVALID_MSG if the reply is
 * malformed or the result is no kernel code (a large value must not pass for success). */
static int verdict(const struct kmsg *k)
{
	const struct exc_raise_reply_msg *r = (const struct exc_raise_reply_msg *)&k->msg;

	if (k->msg.size < sizeof(*r) || r->result != (int)r->result)
		return KERN_INVALID_MSG;
	return (int)r->result;
}

void exception_reply(struct kmsg *k)
{
	struct thread *t = k->dest->kobject;

	if (t && t->exc_waiting) {
		t->exc_result = verdict(k);
		thread_wakeup(t, KERN_SUCCESS);
	}
	kmsg_destroy(k);
}
