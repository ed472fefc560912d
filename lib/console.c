/* printf for native programs: a line buffer flushed through debug_write. */
#include <stdio.h>
#include <string.h>
#include <trap.h>

static char line[512];
static size_t used;

void fflush_console(void)
{
	if (used)
		debug_write(line, used);
	used = 0;
}

static void sink(void *ctx, char c)
{
	(void)ctx;
	line[used++] = c;
	if (c == '\n' || used == sizeof(line))
		fflush_console();
}

int vprintf(const char *fmt, va_list ap)
{
	return vformat(sink, 0, fmt, ap);
}

int printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintf(fmt, ap);
	va_end(ap);
	return n;
}

int puts(const char *s)
{
	return printf("%s\n", s);
}
