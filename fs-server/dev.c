/* null, zero, full, random and urandom. */
#include <errno.h>
#include <masque/clock.h>
#include <string.h>
#include "chacha20.h"
#include "dev.h"

#define DEV_NULL    3
#define DEV_ZERO    5
#define DEV_FULL    7
#define DEV_RANDOM  8
#define DEV_URANDOM 9

static struct chacha20_rng rng;

uint32_t dev_major(uint32_t rdev)
{
	return (rdev & 0xfff00) >> 8;
}

uint32_t dev_minor(uint32_t rdev)
{
	return (rdev & 0xff) | ((rdev >> 12) & 0xfff00);
}

int dev_known(uint32_t rdev)
{
	uint32_t minor = dev_minor(rdev);

	if (dev_major(rdev) != DEV_MEM_MAJOR)
		return -ENXIO;
	return minor == DEV_NULL || minor == DEV_ZERO || minor == DEV_FULL || minor == DEV_RANDOM ||
			       minor == DEV_URANDOM
		       ? 0
		       : -ENXIO;
}

int64_t dev_read(uint32_t rdev, void *buf, size_t len)
{
	switch (dev_minor(rdev)) {
	case DEV_NULL:
		return 0;
	case DEV_ZERO:
	case DEV_FULL:
		memset(buf, 0, len);
		return (int64_t)len;
	case DEV_RANDOM: /* seeded once at start, like Linux's after boot: never blocks */
	case DEV_URANDOM:
		chacha20_rng_fill(&rng, buf, len);
		return (int64_t)len;
	default:
		return -ENXIO;
	}
}

int64_t dev_write(uint32_t rdev, const void *buf, size_t len)
{
	switch (dev_minor(rdev)) {
	case DEV_FULL:
		return -ENOSPC;
	case DEV_RANDOM: /* what is written is mixed in, as on Linux (no credit) */
	case DEV_URANDOM:
		chacha20_rng_seed(&rng, buf, len);
		return (int64_t)len;
	default:
		return (int64_t)len; /* null and zero swallow it */
	}
}

static void cpuid(uint32_t leaf, uint32_t r[4])
{
	__asm__ volatile("cpuid"
			 : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
			 : "a"(leaf), "c"(0));
}

/* Whether bit of register reg (0 eax ... 3 edx) of CPUID leaf is set. */
static int cpu_has(uint32_t leaf, int reg, int bit)
{
	uint32_t r[4];

	cpuid(0, r);
	if (r[0] < leaf)
		return 0; /* the CPU has no such leaf */
	cpuid(leaf, r);
	return r[reg] >> bit & 1;
}

/* A hardware random value (RDSEED, else RDRAND), or 0 where the CPU has neither or it
 * failed to deliver. */
static uint64_t hardware_random(void)
{
	uint64_t v = 0;
	uint8_t good = 0;

	if (cpu_has(7, 1, 18)) /* EBX bit 18: RDSEED */
		__asm__ volatile("rdseed %0; setc %1" : "=r"(v), "=qm"(good));
	else if (cpu_has(1, 2, 30)) /* ECX bit 30: RDRAND */
		__asm__ volatile("rdrand %0; setc %1" : "=r"(v), "=qm"(good));
	return good ? v : 0;
}

void dev_seed_random(void)
{
	const volatile struct clock_page *cp = (const struct clock_page *)CLOCK_PAGE_ADDR;
	uint64_t seed[34];

	/* the hardware's values where it has them; the TSC's low bits at each step,
	 * which wander with the machine's timing, and the wall-clock time at boot */
	for (int i = 0; i < 32; i++) {
		uint32_t lo, hi;
		__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
		seed[i] = hardware_random() ^ ((uint64_t)hi << 32 | lo);
	}
	seed[32] = cp->realtime_base_ns;
	seed[33] = cp->tsc_base;
	chacha20_rng_seed(&rng, seed, sizeof(seed));
	memset(seed, 0, sizeof(seed));
}
