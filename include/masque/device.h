/*
 * What user-level drivers get from the kernel, each with a send right to the host
 * port: interrupts as messages, I/O ports (io_grant), PCI configuration space,
 * memory for DMA with its physical address, device memory mapped uncached.
 */
#ifndef MASQUE_DEVICE_H
#define MASQUE_DEVICE_H

#include <masque/types.h>

/* A line's interrupts come as irq.interrupt messages (interfaces/irq.defs) to the port
 * irq_attach names. */
#define IRQ_LINES 16

/* pci_config: address is bus << 16 | device << 11 | function << 8 | register;
 * width_write is the access width in bytes (1, 2, 4), or'ed with PCI_CONFIG_WRITE. */
#define PCI_CONFIG_WRITE	       0x100
#define PCI_ADDRESS(bus, dev, fn, reg) ((bus) << 16 | (dev) << 11 | (fn) << 8 | (reg))

/* What dma_allocate returns: physically contiguous, zeroed, never paged out. */
struct dma_region {
	uint64_t addr; /* in the caller's address space */
	uint64_t phys; /* for the device */
};

#define DMA_SIZE_MAX (4ull << 20)

#endif
