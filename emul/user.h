/*
 * The program's memory as calls see it: everything below emul (layout.h). A buffer a
 * call reads or writes is cut where emul's memory starts, and one that starts there
 * (or in the kernel half) is EFAULT, so that garbage a program gives a call never
 * reaches emul's own state; a bad address below emul faults, and the process server
 * turns that fault into EFAULT.
 */
#ifndef EMUL_USER_H
#define EMUL_USER_H

#include <stdint.h>
#include "layout.h"

/* How much of [buf, buf + n) lies below emul: n, less, or 0 if buf does not. */
static inline uint64_t user_span(const void *buf, uint64_t n)
{
	uint64_t at = (uint64_t)buf;

	if (at >= EMUL_BASE)
		return 0;
	return n < EMUL_BASE - at ? n : EMUL_BASE - at;
}

/* Whether all of [buf, buf + n) is below emul (nothing of it if n is 0). */
static inline int user_whole(const void *buf, uint64_t n)
{
	return user_span(buf, n) == n;
}

/* Copy n bytes between emul and the program's memory (entry.S): 0, or -EFAULT when the
 * program's side faults (a fault there ends no call: for signal frames and --trace). */
int64_t user_copy(void *to, const void *from, uint64_t n);

#endif
