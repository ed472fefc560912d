/*
 * Copying to or from the current address space's user half with the MMU: one
 * rep movsb. A page fault on it is resolved by the VM layer as the user's own access
 * would be (interrupt_dispatch knows this instruction), and the copy goes on; a fault
 * the VM layer refuses ends it at user_copy_fault with -1.
 *
 * int64_t user_copy(void *dst, const void *src, uint64_t len)
 */
.text
.global user_copy, user_copy_insn, user_copy_fault
user_copy:
	mov %rdx, %rcx
user_copy_insn:
	rep movsb
	xor %eax, %eax
	ret
user_copy_fault:
	mov $-1, %rax
	ret

.section .note.GNU-stack,"",@progbits
