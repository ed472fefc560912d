/* Segments and the TSS. */
#ifndef ARCH_GDT_H
#define ARCH_GDT_H

#include <stdint.h>

#define IO_BITMAP_BYTES 8192 /* one bit per port, 65536 ports; a set bit denies */

/* Interrupt stack table slots (1-based, as the IDT names them). */
#define IST_NMI		 1
#define IST_DOUBLE_FAULT 2

void gdt_init(void);
void tss_set_kernel_stack(uint64_t top);
void tss_set_io_bitmap(const void *owner, const uint8_t *bitmap);
void tss_forget_io_bitmap(const void *owner);

#endif
