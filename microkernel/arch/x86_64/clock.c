/* Time: the PIT ticks at TICK_HZ for preemption and timeouts; the TSC, calibrated
 * against the PIT at boot, gives nanoseconds between ticks. */
#include "arch/x86_64/clock.h"
#include "arch/x86_64/cpu.h"

#define PIT_HZ 1193182
#define PIT_CH0 0x40
#define PIT_CH2 0x42
#define PIT_CMD 0x43
#define PIT_GATE 0x61

static uint64_t tsc_per_us;
static uint64_t tsc_boot;

/* Count TSC cycles over 10 ms of PIT channel 2, polled: no interrupts needed. */
static void calibrate_tsc(void)
{
	uint16_t count = PIT_HZ / 100;
	uint64_t t0, t1;

	outb(PIT_GATE, (inb(PIT_GATE) & ~0x02) | 0x01); /* gate on, speaker off */
	outb(PIT_CMD, 0xb0);				/* ch2, lo/hi, mode 0 */
	outb(PIT_CH2, count & 0xff);
	outb(PIT_CH2, count >> 8);
	t0 = rdtsc();
	while (!(inb(PIT_GATE) & 0x20))
		;
	t1 = rdtsc();
	tsc_per_us = (t1 - t0) / 10000;
	if (tsc_per_us == 0)
		tsc_per_us = 1;
}

void clock_init(void)
{
	uint16_t divisor = PIT_HZ / TICK_HZ;

	calibrate_tsc();
	tsc_boot = rdtsc();
	outb(PIT_CMD, 0x34); /* ch0, lo/hi, rate generator */
	outb(PIT_CH0, divisor & 0xff);
	outb(PIT_CH0, divisor >> 8);
}

uint64_t clock_ns(void)
{
	uint64_t cycles = rdtsc() - tsc_boot;

	/* split to avoid overflow of cycles * 1000 for long uptimes */
	return cycles / tsc_per_us * 1000 + cycles % tsc_per_us * 1000 / tsc_per_us;
}

uint64_t clock_tsc_per_us(void)
{
	return tsc_per_us;
}
