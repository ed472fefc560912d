/* --trace (trace.c). */
#ifndef EMUL_TRACE_H
#define EMUL_TRACE_H

#include <stdint.h>

/* Say call n (name, its six argument registers) and its result on the console;
 * returned 0: said before a call that does not return (exit). */
void trace_call(uint64_t n, const char *name, const uint64_t args[6], int64_t result, int returned);

#endif
