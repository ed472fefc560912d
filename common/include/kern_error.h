/* The names of the kernel's result codes, for messages people read. */
#ifndef COMMON_KERN_ERROR_H
#define COMMON_KERN_ERROR_H

#include <stdint.h>

/* "KERN_INVALID_NAME" and so on; "not a kernel code" for anything else. */
const char *kern_error_name(int64_t code);

#endif
