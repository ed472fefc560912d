/* One allocation that fails on demand (fail_alloc.h): the wrapped malloc, calloc and
 * realloc count down to it and otherwise call the real ones. */
#include <stddef.h>
#include "fail_alloc.h"

void *__real_malloc(size_t size);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t size);
void *__wrap_malloc(size_t size);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t size);

static int armed, failed;
static unsigned countdown;

void fail_alloc_arm(unsigned after)
{
	armed = 1;
	failed = 0;
	countdown = after;
}

int fail_alloc_disarm(void)
{
	armed = 0;
	return failed;
}

/* Whether this allocation is the one to fail. */
static int fails_now(void)
{
	if (!armed)
		return 0;
	if (countdown--)
		return 0;
	armed = 0;
	failed = 1;
	return 1;
}

void *__wrap_malloc(size_t size)
{
	return fails_now() ? NULL : __real_malloc(size);
}

void *__wrap_calloc(size_t n, size_t size)
{
	return fails_now() ? NULL : __real_calloc(n, size);
}

void *__wrap_realloc(void *p, size_t size)
{
	return fails_now() ? NULL : __real_realloc(p, size);
}
