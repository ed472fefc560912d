/* TAP for host unit tests: numbered checks, diagnostics, the plan at the end. */
#ifndef TESTS_HOST_TAP_H
#define TESTS_HOST_TAP_H

#include <stdint.h>

/* Report one check; returns cond. */
int ok(int cond, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A check that got equals want, saying both if not. */
#define is(got, want, ...) is_at((int64_t)(got), (int64_t)(want), __LINE__, __VA_ARGS__)
int is_at(int64_t got, int64_t want, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Print the plan; the exit status: 0 if every check passed. */
int done_testing(void);
/* The kernel's panic (kern/console.h), for kernel code built into the tests: prints
 * "Bail out!" and aborts. */
_Noreturn void panic_at(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
