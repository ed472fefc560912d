/*
 * CPU faults in user tasks: without a handler the task alone is killed (and the
 * kernel says so on the console) while everyone else goes on; with an exception
 * port, the handler sees the fault, may repair the thread's state and resume it.
 */
#include <exc.h>
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

/* What the exception handler saw of the last exception, and how it answers. */
static struct {
	int repair;	/* move the thread to recovered() */
	int64_t result; /* the answer: KERN_SUCCESS resumes the thread */
	uint32_t exception;
	uint64_t code, address, rip;
	int send_rights;    /* send rights to the thread and the task came */
	int64_t got, set;   /* what thread_get_state and thread_set_state returned */
	uint64_t state_rip; /* where the thread's state said it was */
} seen;

/* A holder of a send right under name. */
static int holds_send(port_name_t name)
{
	struct port_status st;

	return port_status(name, &st) == KERN_SUCCESS && (st.rights & RIGHT_SEND);
}

/* The handler exc_demux calls: note what came, repair the thread if asked. */
int64_t exc_raise(struct rpc_ctx *ctx, port_name_t thread, port_name_t task, uint32_t exception,
		  uint32_t vector, uint64_t code, uint64_t address, uint64_t rip)
{
	struct thread_state st;

	(void)ctx, (void)vector;
	seen.exception = exception;
	seen.code = code;
	seen.address = address;
	seen.rip = rip;
	seen.send_rights = holds_send(thread) && holds_send(task);
	seen.got = thread_get_state(thread, &st);
	seen.state_rip = st.rip;
	if (seen.repair) {
		st.rip = (uint64_t)recovered;
		st.rsp = (st.rsp & ~15ull) - 8;
		seen.set = thread_set_state(thread, &st);
	}
	/* one reference each: the task's name is also the name of our own right to it */
	rpc_release_right(thread, MSG_MOVE_SEND);
	rpc_release_right(task, MSG_MOVE_SEND);
	return seen.result;
}

/* Handle one exception with the generated demultiplexer, then check what it saw. */
static void handle(uint64_t kind, unsigned want, int repair, int64_t result)
{
	uint64_t in[EXC_REQUEST_MAX / 8], out[EXC_REPLY_MAX / 8];
	struct msg_header *req = (struct msg_header *)in, *rep = (struct msg_header *)out;
	int64_t r = msg_receive_timeout(handler, req, sizeof(in), WAIT_MS * 1000000ull);

	seen.repair = repair;
	seen.result = result;
	seen.exception = 0;
	ok(r == 0 && exc_demux(req, rep) && seen.exception == want,
	   "the handler is told of exception %u", want);
	if (r)
		return;
	if (kind == 0)
		ok(seen.address == 0x1234 && (seen.code & EXC_ACCESS_WRITE),
		   "with the address and kind of access");
	if (kind == 0)
		ok(!(seen.code & EXC_ACCESS_PROTECTION),
		   "an unmapped address: no protection fault");
	ok(seen.send_rights, "and send rights to the thread and the task");
	is(seen.got, KERN_SUCCESS, "the handler reads the thread's state");
	ok(seen.state_rip == seen.rip, "the state shows where it faulted");
	if (repair)
		is(seen.set, KERN_SUCCESS, "and repairs it");
	is(msg_send(rep), KERN_SUCCESS, "the handler replies");
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
	handle(0, EXC_BAD_ACCESS, 1, KERN_SUCCESS);
	ok(recv_word(report, &m, WAIT_MS) == 0 && m.h.id == 2 && m.word == 42,
	   "the repaired thread resumes where the handler said");
	wait_task_end(child, WAIT_MS);
	port_destroy(child);

	child = spawn(fault_with_handler, 1);
	handle(1, EXC_BREAKPOINT, 0, KERN_NO_ACCESS);
	ok(wait_task_end(child, WAIT_MS) == 0, "a refused exception kills the task");
	port_destroy(child);

	/* the reply's result is 64 bits: one that is no kernel code must not pass for
	 * KERN_SUCCESS, whatever its low half */
	child = spawn(fault_with_handler, 2);
	handle(2, EXC_BAD_INSTRUCTION, 1, 1ll << 32);
	ok(wait_task_end(child, WAIT_MS) == 0 && recv_word(report, &m, 1) == KERN_TIMED_OUT,
	   "a result that is no kernel code kills the task, though it was repaired");
	port_destroy(child);
	return 0;
}
