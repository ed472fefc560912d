/*
 * printf-style formatting, shared by the kernel's console and native programs.
 * Conversions: %d %i %u %x %X %o %p %s %c %%, flags - 0, width, precision for %s,
 * length modifiers hh h l ll z.
 */
#ifndef MASQUE_FORMAT_H
#define MASQUE_FORMAT_H

#include <stdarg.h>
#include <stddef.h>

/* Receives each output character; ctx is the caller's. */
typedef void (*format_sink)(void *ctx, char c);

int vformat(format_sink sink, void *ctx, const char *fmt, va_list ap);
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
