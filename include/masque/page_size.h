/*
 * The page size kernel and user agree on (vm_allocate and vm_map sizes, pager offsets,
 * copy-on-write out-of-line memory), and the arithmetic on addresses and sizes that
 * goes with it, in one place for the kernel and every native program.
 */
#ifndef MASQUE_PAGE_SIZE_H
#define MASQUE_PAGE_SIZE_H

#define PAGE_SHIFT 12
#define PAGE_SIZE  4096
#define PAGE_MASK  (PAGE_SIZE - 1) /* the offset bits of an address in its page */

#ifndef __ASSEMBLER__
#include <stdint.h>

/* The start of the page that holds a. */
static inline uint64_t page_round_down(uint64_t a)
{
	return a & ~(uint64_t)PAGE_MASK;
}

/* The first page boundary at or above a (0 past the top of the address space: callers
 * check for the wrap where a comes from the user). */
static inline uint64_t page_round_up(uint64_t a)
{
	return (a + PAGE_MASK) & ~(uint64_t)PAGE_MASK;
}

/* Whether a is a page boundary. */
static inline int page_aligned(uint64_t a)
{
	return !(a & PAGE_MASK);
}
#endif

#endif
