/* The clocks emul keeps (time.c). */
#ifndef EMUL_CLOCK_H
#define EMUL_CLOCK_H

#include <stdint.h>

/* Now on clock (CLOCK_REALTIME, CLOCK_MONOTONIC...) in ns; -EINVAL for a clock that
 * is not kept. */
int64_t clock_now_ns(int clock, uint64_t *ns);

/* The CPU time used so far, for CLOCK_PROCESS_CPUTIME_ID or CLOCK_THREAD_CPUTIME_ID
 * (cputime.c); it counts in the kernel's timer ticks. */
int64_t cpu_clock_ns(int clock, uint64_t *ns);
#define CPU_CLOCK_RESOLUTION_NS 1000000

#endif
