/*
 * The way in and out of emul. The kernel sends every syscall of the program here with
 * the registers as they were but rcx (the return address) and r11 (the flags); the gs
 * base points at the thread's emul block (thread.h). The program's stack is never
 * touched: the first instruction parks rsp in the block and takes emul's stack.
 * The way out restores everything but rcx and r11, which hold the return address and
 * the flags as after Linux's own sysret, and jumps back without entering the kernel.
 */
#include <emul_start.h>
#include "frame_offsets.h"

/* At fixed places at the start of emul's text (emul.ld), for the process server:
 * EMUL_VECTOR_EFAULT (lib/include/emul_start.h) is where a thread resumes whose
 * access to the program's memory, made for a call, faulted. */
	.section .text.vectors, "ax"
	.global emul_vectors
emul_vectors:
	jmp emul_start
	.balign 16
	jmp emul_efault

/* The call being served ends with -EFAULT, as Linux's copy to or from a bad user
 * address does; outside a call there is nothing to return to. */
emul_efault:
	mov %gs:THREAD_FRAME, %rdi
	test %rdi, %rdi
	jz 1f
	movq $-14, (%rdi)	/* rax = -EFAULT */
	jmp emul_return
1:	ud2
	.balign EMUL_VECTORS_SIZE
	.global emul_vectors_end
emul_vectors_end:

	.text
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
	/* fall through */

/* emul_return(struct frame *f): into the program as f says. */
	.global emul_return
emul_return:
	mov %rdi, %rsp
	movq $0, %gs:THREAD_FRAME
	mov 0(%rsp), %rax
	mov 8(%rsp), %rbx
	mov 24(%rsp), %rdx
	mov 32(%rsp), %rsi
	mov 40(%rsp), %rdi
	mov 48(%rsp), %rbp
	mov 56(%rsp), %r8
	mov 64(%rsp), %r9
	mov 72(%rsp), %r10
	mov 88(%rsp), %r12
	mov 96(%rsp), %r13
	mov 104(%rsp), %r14
	mov 112(%rsp), %r15
	mov FRAME_RIP(%rsp), %rcx
	mov FRAME_RFLAGS(%rsp), %r11
	pushq FRAME_RFLAGS(%rsp)
	popfq			/* from here on, only moves and the jump: flags stay */
	mov FRAME_RSP(%rsp), %rsp
	jmp *%rcx

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
