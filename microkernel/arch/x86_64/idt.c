/* The interrupt descriptor table: every vector to its stub in entry.S; the
 * syscall MSRs; nothing else, as all policy is in interrupt_dispatch. */
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/gdt.h"
#include "arch/x86_64/idt.h"
#include "arch/x86_64/trapframe.h"

struct idt_entry {
	uint16_t offset_lo, selector;
	uint8_t ist, type;
	uint16_t offset_mid;
	uint32_t offset_hi, reserved;
} __attribute__((packed));

static struct idt_entry idt[IDT_VECTORS];

extern char interrupt_stubs[];
extern void syscall_entry(void);

/* Interrupt gate (0x8e): interrupts stay off in the kernel. int3 is allowed from
 * user mode (DPL 3) so that breakpoints become exceptions, not #GP. ist: 0, or the
 * TSS slot of a stack of the vector's own. */
static void set_gate(int vec, uint8_t dpl, uint8_t ist)
{
	uint64_t addr = (uint64_t)interrupt_stubs + 16 * vec;

	idt[vec] = (struct idt_entry){
		.offset_lo = addr & 0xffff,
		.selector = GDT_KERNEL_CS,
		.ist = ist,
		.type = 0x8e | dpl << 5,
		.offset_mid = (addr >> 16) & 0xffff,
		.offset_hi = addr >> 32,
	};
}

/* The vectors that must not run on the stack they interrupt: an NMI may come before
 * syscall_entry has left the user's stack, a double fault of a kernel stack overflow. */
static uint8_t ist_of(int vec)
{
	if (vec == VECTOR_NMI)
		return IST_NMI;
	if (vec == VECTOR_DOUBLE_FAULT)
		return IST_DOUBLE_FAULT;
	return 0;
}

void idt_init(void)
{
	struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) ptr = { sizeof(idt) - 1, (uint64_t)idt };

	for (int v = 0; v < IDT_VECTORS; v++)
		set_gate(v, v == 3 ? 3 : 0, ist_of(v));
	__asm__ volatile("lidt %0" : : "m"(ptr));
}

void syscall_init(void)
{
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | 1); /* syscall enable */
	wrmsr(MSR_STAR, (uint64_t)0x18 << 48 | (uint64_t)GDT_KERNEL_CS << 32);
	wrmsr(MSR_LSTAR, (uint64_t)syscall_entry);
	/* clear IF, TF, DF, AC, NT on entry */
	wrmsr(MSR_FMASK, 0x200 | 0x100 | 0x400 | 0x40000 | 0x4000);
}
