/* The kernel console on COM1: polled output only, so it works from any context. */
#include <format.h>
#include "arch/x86_64/cpu.h"
#include "kern/console.h"
#include "kern/power.h"

#define COM1 0x3f8

void console_init(void)
{
	outb(COM1 + 1, 0x00); /* no interrupts: the kernel polls */
	outb(COM1 + 3, 0x80); /* divisor latch */
	outb(COM1 + 0, 0x01); /* 115200 baud */
	outb(COM1 + 1, 0x00);
	outb(COM1 + 3, 0x03); /* 8N1 */
	outb(COM1 + 2, 0xc7); /* FIFO on */
	outb(COM1 + 4, 0x03); /* DTR, RTS */
}

static void console_putc(char c)
{
	if (c == '\n')
		console_putc('\r');
	while (!(inb(COM1 + 5) & 0x20))
		;
	outb(COM1, c);
}

void console_write(const char *s, size_t n)
{
	while (n--)
		console_putc(*s++);
}

static void sink(void *ctx, char c)
{
	(void)ctx;
	console_putc(c);
}

int kprintf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vformat(sink, 0, fmt, ap);
	va_end(ap);
	return n;
}

_Noreturn void panic_at(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	irq_disable();
	kprintf("\nmasque: panic at %s:%d: ", file, line);
	va_start(ap, fmt);
	vformat(sink, 0, fmt, ap);
	va_end(ap);
	kprintf("\n");
	power_off(POWER_PANIC);
}
