/* The clocks emul keeps (time.c). */
#ifndef EMUL_CLOCK_H
#define EMUL_CLOCK_H

#include <stdint.h>

/* Now on clock (CLOCK_REALTIME, CLOCK_MONOTONIC...) in ns; -EINVAL for a clock that
 * is not kept. */
int64_t clock_now_ns(int clock, uint64_t *ns);

#endif
