/*
 * Exceptions: a CPU fault in a user thread becomes an RPC from the kernel to the
 * task's exception port (exc.raise, interfaces/exc.defs). The faulting thread waits
 * for the reply: KERN_SUCCESS resumes it (with whatever state the handler set),
 * anything else, or no handler, kills the task with a line on the console. Here: the
 * codes the message carries.
 */
#ifndef MASQUE_EXCEPTION_H
#define MASQUE_EXCEPTION_H

#define EXC_BAD_ACCESS	    1 /* page fault: address not mapped or protection */
#define EXC_BAD_INSTRUCTION 2 /* invalid opcode */
#define EXC_ARITHMETIC	    3 /* divide error, x87/SIMD floating point */
#define EXC_BREAKPOINT	    4 /* int3, debug */
#define EXC_PROTECTION	    5 /* general protection, privileged instruction */
/* No page: code KERN_MEMORY_ERROR (its pager failed it, or died), KERN_RESOURCE_SHORTAGE,
 * or KERN_ABORTED (thread_abort ended the wait for it; resuming the thread retries). */
#define EXC_MEMORY_ERROR 6

/* Page-fault codes (exc.raise's code for EXC_BAD_ACCESS). */
#define EXC_ACCESS_PROTECTION 0x1 /* the address is mapped, but not for this access */
#define EXC_ACCESS_WRITE      0x2
#define EXC_ACCESS_EXEC	      0x10

#endif
