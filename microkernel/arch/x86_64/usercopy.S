/*
 * Copying to or from the current address space's user half with the MMU: one
 * rep movsb. A page fault on it is resolved by the VM layer as the user's own access
 * would be (interrupt_dispatch knows this instruction), and the copy goes on; a fault
 * the VM layer refuses ends it at user_copy_fault, with the fault's error in rax (put
 * there by the fault handler). Where the CPU has SMAP,
 * this instruction is the kernel's only access to user pages: stac opens them to it
 * and clac closes them again (smap.c patches both to no-ops on CPUs without SMAP).
 *
 * int64_t user_copy(void *dst, const void *src, uint64_t len)
 */
.text
.global user_copy, user_copy_insn, user_copy_fault, user_copy_stac, user_copy_clac
user_copy:
	mov %rdx, %rcx
user_copy_stac:
	stac
user_copy_insn:
	rep movsb
user_copy_clac:
	clac
	xor %eax, %eax
	ret
user_copy_fault: /* starts with a clac too; rax: the error */
	clac
	ret

.section .note.GNU-stack,"",@progbits
