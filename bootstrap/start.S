/* The bootstrap's entry: the kernel jumps to the first byte of the flat binary with
 * rdi pointing at struct boot_info and a fresh stack. */
.section .text.start, "ax"
.global _start
_start:
	xor %ebp, %ebp
	and $-16, %rsp
	call bootstrap_main
	ud2

.section .note.GNU-stack,"",@progbits
