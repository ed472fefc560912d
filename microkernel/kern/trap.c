/* Interrupts and CPU exceptions: device interrupts, the tick, user faults (the VM
 * layer first, then the exception port), and kernel faults, which are bugs. */
#include <masque/error.h>
#include <masque/exception.h>
#include <masque/vm.h>
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/fpu.h"
#include "arch/x86_64/idt.h"
#include "arch/x86_64/pic.h"
#include "arch/x86_64/trapframe.h"
#include "kern/console.h"
#include "kern/irq.h"
#include "sched/sched.h"
#include "task/exception.h"
#include "task/task.h"
#include "task/thread.h"
#include "vm/usercopy.h"
#include "vm/vm_map.h"

#define PF_WRITE 0x2
#define PF_FETCH 0x10

static void dump(const struct trapframe *tf)
{
	kprintf("  vector %lu error %lx rip %lx cs %lx rflags %lx rsp %lx cr2 %lx\n", tf->vector,
		tf->error, tf->rip, tf->cs, tf->rflags, tf->rsp, read_cr2());
	kprintf("  rax %lx rbx %lx rcx %lx rdx %lx rsi %lx rdi %lx rbp %lx\n", tf->rax, tf->rbx,
		tf->rcx, tf->rdx, tf->rsi, tf->rdi, tf->rbp);
	kprintf("  r8 %lx r9 %lx r10 %lx r11 %lx r12 %lx r13 %lx r14 %lx r15 %lx\n", tf->r8, tf->r9,
		tf->r10, tf->r11, tf->r12, tf->r13, tf->r14, tf->r15);
}

static unsigned exception_of(uint64_t vector)
{
	switch (vector) {
	case 0:
	case 16:
	case 19:
		return EXC_ARITHMETIC;
	case 1:
	case 3:
		return EXC_BREAKPOINT;
	case 6:
		return EXC_BAD_INSTRUCTION;
	case 14:
		return EXC_BAD_ACCESS;
	default:
		return EXC_PROTECTION;
	}
}

static void user_fault(struct trapframe *tf)
{
	if (tf->vector == 7) { /* device not available: the thread's first FPU use */
		fpu_trap(&current->fpu);
		return;
	}
	if (tf->vector == 14) {
		uint64_t addr = read_cr2();
		unsigned access = tf->error & PF_WRITE	 ? VM_PROT_WRITE
				  : tf->error & PF_FETCH ? VM_PROT_EXEC
							 : VM_PROT_READ;
		int err = vm_fault(current->task->map, addr, access);
		if (err == KERN_SUCCESS || (current->ast & AST_TERMINATE))
			return; /* done, or the wait ended because the thread does */
		/* thread_abort ended a wait for a page or a frame: the task decides (its
		 * handler may resume the thread, which faults again) */
		if (err == KERN_MEMORY_ERROR || err == KERN_RESOURCE_SHORTAGE ||
		    err == KERN_ABORTED) {
			exception_raise(tf, EXC_MEMORY_ERROR, err, addr);
			return;
		}
		exception_raise(tf, EXC_BAD_ACCESS,
				(tf->error & PF_WRITE ? EXC_ACCESS_WRITE : 0) |
					(tf->error & PF_FETCH ? EXC_ACCESS_EXEC : 0) |
					(err == KERN_NO_ACCESS ? EXC_ACCESS_PROTECTION : 0),
				addr);
		return;
	}
	exception_raise(tf, exception_of(tf->vector), tf->error, 0);
}

/* A page fault of the kernel's user copy: resolve it as the user's access, or end
 * the copy with an error. */
static int user_copy_fault_handled(struct trapframe *tf)
{
	if (tf->vector != 14 || !current->task ||
	    (tf->rip != (uint64_t)user_copy_insn && tf->rip != (uint64_t)user_copy_tail))
		return 0;
	uint64_t addr = read_cr2();
	unsigned access = tf->error & PF_WRITE ? VM_PROT_WRITE : VM_PROT_READ;
	int err = addr < VM_USER_TOP ? vm_fault(current->task->map, addr, access)
				     : KERN_INVALID_ADDRESS;
	if (err) { /* refused, or aborted while waiting for a pager: the copy fails */
		tf->rip = (uint64_t)user_copy_fault;
		tf->rax = err;
	}
	return 1;
}

void interrupt_dispatch(struct trapframe *tf)
{
	if (tf->vector == VECTOR_NMI) { /* on a stack of its own: no switch from here */
		kprintf("masque: NMI, going on\n");
		return;
	}
	if (tf->vector >= IRQ_BASE && tf->vector < IRQ_BASE + IRQ_LINES)
		irq_handle(tf->vector - IRQ_BASE, trapframe_from_user(tf));
	else if (trapframe_from_user(tf))
		user_fault(tf);
	else if (user_copy_fault_handled(tf))
		return;
	else {
		kprintf("masque: kernel fault\n");
		dump(tf);
		panic("fault in the kernel");
	}
	if (trapframe_from_user(tf))
		thread_user_boundary();
}
