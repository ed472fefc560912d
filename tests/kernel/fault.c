/*
 * CPU faults in user tasks: without a handler the task alone is killed (and the
 * kernel says so on the console) while everyone else goes on; with an exception
 * port, the handler sees the fault, may repair the thread's state and resume it.
 */
#include <ipc.h>
#include <masque/error.h>
#include <masque/exception.h>
#include <rpc.h>
#include <self.h>
#include <stdlib.h>
#include <trap.h>
#include "msgs.h"
#include "tap.h"

#define WAIT_MS 5000

static port_name_t report, handler;

static void null_deref(uint64_t unused)
{
	(void)unused;
	*(volatile int *)0 = 1;
	send_word(report, MSG_COPY_SEND, 1, 0); /* never */
}

static void invalid_opcode(uint64_t unused)
{
	(void)unused;
	__asm__ volatile("ud2");
	send_word(report, MSG_COPY_SEND, 1, 0);
}

static void privileged(uint64_t unused)
{
	(void)unused;
	__asm__ volatile("hlt");
	send_word(report, MSG_COPY_SEND, 1, 0);
}

static void port_io(uint64_t unused)
{
	(void)unused;
	__asm__ volatile("outb %%al, $0x80" : : "a"(0));
	send_word(report, MSG_COPY_SEND, 1, 0);
}

static int dies(void (*fn)(uint64_t), const char *what)
{
	int64_t child = spawn(fn, 0);
	struct word_msg m;
	int died = child > 0 && wait_task_end(child, WAIT_MS) == KERN_SUCCESS;

	died &= recv_word(report, &m, 1) == KERN_TIMED_OUT;
	port_destroy(child);
	return ok(died, "a task doing %s is killed, alone", what);
}

/* Where a repaired thread resumes: report, then end. */
static void recovered(void)
{
	send_word(report, MSG_COPY_SEND, 2, 42);
	exit(0);
}

static void fault_with_handler(uint64_t kind)
{
	task_set_special(self_task, SPECIAL_EXCEPTION, handler);
	if (kind == 0)
		*(volatile int *)0x1234 = 1;
	else if (kind == 1)
		__asm__ volatile("int3");
	else
		__asm__ volatile("ud2");
	send_word(report, MSG_COPY_SEND, 3, 0); /* int3 resumes after itself */
	exit(0);
}

/* Handle one exception: check it, then resume the thread at recovered(), or refuse. */
static void handle(uint64_t kind, unsigned want, int repair)
{
	struct exception_msg m;
	struct thread_state st;
	int64_t r = msg_receive_timeout(handler, &m.hdr, sizeof(m), WAIT_MS * 1000000ull);

	ok(r == 0 && m.hdr.id == EXC_MSG_ID && m.exception == want,
	   "the handler is told of exception %u", want);
	if (r)
		return;
	if (kind == 0)
		ok(m.address == 0x1234 && (m.code & EXC_ACCESS_WRITE),
		   "with the address and kind of access");
	ok(m.thread.disposition == MSG_MOVE_SEND && m.task.disposition == MSG_MOVE_SEND,
	   "and send rights to the thread and the task");
	is(thread_get_state(m.thread.value, &st), KERN_SUCCESS,
	   "the handler reads the thread's state");
	ok(st.rip == m.rip, "the state shows where it faulted");
	if (repair) {
		st.rip = (uint64_t)recovered;
		st.rsp = (st.rsp & ~15ull) - 8;
		is(thread_set_state(m.thread.value, &st), KERN_SUCCESS, "and repairs it");
	}
	struct exception_reply rep = {
		.hdr = { .bits = MSG_BITS(MSG_MOVE_SEND_ONCE, 0),
			 .size = sizeof(rep),
			 .remote = m.hdr.remote,
			 .id = m.hdr.id + 100 },
		.result = repair ? KERN_SUCCESS : KERN_NO_ACCESS,
	};
	is(msg_send(&rep.hdr), KERN_SUCCESS, "the handler replies");
	/* one reference each: the task's name is also the name of our own right to it */
	rpc_release_right(m.thread.value, MSG_MOVE_SEND);
	rpc_release_right(m.task.value, MSG_MOVE_SEND);
}

int main(void)
{
	struct word_msg m;

	report = port_allocate(RIGHT_RECEIVE);
	handler = port_allocate(RIGHT_RECEIVE);
	port_insert_right(self_task, report, report, MSG_MAKE_SEND);
	port_insert_right(self_task, handler, handler, MSG_MAKE_SEND);

	dies(null_deref, "a NULL dereference");
	dies(invalid_opcode, "an invalid instruction");
	dies(privileged, "a privileged instruction");
	dies(port_io, "I/O without a grant");
	ok(1, "and this task still runs");

	int64_t child = spawn(fault_with_handler, 0);
	handle(0, EXC_BAD_ACCESS, 1);
	ok(recv_word(report, &m, WAIT_MS) == 0 && m.h.id == 2 && m.word == 42,
	   "the repaired thread resumes where the handler said");
	wait_task_end(child, WAIT_MS);
	port_destroy(child);

	child = spawn(fault_with_handler, 1);
	handle(1, EXC_BREAKPOINT, 0);
	ok(wait_task_end(child, WAIT_MS) == 0, "a refused exception kills the task");
	port_destroy(child);
	return 0;
}
