/* Host stand-in for the kernel's kmem allocator (vm/kmem.h), for host tests of
 * kernel code: calloc and free underneath, with the checks the tests need. */
#ifndef TESTS_HOST_KMEM_SHIM_H
#define TESTS_HOST_KMEM_SHIM_H

#include <stddef.h>
#include "vm/kmem.h"

/* Make the nth kmem_alloc from now return NULL (1: the next one), once; 0: none. */
void kmem_fail_nth(unsigned long n);
/* Whether the failure set by kmem_fail_nth has happened (or none is set). */
int kmem_failed(void);
/* kmem_alloc calls so far, failed ones included. */
unsigned long kmem_alloc_calls(void);
/* kmem_free calls whose size differed from the one allocated (the kernel's size
 * classes would put the block on the wrong free list). */
unsigned long kmem_size_mismatches(void);

#endif
