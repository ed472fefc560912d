/* The tick and the nanosecond clock. */
#ifndef ARCH_CLOCK_H
#define ARCH_CLOCK_H

#include <stdint.h>

#define TICK_HZ	    1000
#define NS_PER_TICK (1000000000ull / TICK_HZ)

void clock_init(void);
uint64_t clock_ns(void);
/* What the clock page publishes. */
struct clock_page;
const struct clock_page *clock_params(void);

#endif
