/*
 * Copying to or from the current address space's user half with the MMU: rep movsq
 * for the 8-byte words, rep movsb for the rest (a string instruction counts as one
 * instruction per element under QEMU's -icount, and runs one element a step under
 * TCG). A page fault on either is resolved by the VM layer as the user's own access
 * would be (interrupt_dispatch knows these two instructions), and the copy goes on
 * where it stopped; a fault the VM layer refuses ends it at user_copy_fault, with the
 * fault's error in rax (put there by the fault handler). Where the CPU has SMAP,
 * this instruction is the kernel's only access to user pages: stac opens them to it
 * and clac closes them again (smap.c patches both to no-ops on CPUs without SMAP).
 *
 * int64_t user_copy(void *dst, const void *src, uint64_t len)
 */
.text
.global user_copy, user_copy_insn, user_copy_tail, user_copy_fault, user_copy_stac, user_copy_clac
user_copy:
	mov %rdx, %rcx
	shr $3, %rcx
user_copy_stac:
	stac
user_copy_insn:
	rep movsq
	mov %rdx, %rcx
	and $7, %rcx
user_copy_tail:
	rep movsb
user_copy_clac:
	clac
	xor %eax, %eax
	ret
user_copy_fault: /* starts with a clac too; rax: the error */
	clac
	ret

.section .note.GNU-stack,"",@progbits
