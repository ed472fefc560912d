/* The two 8259 interrupt controllers, remapped to vectors 32..47. Lines start
 * masked; the timer and lines with a listener are unmasked. */
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/idt.h"
#include "arch/x86_64/pic.h"

#define PIC1 0x20
#define PIC2 0xa0

static uint16_t mask = 0xffff & ~(1 << 2); /* the cascade line stays open */

static void write_mask(void)
{
	outb(PIC1 + 1, mask & 0xff);
	outb(PIC2 + 1, mask >> 8);
}

void pic_init(void)
{
	outb(PIC1, 0x11), outb(PIC2, 0x11); /* init, expect ICW4 */
	outb(PIC1 + 1, IRQ_BASE), outb(PIC2 + 1, IRQ_BASE + 8);
	outb(PIC1 + 1, 4), outb(PIC2 + 1, 2); /* cascade on line 2 */
	outb(PIC1 + 1, 1), outb(PIC2 + 1, 1); /* 8086 mode */
	write_mask();
}

void pic_unmask(int irq)
{
	mask &= ~(1 << irq);
	write_mask();
}

void pic_mask(int irq)
{
	mask |= 1 << irq;
	write_mask();
}

void pic_eoi(int irq)
{
	if (irq >= 8)
		outb(PIC2, 0x20);
	outb(PIC1, 0x20);
}

/* Spurious interrupts (7 and 15) are not in the in-service register. */
int pic_is_spurious(int irq)
{
	uint16_t port = irq == 7 ? PIC1 : PIC2;

	if (irq != 7 && irq != 15)
		return 0;
	outb(port, 0x0b); /* read ISR */
	if (inb(port) & 0x80)
		return 0;
	if (irq == 15)
		outb(PIC1, 0x20); /* the master saw a real cascade interrupt */
	return 1;
}
