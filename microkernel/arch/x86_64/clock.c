/* Time: the PIT ticks at TICK_HZ for preemption and timeouts; the TSC, calibrated
 * against the PIT at boot, gives nanoseconds, by the same formula the clock page
 * publishes to user space. */
#include <masque/clock.h>
#include "arch/x86_64/clock.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/rtc.h"

#define PIT_HZ	       1193182
#define PIT_CH0	       0x40
#define PIT_CH2	       0x42
#define PIT_CMD	       0x43
#define PIT_GATE       0x61
#define CALIBRATION_NS 10000000ull /* 10 ms */

static struct clock_page params;

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
	uint64_t cycles = t1 > t0 ? t1 - t0 : 1;
	params.mult = (CALIBRATION_NS << 32) / cycles;
	params.tsc_hz = cycles * (1000000000ull / CALIBRATION_NS);
}

void clock_init(void)
{
	uint16_t divisor = PIT_HZ / TICK_HZ;

	calibrate_tsc();
	params.tsc_base = rdtsc();
	params.realtime_base_ns = rtc_read_epoch_seconds() * 1000000000ull;
	outb(PIT_CMD, 0x34); /* ch0, lo/hi, rate generator */
	outb(PIT_CH0, divisor & 0xff);
	outb(PIT_CH0, divisor >> 8);
}

uint64_t clock_ns(void)
{
	return clock_page_ns(&params, rdtsc());
}

const struct clock_page *clock_params(void)
{
	return &params;
}
