/*
 * Segments for long mode: flat kernel and user code/data in the order syscall and
 * sysret expect, and the TSS with the kernel stack for interrupts from user mode,
 * the stacks of NMI and double fault, and the I/O permission bitmap of the running
 * task.
 */
#include <string.h>
#include "arch/x86_64/gdt.h"
#include "arch/x86_64/trapframe.h"

struct tss {
	uint32_t reserved0;
	uint64_t rsp0, rsp1, rsp2;
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
	uint8_t iomap[IO_BITMAP_BYTES + 1]; /* the CPU reads one byte past the end */
} __attribute__((packed));

static struct tss tss __attribute__((aligned(16)));

/* Stacks of their own for an NMI and a double fault (see idt.c). */
#define IST_STACK_SIZE 8192
static uint8_t ist_stacks[2][IST_STACK_SIZE] __attribute__((aligned(16)));

static uint64_t gdt[8] = {
	0,
	0x00af9a000000ffff, /* 0x08 kernel code */
	0x00cf92000000ffff, /* 0x10 kernel data */
	0x00cffa000000ffff, /* 0x18 user code, 32-bit (unused; sysret's base) */
	0x00cff2000000ffff, /* 0x20 user data */
	0x00affa000000ffff, /* 0x28 user code, 64-bit */
	0,
	0, /* 0x30 TSS, two slots */
};

/* Set when the loaded bitmap is some task's: iomap_base points at it. */
static const void *loaded_iomap_owner;

void gdt_init(void)
{
	uint64_t base = (uint64_t)&tss;
	uint64_t limit = sizeof(tss) - 1;
	struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) ptr = { sizeof(gdt) - 1, (uint64_t)gdt };

	memset(&tss, 0, sizeof(tss));
	memset(tss.iomap, 0xff, sizeof(tss.iomap));
	tss.iomap_base = sizeof(tss); /* beyond the limit: no port allowed */
	tss.ist[IST_NMI - 1] = (uint64_t)ist_stacks[0] + IST_STACK_SIZE;
	tss.ist[IST_DOUBLE_FAULT - 1] = (uint64_t)ist_stacks[1] + IST_STACK_SIZE;
	gdt[6] = (limit & 0xffff) | (base & 0xffffff) << 16 | 0x89ull << 40 |
		 ((limit >> 16) & 0xf) << 48 | ((base >> 24) & 0xff) << 56;
	gdt[7] = base >> 32;
	__asm__ volatile("lgdt %0" : : "m"(ptr));
	__asm__ volatile("mov %0, %%ds; mov %0, %%es; mov %0, %%ss" : : "r"(GDT_KERNEL_DS));
	__asm__ volatile("ltr %w0" : : "r"(GDT_TSS));
}

void tss_set_kernel_stack(uint64_t top)
{
	tss.rsp0 = top;
}

/* Load the I/O bitmap of the task about to run (NULL: no ports). The copy is made
 * only when a different task's bitmap is needed, which is rare: only drivers have one. */
void tss_set_io_bitmap(const void *owner, const uint8_t *bitmap)
{
	if (!bitmap) {
		tss.iomap_base = sizeof(tss);
		return;
	}
	if (owner != loaded_iomap_owner) {
		memcpy(tss.iomap, bitmap, IO_BITMAP_BYTES);
		loaded_iomap_owner = owner;
	}
	tss.iomap_base = __builtin_offsetof(struct tss, iomap);
}

/* A task's bitmap changed or the task is gone: the loaded copy is stale. */
void tss_forget_io_bitmap(const void *owner)
{
	if (owner == loaded_iomap_owner)
		loaded_iomap_owner = 0;
}
