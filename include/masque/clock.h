/*
 * The clock page: the kernel's time source, readable in every task without a trap.
 * It is mapped read-only at CLOCK_PAGE_ADDR in every task:
 *
 *   ns since boot  = (rdtsc - tsc_base) * mult >> 32
 *   ns since 1970  = ns since boot + realtime_base_ns
 *
 * realtime_base_ns comes from the real-time clock at boot.
 */
#ifndef MASQUE_CLOCK_H
#define MASQUE_CLOCK_H

#include <stdint.h>

#define CLOCK_PAGE_ADDR 0x7fffffffe000ull /* the last page below VM_USER_TOP */

struct clock_page {
	uint64_t tsc_base;	   /* the TSC at boot */
	uint64_t mult;		   /* ns per TSC tick, times 2^32 */
	uint64_t realtime_base_ns; /* ns since 1970 at boot */
	uint64_t tsc_hz;	   /* the TSC's frequency, as calibrated */
};

static inline uint64_t clock_page_ns(const volatile struct clock_page *c, uint64_t tsc)
{
	return (uint64_t)((unsigned __int128)(tsc - c->tsc_base) * c->mult >> 32);
}

#endif
