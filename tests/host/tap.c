/* TAP output for host unit tests. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include "tap.h"

static int tests_run, failures;

static int report(int cond, const char *fmt, va_list ap)
{
	tests_run++;
	if (!cond)
		failures++;
	printf("%s %d - ", cond ? "ok" : "not ok", tests_run);
	vprintf(fmt, ap);
	printf("\n");
	fflush(stdout);
	return cond;
}

int ok(int cond, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(cond, fmt, ap);
	va_end(ap);
	return cond;
}

int is_at(int64_t got, int64_t want, int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(got == want, fmt, ap);
	va_end(ap);
	if (got != want)
		diag("line %d: got %lld (%#llx), want %lld (%#llx)", line, (long long)got,
		     (unsigned long long)got, (long long)want, (unsigned long long)want);
	return got == want;
}

void diag(const char *fmt, ...)
{
	va_list ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

int done_testing(void)
{
	printf("1..%d\n", tests_run);
	if (failures)
		diag("%d of %d checks failed", failures, tests_run);
	return failures != 0;
}

/* The kernel's panic, for kernel code built into host tests: the test bails out. */
_Noreturn void panic_at(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	printf("Bail out! panic at %s:%d: ", file, line);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	abort();
}
