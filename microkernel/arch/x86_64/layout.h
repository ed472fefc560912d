/*
 * The kernel's virtual memory layout, shared by C and assembly.
 * User space is the lower half; the upper half is the same in every address space.
 */
#ifndef ARCH_LAYOUT_H
#define ARCH_LAYOUT_H

#define KERNEL_VBASE 0xffffffff80000000 /* kernel image: physical 0.. at -2 GiB */
#define PHYSMAP_BASE 0xffff800000000000 /* all physical memory, mapped linearly */
#define KERNEL_PHYS  0x100000		/* where the image is loaded */

#include <masque/page_size.h>

#define KSTACK_SIZE 16384

#endif
