/*
 * Kernel-half pointers that the kernel itself could read or write (its image at
 * -2 GiB, the physmap of all RAM) passed to every trap that copies from or to the
 * caller: each must refuse with KERN_INVALID_ADDRESS, not copy kernel memory, and not
 * fault in the kernel.
 */
#include <ipc.h>
#include <masque/error.h>
#include <self.h>
#include <trap.h>
#include "msgs.h"
#include "tap.h"

static const struct {
	uint64_t addr;
	const char *what;
} kernel_pointers[] = {
	{ 0xffffffff80100000ull, "the kernel image" },
	{ 0xffff800000100000ull, "the physmap" },
};

static port_name_t port, thread, target; /* target: a task with no threads */
static uint64_t page;			 /* a page of ours, for the other side of a copy */

/* One check: the trap's result r is KERN_INVALID_ADDRESS. */
static void refused(int64_t r, const char *trap_and_argument, const char *where)
{
	if (!ok(r == KERN_INVALID_ADDRESS, "%s in %s is refused", trap_and_argument, where))
		diag("got %ld", r);
}

static void check_messages(uint64_t k, const char *what)
{
	refused(msg_trap(MSG_SEND, (struct msg_header *)k, 0, 0, 0, 0),
		"msg_trap: a message to send", what);
	refused(msg_trap(MSG_SEND | MSG_RECEIVE, (struct msg_header *)k, (struct msg_header *)k,
			 port, 64, 0),
		"msg_trap: a call's message", what);
	send_word(port, MSG_COPY_SEND, 1, 0);
	refused(msg_receive(port, (struct msg_header *)k, sizeof(struct word_msg)),
		"msg_trap: a receive buffer", what);
}

static void check_memory(uint64_t k, const char *what)
{
	refused(vm_write(self_task, page, (const void *)k, 64), "vm_write: a source", what);
	refused(vm_read(self_task, page, (void *)k, 64), "vm_read: a destination", what);
	refused(vm_region(self_task, page, (struct vm_region_info *)k), "vm_region: a result",
		what);
	refused(vm_map(self_task, (const struct vm_map_args *)k), "vm_map: the argument block",
		what);
	refused(vm_statistics((struct vm_stats *)k), "vm_statistics: a result", what);
	refused(futex_wait((const uint32_t *)k, 0, 0, 1000), "futex_wait: a word", what);
}

/* Another task's memory is reached through a walk of its page tables, not the MMU:
 * the same refusal for an address there in the kernel half. */
static void check_other_task(uint64_t k, const char *what)
{
	refused(vm_read(target, k, (void *)page, 64), "vm_read: another task's address", what);
	refused(vm_write(target, k, (const void *)page, 64), "vm_write: another task's address",
		what);
}

static void check_objects(uint64_t k, const char *what)
{
	refused(thread_set_state(thread, (const struct thread_state *)k),
		"thread_set_state: a state", what);
	refused(thread_get_state(thread, (struct thread_state *)k), "thread_get_state: a result",
		what);
	refused(task_create(self_task, 0, (const char *)k), "task_create: a label", what);
	refused(port_status(port, (struct port_status *)k), "port_status: a result", what);
	refused(debug_write((const char *)k, 16), "debug_write: text", what);
}

int main(void)
{
	port = port_allocate(RIGHT_RECEIVE);
	port_insert_right(self_task, port, port, MSG_MAKE_SEND);
	thread = thread_create(self_task); /* suspended: a target for its state */
	target = task_create(self_task, 0, "target");
	page = vm_allocate(self_task, 0, 4096, VM_ANYWHERE);
	*(volatile uint64_t *)page = 1;
	for (unsigned i = 0; i < sizeof(kernel_pointers) / sizeof(kernel_pointers[0]); i++) {
		check_messages(kernel_pointers[i].addr, kernel_pointers[i].what);
		check_memory(kernel_pointers[i].addr, kernel_pointers[i].what);
		check_objects(kernel_pointers[i].addr, kernel_pointers[i].what);
		check_other_task(kernel_pointers[i].addr, kernel_pointers[i].what);
	}
	is(thread_terminate(thread), KERN_SUCCESS, "the thread whose state we named ends");
	task_terminate(target);
	return 0;
}
