/*
 * Exceptions: a CPU fault in a user thread becomes an RPC from the kernel to the
 * task's exception port. The faulting thread waits for the reply: KERN_SUCCESS
 * resumes it (with whatever state the handler set), anything else, or no handler,
 * kills the task with a line on the console.
 */
#ifndef MASQUE_EXCEPTION_H
#define MASQUE_EXCEPTION_H

#include <masque/msg.h>

#define EXC_BAD_ACCESS	    1 /* page fault: address not mapped or protection */
#define EXC_BAD_INSTRUCTION 2 /* invalid opcode */
#define EXC_ARITHMETIC	    3 /* divide error, x87/SIMD floating point */
#define EXC_BREAKPOINT	    4 /* int3, debug */
#define EXC_PROTECTION	    5 /* general protection, privileged instruction */
/* No page: code KERN_MEMORY_ERROR (its pager failed it, or died), KERN_RESOURCE_SHORTAGE,
 * or KERN_ABORTED (thread_abort ended the wait for it; resuming the thread retries). */
#define EXC_MEMORY_ERROR 6

#define EXC_MSG_ID 0x45000001

/* Page-fault codes (exception_msg.code for EXC_BAD_ACCESS). */
#define EXC_ACCESS_WRITE 0x2
#define EXC_ACCESS_EXEC	 0x10

struct exception_msg {
	struct msg_header hdr;	/* id: EXC_MSG_ID; reply: a send-once right */
	struct msg_desc thread; /* send right to the faulting thread */
	struct msg_desc task;	/* send right to its task */
	uint32_t exception;	/* EXC_* */
	uint32_t vector;	/* the CPU vector */
	uint64_t code;		/* the CPU error code (EXC_ACCESS_* for page faults) */
	uint64_t address;	/* the faulting address (page faults) */
	uint64_t rip;		/* where it happened */
};

struct exception_reply {
	struct msg_header hdr;
	int32_t result; /* KERN_SUCCESS: resume; else kill the task */
	uint32_t pad;
};

#endif
