/*
 * The way in and out of emul. The kernel sends every syscall of the program here with
 * the registers as they were but rcx (the return address) and r11 (the flags); the gs
 * base points at the thread's emul block (thread.h). The program's stack is never
 * touched: the first instruction parks rsp in the block and takes emul's stack.
 * The way out restores every register and jumps back without entering the kernel
 * (through the block, which the program does not use: gs is emul's).
 */
#include <emul_start.h>
#include "frame_offsets.h"

/* At fixed places at the start of emul's text (emul.ld), for the process server
 * (lib/include/emul_start.h): where a thread starts, where one resumes whose access
 * to the program's memory, made for a call, faulted, and where one stopped in the
 * program goes to take its signals; then emul_return, the way out. */
	.section .text.vectors, "ax"
	.global emul_vectors
emul_vectors:
	jmp emul_start
	.org emul_vectors + EMUL_VECTOR_EFAULT
	jmp emul_efault
	.org emul_vectors + EMUL_VECTOR_SIGNAL
	jmp emul_signal_vector
	.org emul_vectors + EMUL_RETURN_START

/* emul_return(struct frame *f): into the program as f says, every register restored
 * (after a call, rcx and r11 hold the return address and the flags, as Linux's sysret
 * leaves them). A signal pending and not blocked is delivered first: the process
 * server may have said so after the call last looked, and a thread in here is one it
 * lets run on; so the last look is here, and from it to the jump only moves. */
	.global emul_return
emul_return:
	mov %rdi, %rsp
	movq $0, %gs:THREAD_FRAME
	mov %gs:THREAD_BLOCKED, %rax
	not %rax
	and %gs:THREAD_PENDING, %rax
	jnz 1f
	mov FRAME_RIP(%rsp), %rax
	mov %rax, %gs:THREAD_RESUME_RIP
	mov 0(%rsp), %rax
	mov 8(%rsp), %rbx
	mov 16(%rsp), %rcx
	mov 24(%rsp), %rdx
	mov 32(%rsp), %rsi
	mov 40(%rsp), %rdi
	mov 48(%rsp), %rbp
	mov 56(%rsp), %r8
	mov 64(%rsp), %r9
	mov 72(%rsp), %r10
	mov 80(%rsp), %r11
	mov 88(%rsp), %r12
	mov 96(%rsp), %r13
	mov 104(%rsp), %r14
	mov 112(%rsp), %r15
	pushq FRAME_RFLAGS(%rsp)
	popfq
	mov FRAME_RSP(%rsp), %rsp
	jmp *%gs:THREAD_RESUME_RIP
1:	mov %rsp, %rdi
	call signal_deliver
	mov %rsp, %rdi
	jmp emul_return
	.org emul_vectors + EMUL_VECTORS_SIZE
	.global emul_vectors_end
emul_vectors_end:

	.text
/* The call being served ends with -EFAULT, as Linux's copy to or from a bad user
 * address does; but user_copy's own fault returns from user_copy. */
emul_efault:
	mov %gs:THREAD_FIXUP, %rax
	test %rax, %rax
	jz 1f
	movq $0, %gs:THREAD_FIXUP
	jmp *%rax
1:	mov %gs:THREAD_FRAME, %rdi
	test %rdi, %rdi
	jz 2f
	movq $-14, (%rdi)	/* rax = -EFAULT */
	jmp emul_return
2:	ud2

/* int64_t user_copy(void *to, const void *from, uint64_t n): 0, or -EFAULT if the
 * program's memory at either end faults (signal frames, where no call's EFAULT fits). */
	.global user_copy
user_copy:
	lea 1f(%rip), %rax
	mov %rax, %gs:THREAD_FIXUP
	mov %rdx, %rcx
	rep movsb
	movq $0, %gs:THREAD_FIXUP
	xor %eax, %eax
	ret
1:	mov $-14, %rax
	ret

/* A thread the process server stopped in the program's code, with its registers in
 * the block: on its emul stack, signals are delivered, then back. */
emul_signal_vector:
	mov %gs:THREAD_STACK_TOP, %rsp
	sub $FRAME_SIZE, %rsp
	mov %rsp, %rdi
	call signal_interrupted
	mov %rsp, %rdi
	jmp emul_return

	.global emul_entry
emul_entry:
	mov %rsp, %gs:THREAD_PROGRAM_RSP
	mov %gs:THREAD_STACK_TOP, %rsp
	sub $FRAME_SIZE, %rsp
	mov %rax, 0(%rsp)
	mov %rbx, 8(%rsp)
	mov %rcx, 16(%rsp)
	mov %rdx, 24(%rsp)
	mov %rsi, 32(%rsp)
	mov %rdi, 40(%rsp)
	mov %rbp, 48(%rsp)
	mov %r8, 56(%rsp)
	mov %r9, 64(%rsp)
	mov %r10, 72(%rsp)
	mov %r11, 80(%rsp)
	mov %r12, 88(%rsp)
	mov %r13, 96(%rsp)
	mov %r14, 104(%rsp)
	mov %r15, 112(%rsp)
	mov %rcx, FRAME_RIP(%rsp)
	mov %r11, FRAME_RFLAGS(%rsp)
	mov %gs:THREAD_PROGRAM_RSP, %rax
	mov %rax, FRAME_RSP(%rsp)
	mov %rsp, %rdi
	mov %rsp, %gs:THREAD_FRAME
	cld
	call linux_syscall
	mov %rsp, %rdi
	jmp emul_return

/* A forked child's first instruction (the process server starts it here: rdi the
 * frame to return with, rsi its pid, rdx its port there): on to fork_child. */
	.global emul_fork_child
emul_fork_child:
	and $-16, %rsp
	call fork_child
	ud2

/* A new thread's first instruction (thread.c starts it here with rsp and rdi at its
 * frame, on its own emul stack): into the program. */
	.global emul_thread_start
emul_thread_start:
	jmp emul_return

/* The first thread's first instruction (the process server starts it here with rdi
 * pointing at the start block and rsp at a stack of emul's): on to emul_main. */
	.global emul_start
emul_start:
	and $-16, %rsp
	call emul_main
	ud2

	.section .note.GNU-stack, "", @progbits
