/*
 * SMEP and SMAP (CPUID leaf 7: EBX bits 7 and 20; CR4 bits 20 and 21). With SMAP on,
 * user_copy opens user pages with stac and closes them with clac; the syscall entry
 * clears the flag (MSR_FMASK) and so does every interrupt entry (entry.S), so a user's
 * flag never reaches the kernel. On a CPU without SMAP those two instructions are
 * undefined: they are overwritten with a no-op of the same length here, once.
 */
#include <string.h>
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/smap.h"
#include "kern/console.h"
#include "vm/usercopy.h"

#define CPUID7_EBX_SMEP (1u << 7)
#define CPUID7_EBX_SMAP (1u << 20)
#define CR4_SMEP	(1ull << 20)
#define CR4_SMAP	(1ull << 21)

extern char user_copy_stac[], user_copy_clac[];

/* The kernel image is mapped writable at boot: patch each stac/clac into a nopl. */
static void drop_access_switches(void)
{
	static const unsigned char nop3[3] = { 0x0f, 0x1f, 0x00 };
	char *sites[] = { user_copy_stac, user_copy_clac, user_copy_fault };

	for (unsigned i = 0; i < sizeof(sites) / sizeof(sites[0]); i++)
		memcpy(sites[i], nop3, sizeof(nop3));
}

void smap_init(void)
{
	uint32_t r[4] = { 0 };
	uint64_t cr4 = read_cr4();

	cpuid(0, 0, r);
	uint32_t max_leaf = r[0];
	r[1] = 0;
	if (max_leaf >= 7)
		cpuid(7, 0, r);
	int smep = !!(r[1] & CPUID7_EBX_SMEP), smap = !!(r[1] & CPUID7_EBX_SMAP);
	if (smep)
		cr4 |= CR4_SMEP;
	if (smap)
		cr4 |= CR4_SMAP;
	else
		drop_access_switches();
	write_cr4(cr4);
	kprintf("masque: SMEP %s, SMAP %s\n", smep ? "on" : "off", smap ? "on" : "off");
}
