/* What every benchmark program shares: cycle counts and their median. */
#ifndef BENCH_MEASURE_H
#define BENCH_MEASURE_H

#include <stdint.h>

#define RUNS 100000

static inline uint64_t cycles(void)
{
	uint32_t lo, hi;

	__asm__ volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

/* Print "bench NAME MEDIAN" for tools/bench.sh (reorders samples). */
void report(const char *name, uint64_t *samples, int n);
/* Print "bench NAME VALUE" as it is. */
void report_value(const char *name, uint64_t value);

#endif
