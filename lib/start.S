/* Entry of native programs: the creator leaves rsp at argc, argv[], NULL, as on
 * Linux, and the same pointer in rdi. */
.section .text.start, "ax"
.global _start
_start:
	xor %ebp, %ebp
	and $-16, %rsp
	call lib_start
	ud2

.section .note.GNU-stack,"",@progbits
