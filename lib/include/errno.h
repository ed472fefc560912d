/* Linux errno values, from the UAPI headers: servers answer with them negated. */
#ifndef LIB_ERRNO_H
#define LIB_ERRNO_H

#include <asm-generic/errno.h>

#endif
