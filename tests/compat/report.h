/* Shared by the compatibility programs: print what a call returned, or its errno, one
 * line a call, so that two runs can be compared line by line. */
#ifndef COMPAT_REPORT_H
#define COMPAT_REPORT_H

#include <errno.h>
#include <stdio.h>

static inline long report(const char *what, long r)
{
	if (r < 0)
		printf("%s = -1 errno %d\n", what, errno);
	else
		printf("%s = %ld\n", what, r);
	fflush(stdout);
	return r;
}

#define CALL(expr) report(#expr, (long)(expr))

#endif
