/* The x87/SSE state of user threads: enabled at boot, saved and restored with
 * fxsave/fxrstor at every switch between threads that own a state. */
#include <string.h>
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/fpu.h"

void fpu_init(void)
{
	uint64_t cr0 = read_cr0();

	cr0 &= ~(1ull << 2); /* EM off */
	cr0 |= 1ull << 1;    /* MP */
	cr0 &= ~(1ull << 3); /* TS off: state is switched eagerly */
	write_cr0(cr0);
	write_cr4(read_cr4() | 1 << 9 | 1 << 10); /* OSFXSR, OSXMMEXCPT */
	__asm__ volatile("fninit");
}

/* The state a new thread starts with: x87 defaults, SSE exceptions masked. */
void fpu_state_init(struct fpu_state *s)
{
	memset(s, 0, sizeof(*s));
	s->bytes[0] = 0x7f, s->bytes[1] = 0x03;		      /* FCW 0x037f */
	s->bytes[24] = 0x80, s->bytes[25] = 0x1f;	      /* MXCSR 0x1f80 */
}

void fpu_save(struct fpu_state *s)
{
	__asm__ volatile("fxsave64 %0" : "=m"(*s));
}

void fpu_restore(const struct fpu_state *s)
{
	__asm__ volatile("fxrstor64 %0" : : "m"(*s));
}
