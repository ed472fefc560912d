/* One result for the program from a call that may fail in the kernel or the server. */
#ifndef EMUL_ERRNO_OF_H
#define EMUL_ERRNO_OF_H

#include <kern_errno.h>

/* r as Linux returns it: a value, a server's negated errno, or a kernel failure as
 * its negated errno. */
static inline int64_t linux_result(int64_t r)
{
	int e = kern_to_errno(r);

	return e ? -e : r;
}

#endif
