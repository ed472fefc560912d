/*
 * What user-level drivers get from the kernel, each with a send right to the host
 * port: interrupts as messages, I/O ports (io_grant), PCI configuration space,
 * memory for DMA with its physical address, device memory mapped uncached.
 */
#ifndef MASQUE_DEVICE_H
#define MASQUE_DEVICE_H

#include <masque/msg.h>

#define IRQ_LINES  16
#define IRQ_MSG_ID 0x49000001

/* Sent to the port attached to a line when it interrupts. The line stays masked
 * until the driver calls irq_ack, so at most one is ever queued. */
struct irq_msg {
	struct msg_header hdr;
	uint32_t irq;
	uint32_t pad;
};

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
