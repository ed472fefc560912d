/* PCI discovery of virtio block devices that speak the legacy interface. */
#ifndef VIRTIO_BLK_PCI_H
#define VIRTIO_BLK_PCI_H

#include <masque/types.h>
#include <stdint.h>

/* One virtio-blk function found on the bus. */
struct pci_function {
	uint32_t address; /* PCI_ADDRESS(bus, device, function, 0) */
	uint16_t io_base; /* BAR0: the legacy registers, in I/O space */
	uint16_t io_size;
	uint8_t irq; /* the interrupt line the firmware routed it to */
};

/* Scan bus 0 for transitional virtio-blk functions with an I/O BAR0 and an
 * interrupt line; fill at most max of them in found; -> how many. */
int pci_find_virtio_blk(port_name_t host, struct pci_function *found, int max);

/* Let the function decode its I/O ports and master the bus (for DMA). */
int pci_enable(port_name_t host, const struct pci_function *f);

#endif
