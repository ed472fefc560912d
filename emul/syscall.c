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
#include "syscall.h"

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

void linux_syscall(struct frame *f)
{
	uint64_t n = f->rax;
	syscall_fn *fn = n < NCALLS ? table[n] : 0;

	f->rax = (uint64_t)(fn ? fn(f) : unimplemented(n));
}
