/* The kernel's own console: a polled 16550 on COM1, for boot messages and panics. */
#ifndef KERN_CONSOLE_H
#define KERN_CONSOLE_H

#include <stddef.h>

void console_init(void);
void console_write(const char *s, size_t n);
int kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
_Noreturn void panic_at(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#define panic(...) panic_at(__FILE__, __LINE__, __VA_ARGS__)
#define assert(c)  ((c) ? (void)0 : panic("assertion failed: %s", #c))

#endif
