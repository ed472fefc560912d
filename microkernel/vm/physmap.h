/* The kernel sees all physical memory at PHYSMAP_BASE. */
#ifndef VM_PHYSMAP_H
#define VM_PHYSMAP_H

#include <stdint.h>
#include "arch/x86_64/layout.h"

static inline void *phys_to_virt(uint64_t pa)
{
	return (void *)(pa + PHYSMAP_BASE);
}

static inline uint64_t virt_to_phys(const void *va)
{
	uint64_t v = (uint64_t)va;

	return v >= KERNEL_VBASE ? v - KERNEL_VBASE : v - PHYSMAP_BASE;
}

#endif
