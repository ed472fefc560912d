/*
 * Every way into and out of the kernel: the syscall entry, the interrupt and
 * exception stubs, the return to user mode and the switch between kernel stacks.
 * The kernel runs with interrupts off; user mode and the idle loop take them.
 */
#include "entry_offsets.h"
#include "trapframe.h"

.macro PUSH_GPRS
	push %rax
	push %rbx
	push %rcx
	push %rbp
	push %r11
	push %r12
	push %r13
	push %r14
	push %r15
	push %r9
	push %r8
	push %r10
	push %rdx
	push %rsi
	push %rdi
.endm

.macro POP_GPRS
	pop %rdi
	pop %rsi
	pop %rdx
	pop %r10
	pop %r8
	pop %r9
	pop %r15
	pop %r14
	pop %r13
	pop %r12
	pop %r11
	pop %rbp
	pop %rcx
	pop %rbx
	pop %rax
.endm

.text

/* syscall: rcx = user rip, r11 = user rflags, interrupts masked by FMASK. We build
 * a trapframe like the CPU's interrupt frame so that all paths share one layout.
 *
 * A syscall of a program under emulation (from outside its emulation library's code)
 * is redirected: it goes on to the library's entry with every register as it is (rcx
 * the return address, r11 the flags, as the syscall instruction left them), by iretq
 * from the interrupt frame alone. Nothing is due at the user boundary here: every way
 * to user mode passed thread_user_boundary, and since then only this thread's user
 * code ran (one CPU; an interrupt does its own boundary). r11 serves as scratch once
 * the frame holds it. */
.global syscall_entry
syscall_entry:
	mov %rsp, cpu_user_rsp(%rip)
	mov cpu_kstack_top(%rip), %rsp
	push $GDT_USER_DS
	push cpu_user_rsp(%rip)
	push %r11
	push $GDT_USER_CS
	push %rcx
	mov cpu_emulation(%rip), %r11
	cmp EMULATION_CODE(%r11), %rcx
	jb 1f
	cmp EMULATION_CODE_END(%r11), %rcx
	jb trap /* the library's own trap */
1:	mov EMULATION_ENTRY(%r11), %r11
	test %r11, %r11
	jz trap /* no emulation */
	mov %r11, (%rsp) /* iretq goes to the entry */
	mov 16(%rsp), %r11
	iretq

/* A trap. The message trap, the hot one, goes straight to its handler with its
 * arguments where they came (the fourth but in rcx). */
trap:
	mov 16(%rsp), %r11
	push $0
	push $VECTOR_SYSCALL
	PUSH_GPRS
	cld
	cmp $TRAP_MSG, %rax
	jne 1f
	mov %r10, %rcx
	call syscall_msg
	jmp return_to_user
1:	mov %rsp, %rdi
	call syscall_dispatch
	/* fall through */

/* Leave to user mode from the trapframe at rsp. sysret when the frame is one
 * sysret can restore exactly (rcx = rip, r11 = rflags, canonical user rip), else
 * iretq, which restores every register. */
.global return_to_user
return_to_user:
	cmpq $VECTOR_SYSCALL, TF_VECTOR(%rsp)
	jne 1f
	mov TF_RIP(%rsp), %rax
	cmp TF_RCX(%rsp), %rax
	jne 1f
	shr $47, %rax
	jnz 1f
	mov TF_RFLAGS(%rsp), %rax
	cmp TF_R11(%rsp), %rax
	jne 1f
	POP_GPRS
	mov 40(%rsp), %rsp   /* user rsp: past vector, error, rip, cs, rflags */
	sysretq
1:	POP_GPRS
	add $16, %rsp
	iretq

/* Interrupt and exception stubs, 16 bytes apart (the IDT points at stub 16 * n):
 * push a dummy error code where the CPU pushes none, then the vector. */
.balign 16
.global interrupt_stubs
interrupt_stubs:
.set vec, 0
.rept 48
.balign 16
.if (vec == 8) || (vec == 10) || (vec == 11) || (vec == 12) || (vec == 13) || (vec == 14) || (vec == 17) || (vec == 21)
.else
	push $0
.endif
	push $vec
	jmp interrupt_common
.set vec, vec + 1
.endr

interrupt_common:
	PUSH_GPRS
	mov %rsp, %rdi
	push $2 /* flags all clear: DF, and AC, which user mode may set (SMAP) */
	popfq
	call interrupt_dispatch
	testb $3, TF_CS(%rsp)
	jnz return_to_user
	POP_GPRS
	add $16, %rsp
	iretq

/* void context_switch(uint64_t *save_rsp, uint64_t next_rsp): save the callee-saved
 * registers on this stack, continue on next's, where the same was saved. */
.global context_switch
context_switch:
	push %rbp
	push %rbx
	push %r12
	push %r13
	push %r14
	push %r15
	mov %rsp, (%rdi)
	mov %rsi, %rsp
	pop %r15
	pop %r14
	pop %r13
	pop %r12
	pop %rbx
	pop %rbp
	ret

/* Where a new thread's first context_switch lands: finish the switch in C, then
 * leave for user mode from the trapframe above. */
.global thread_trampoline
thread_trampoline:
	call thread_first_run
	jmp return_to_user

.section .note.GNU-stack,"",@progbits
