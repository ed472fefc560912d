/*
 * Boot entry: GRUB (multiboot2) or QEMU -kernel (multiboot1) enters here in 32-bit
 * protected mode with paging off. We build just enough page tables to reach long mode
 * and the higher half, then call kmain(magic, info) in C.
 */
#include "layout.h"

#define MB2_MAGIC 0xe85250d6
#define MB1_MAGIC 0x1badb002
#define MB1_FLAGS 0x00010003 /* page-align modules, memory map, a.out kludge */

.section .boot.header, "a"
.balign 8
mb2_header:
	.long MB2_MAGIC
	.long 0                             /* i386 protected mode */
	.long mb2_header_end - mb2_header
	.long -(MB2_MAGIC + (mb2_header_end - mb2_header))
	.balign 8
	.short 6, 0                         /* module alignment tag: page-aligned modules */
	.long 8
	.short 0, 0                         /* end tag */
	.long 8
mb2_header_end:

/* Multiboot1 header for QEMU's -kernel loader, which refuses 64-bit ELF files
 * unless the a.out kludge gives it the load addresses itself. */
.balign 4
mb1_header:
	.long MB1_MAGIC
	.long MB1_FLAGS
	.long -(MB1_MAGIC + MB1_FLAGS)
	.long mb1_header - KERNEL_VBASE         /* header_addr */
	.long __image_start - KERNEL_VBASE      /* load_addr */
	.long __data_end - KERNEL_VBASE         /* load_end_addr */
	.long __bss_end - KERNEL_VBASE          /* bss_end_addr */
	.long boot_entry32 - KERNEL_VBASE       /* entry_addr */

.section .boot.text, "ax"
.code32
.global boot_entry32
boot_entry32:
	cli
	mov %eax, %edi                      /* multiboot magic: first argument of kmain */
	mov %ebx, %esi                      /* multiboot info (physical): second argument */
	mov $(boot_stack_top - KERNEL_VBASE), %esp

	/* PML4[0] and PML4[511] -> low PDPT, PML4[256] -> physmap PDPT */
	mov $(boot_pdpt_low - KERNEL_VBASE + 3), %eax
	mov %eax, (boot_pml4 - KERNEL_VBASE)
	mov %eax, (boot_pml4 - KERNEL_VBASE + 511 * 8)
	mov $(boot_pdpt_phys - KERNEL_VBASE + 3), %eax
	mov %eax, (boot_pml4 - KERNEL_VBASE + 256 * 8)

	/* low PDPT: [0] identity 0..1G, [510] kernel at -2G -> 0..1G */
	mov $(boot_pd - KERNEL_VBASE + 3), %eax
	mov %eax, (boot_pdpt_low - KERNEL_VBASE)
	mov %eax, (boot_pdpt_low - KERNEL_VBASE + 510 * 8)

	/* physmap PDPT: four page directories mapping 0..4G with 2 MiB pages */
	mov $(boot_pd - KERNEL_VBASE + 3), %eax
	xor %ecx, %ecx
1:	mov %eax, (boot_pdpt_phys - KERNEL_VBASE)(,%ecx,8)
	add $4096, %eax
	inc %ecx
	cmp $4, %ecx
	jne 1b

	/* the four page directories: 2048 entries of 2 MiB, present|writable|huge */
	mov $0x83, %eax
	xor %ecx, %ecx
	xor %edx, %edx
2:	mov %eax, (boot_pd - KERNEL_VBASE)(,%ecx,8)
	mov %edx, (boot_pd - KERNEL_VBASE + 4)(,%ecx,8)
	add $0x200000, %eax
	adc $0, %edx
	inc %ecx
	cmp $2048, %ecx
	jne 2b

	mov %cr4, %eax
	or $0x20, %eax                      /* PAE */
	mov %eax, %cr4
	mov $(boot_pml4 - KERNEL_VBASE), %eax
	mov %eax, %cr3
	mov $0xc0000080, %ecx               /* EFER: long mode enable, no-execute enable */
	rdmsr
	or $0x900, %eax
	wrmsr
	mov %cr0, %eax
	or $0x80010001, %eax                /* paging, write protect, protected mode */
	mov %eax, %cr0

	lgdt (boot_gdt_ptr - KERNEL_VBASE)
	ljmp $8, $(boot_entry64 - KERNEL_VBASE)

.code64
boot_entry64:
	movabs $higher_half, %rax
	jmp *%rax

.text
higher_half:
	mov $0x10, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %ss
	xor %ax, %ax
	mov %ax, %fs
	mov %ax, %gs
	movabs $boot_stack_top, %rsp
	xor %ebp, %ebp
	call kmain
3:	hlt
	jmp 3b

.section .boot.data, "aw"
.balign 8
boot_gdt:
	.quad 0
	.quad 0x00af9a000000ffff            /* 64-bit code */
	.quad 0x00cf92000000ffff            /* data */
boot_gdt_ptr:
	.short boot_gdt_ptr - boot_gdt - 1
	.long boot_gdt - KERNEL_VBASE

.section .boot.bss, "aw", @nobits
.balign 4096
.global boot_pml4
boot_pml4:	.skip 4096
boot_pdpt_low:	.skip 4096
boot_pdpt_phys:	.skip 4096
boot_pd:	.skip 4 * 4096
.global boot_stack_top
boot_stack:	.skip 16384
boot_stack_top:
.section .note.GNU-stack,"",@progbits
