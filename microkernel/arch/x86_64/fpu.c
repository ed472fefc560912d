/*
 * The x87/SSE state of user threads, switched lazily: the registers hold the state of
 * one owner thread; any other thread runs with CR0.TS set, and its first FPU or SSE
 * instruction traps (#NM), which saves the owner's state and loads its own. Threads
 * that never touch the FPU (native servers are built without it) never pay for it,
 * and two that ping-pong messages with one FPU user between them only flip TS.
 */
#include <string.h>
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/fpu.h"

#define CR0_TS (1ull << 3)

static struct fpu_state *owner; /* whose state the registers hold, or NULL */
static int ts_set;

static void set_ts(int on)
{
	if (on == ts_set)
		return;
	if (on)
		write_cr0(read_cr0() | CR0_TS);
	else
		__asm__ volatile("clts");
	ts_set = on;
}

void fpu_init(void)
{
	uint64_t cr0 = read_cr0();

	cr0 &= ~(1ull << 2); /* EM off */
	cr0 |= 1ull << 1;    /* MP: wait/fwait honour TS too */
	write_cr0(cr0);
	write_cr4(read_cr4() | 1 << 9 | 1 << 10); /* OSFXSR, OSXMMEXCPT */
	ts_set = 0;
	set_ts(1);
}

/* The state a new thread starts with: x87 defaults, SSE exceptions masked. */
void fpu_state_init(struct fpu_state *s)
{
	memset(s, 0, sizeof(*s));
	s->bytes[0] = 0x7f, s->bytes[1] = 0x03;	  /* FCW 0x037f */
	s->bytes[24] = 0x80, s->bytes[25] = 0x1f; /* MXCSR 0x1f80 */
}

void fpu_switch_to(struct fpu_state *next)
{
	set_ts(next != owner);
}

void fpu_trap(struct fpu_state *current_state)
{
	set_ts(0);
	if (owner == current_state)
		return;
	if (owner)
		__asm__ volatile("fxsave64 %0" : "=m"(*owner));
	__asm__ volatile("fxrstor64 %0" : : "m"(*current_state));
	owner = current_state;
}

void fpu_forget(struct fpu_state *s)
{
	if (owner == s)
		owner = NULL;
}

void fpu_sync(struct fpu_state *s)
{
	if (owner == s) {
		set_ts(0);
		__asm__ volatile("fxsave64 %0" : "=m"(*s));
	}
}
