/*
 * PCI discovery: bus 0's configuration space, read through the kernel's pci_config
 * trap, for transitional virtio block functions (virtio 1.x, "PCI Device Discovery":
 * vendor 0x1af4, device ids 0x1000..0x103f, the virtio device type in the subsystem
 * id). Register offsets and bits come from Linux's <linux/pci_regs.h>.
 */
#include <linux/pci_regs.h>
#include <linux/virtio_ids.h>
#include <masque/device.h>
#include <trap.h>
#include "pci.h"

#define VIRTIO_VENDOR		  0x1af4
#define VIRTIO_TRANSITIONAL_FIRST 0x1000
#define VIRTIO_TRANSITIONAL_LAST  0x103f
#define PCI_DEVICES		  32
#define PCI_FUNCTIONS		  8
#define IRQ_NONE		  0xff

/* A configuration register of width bytes; all ones if it cannot be read, as for a
 * function that is not there. */
static uint32_t config_read(port_name_t host, uint32_t address, unsigned width)
{
	int64_t v = pci_config(host, address, width, 0);

	return v < 0 ? 0xffffffffu : (uint32_t)v;
}

static int config_write(port_name_t host, uint32_t address, unsigned width, uint32_t value)
{
	return pci_config(host, address, width | PCI_CONFIG_WRITE, value);
}

/* The size of an I/O BAR: write all ones, read what sticks, put the address back.
 * Decoding is off meanwhile, so the ports never answer at the probe address. */
static uint32_t io_bar_size(port_name_t host, uint32_t fn, uint32_t bar)
{
	uint32_t command = config_read(host, fn | PCI_COMMAND, 2);
	uint32_t mask;

	config_write(host, fn | PCI_COMMAND, 2, command & ~(PCI_COMMAND_IO | PCI_COMMAND_MEMORY));
	config_write(host, fn | PCI_BASE_ADDRESS_0, 4, 0xffffffffu);
	mask = config_read(host, fn | PCI_BASE_ADDRESS_0, 4) & PCI_BASE_ADDRESS_IO_MASK & 0xffff;
	config_write(host, fn | PCI_BASE_ADDRESS_0, 4, bar);
	config_write(host, fn | PCI_COMMAND, 2, command);
	return mask ? (~mask & 0xffff) + 1 : 0;
}

/* Whether the function at fn is a virtio-blk we can drive; its resources in *out. */
static int probe(port_name_t host, uint32_t fn, struct pci_function *out)
{
	uint32_t id = config_read(host, fn | PCI_VENDOR_ID, 4);
	uint32_t vendor = id & 0xffff, device = id >> 16;

	if (vendor != VIRTIO_VENDOR || device < VIRTIO_TRANSITIONAL_FIRST ||
	    device > VIRTIO_TRANSITIONAL_LAST ||
	    config_read(host, fn | PCI_SUBSYSTEM_ID, 2) != VIRTIO_ID_BLOCK)
		return 0;
	uint32_t bar = config_read(host, fn | PCI_BASE_ADDRESS_0, 4);
	uint32_t irq = config_read(host, fn | PCI_INTERRUPT_LINE, 1);
	if (!(bar & PCI_BASE_ADDRESS_SPACE_IO) || irq == IRQ_NONE || irq >= IRQ_LINES)
		return 0;
	uint32_t size = io_bar_size(host, fn, bar);
	uint32_t base = bar & PCI_BASE_ADDRESS_IO_MASK;
	if (!size || size > 0x10000 || !base || base + size > 0x10000)
		return 0;
	*out = (struct pci_function){ .address = fn, .io_base = base, .io_size = size, .irq = irq };
	return 1;
}

int pci_find_virtio_blk(port_name_t host, struct pci_function *found, int max)
{
	int n = 0;

	for (uint32_t dev = 0; dev < PCI_DEVICES && n < max; dev++) {
		uint32_t header = config_read(host, PCI_ADDRESS(0, dev, 0, PCI_HEADER_TYPE), 1);
		if (header == 0xff) /* no device */
			continue;
		uint32_t functions = header & 0x80 ? PCI_FUNCTIONS : 1; /* multi-function */
		for (uint32_t fn = 0; fn < functions && n < max; fn++)
			n += probe(host, PCI_ADDRESS(0, dev, fn, 0), &found[n]);
	}
	return n;
}

int pci_enable(port_name_t host, const struct pci_function *f)
{
	uint32_t command = config_read(host, f->address | PCI_COMMAND, 2);

	return config_write(host, f->address | PCI_COMMAND, 2,
			    command | PCI_COMMAND_IO | PCI_COMMAND_MASTER);
}
