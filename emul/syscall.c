/*
 * From a Linux system-call number to its handler. Numbers and names come from the
 * Linux UAPI header (the Makefile lists them in linux_syscalls.inc); a call emul does
 * not implement returns -ENOSYS and is named once on the console, so that a program
 * that goes wrong shows where.
 */
#include <asm/unistd_64.h>
#include <errno.h>
#include <stdio.h>
#include "process.h"
#include "signal.h"
#include "syscall.h"
#include "trace.h"

#define NAME(number, name) [number] = #name,
static const char *const names[] = {
#define X NAME
#include <linux_syscalls.inc>
#undef X
};

#define NCALLS (sizeof(names) / sizeof(names[0]))

#define ENTRY(name) [__NR_##name] = sys_##name,
static syscall_fn *const table[NCALLS] = { IMPLEMENTED(ENTRY) };

static uint8_t said[(NCALLS + 7) / 8];

static int64_t unimplemented(uint64_t n)
{
	if (n >= NCALLS)
		printf("emul: pid %d: system call %lu does not exist: -ENOSYS\n", process.pid, n);
	else if (!(said[n / 8] & (1u << (n % 8)))) {
		said[n / 8] |= (uint8_t)(1u << (n % 8));
		printf("emul: pid %d: %s (%lu) is not implemented: -ENOSYS\n", process.pid,
		       names[n] ? names[n] : "?", n);
	}
	return -ENOSYS;
}

static int64_t call(struct frame *f, uint64_t n)
{
	syscall_fn *fn = n < NCALLS ? table[n] : 0;

	return fn ? fn(f) : unimplemented(n);
}

/* The call said before it runs (exit does not come back) and after, with its result. */
static int64_t traced(struct frame *f, uint64_t n)
{
	const uint64_t args[6] = { f->rdi, f->rsi, f->rdx, f->r10, f->r8, f->r9 };
	const char *name = n < NCALLS && names[n] ? names[n] : "?";
	int64_t r;

	if (n == __NR_exit || n == __NR_exit_group)
		trace_call(n, name, args, 0, 0);
	r = call(f, n);
	trace_call(n, name, args, r, 1);
	return r;
}

void linux_syscall(struct frame *f)
{
	uint64_t n = f->rax;

	f->rax = (uint64_t)(process.trace ? traced(f, n) : call(f, n));
	signal_after_call(f, n);
}
