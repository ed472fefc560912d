/* Console output for native programs, through the kernel's debug console. */
#ifndef LIB_STDIO_H
#define LIB_STDIO_H

#include <format.h>
#include <stdarg.h>

int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int vprintf(const char *fmt, va_list ap);
int puts(const char *s);
/* Write out what printf has buffered (it flushes at each newline). */
void fflush_console(void);

#endif
