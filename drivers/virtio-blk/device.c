/*
 * The virtio block device through its legacy registers (virtio 1.x, "Legacy
 * Interface" of virtio over PCI, and the block device's section): reset, feature
 * negotiation, queue 0, then requests. Each slot owns three descriptors, header ->
 * data -> status, so a used chain's head names its slot. Requests that find no free
 * slot or bounce pages wait in a FIFO and start as completions make room.
 */
#include <errno.h>
#include <linux/virtio_config.h>
#include <linux/virtio_pci.h>
#include <masque/device.h>
#include <masque/error.h>
#include <portio.h>
#include <self.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <trap.h>
#include "device.h"

#define DESCS_PER_SLOT	3
#define WANTED_FEATURES (1u << VIRTIO_BLK_F_FLUSH)
#define CONFIG_OFFSET	VIRTIO_PCI_CONFIG_OFF(0) /* MSI-X stays off */
#define STATUS_UNSET	0xff /* what a status byte holds until the device writes it */

/* What the device reads and writes beside the data: DMA memory. */
struct slot_dma {
	struct virtio_blk_outhdr hdr[DISK_SLOTS_MAX];
	uint8_t status[DISK_SLOTS_MAX];
};

static void add_status(struct disk *d, uint8_t bits)
{
	outb(d->io + VIRTIO_PCI_STATUS, inb(d->io + VIRTIO_PCI_STATUS) | bits);
}

/* Queue 0: its size from the device, its memory from dma_allocate, its page number
 * to the device. */
static int setup_queue(struct disk *d, port_name_t host)
{
	struct dma_region r;

	outw(d->io + VIRTIO_PCI_QUEUE_SEL, 0);
	uint16_t size = inw(d->io + VIRTIO_PCI_QUEUE_NUM);
	if (size < DESCS_PER_SLOT || (size & (size - 1)) || inl(d->io + VIRTIO_PCI_QUEUE_PFN))
		return KERN_INVALID_ARGUMENT;
	int64_t addr = dma_allocate(host, vq_bytes(size), &r);
	if (addr < 0)
		return addr;
	d->vq_size = vq_bytes(size);
	vq_init(&d->vq, size, (void *)addr, r.phys);
	if ((r.phys >> VIRTIO_PCI_QUEUE_ADDR_SHIFT) >> 32) /* beyond the 32-bit page number */
		return KERN_NO_SPACE;
	outl(d->io + VIRTIO_PCI_QUEUE_PFN, r.phys >> VIRTIO_PCI_QUEUE_ADDR_SHIFT);
	d->slots = size / DESCS_PER_SLOT < DISK_SLOTS_MAX ? size / DESCS_PER_SLOT : DISK_SLOTS_MAX;
	return KERN_SUCCESS;
}

static int setup_slots(struct disk *d, port_name_t host)
{
	struct dma_region r;
	int64_t addr = dma_allocate(host, sizeof(struct slot_dma), &r);

	if (addr < 0)
		return addr;
	d->dma = (struct slot_dma *)addr;
	d->dma_phys = r.phys;
	return KERN_SUCCESS;
}

/* Give back the memory of a disk that could not be set up (the device is reset). */
static void release(struct disk *d)
{
	if (d->vq.ring.desc)
		vm_deallocate(self_task, (uint64_t)d->vq.ring.desc, d->vq_size);
	if (d->dma)
		vm_deallocate(self_task, (uint64_t)d->dma, sizeof(struct slot_dma));
	bounce_release(&d->bounce);
}

int disk_init(struct disk *d, port_name_t host, const struct pci_function *f)
{
	int err;

	memset(d, 0, sizeof(*d));
	d->io = f->io_base;
	d->irq = f->irq;
	if ((err = io_grant(host, self_task, f->io_base, f->io_size)) ||
	    (err = pci_enable(host, f)))
		return err;
	outb(d->io + VIRTIO_PCI_STATUS, 0); /* reset */
	add_status(d, VIRTIO_CONFIG_S_ACKNOWLEDGE);
	add_status(d, VIRTIO_CONFIG_S_DRIVER);
	uint32_t offered = inl(d->io + VIRTIO_PCI_HOST_FEATURES);
	outl(d->io + VIRTIO_PCI_GUEST_FEATURES, offered & WANTED_FEATURES);
	d->can_flush = !!(offered & WANTED_FEATURES & (1u << VIRTIO_BLK_F_FLUSH));
	d->read_only = !!(offered & (1u << VIRTIO_BLK_F_RO));
	uint16_t capacity = d->io + CONFIG_OFFSET + offsetof(struct virtio_blk_config, capacity);
	d->sectors = inl(capacity) | (uint64_t)inl(capacity + 4) << 32;
	if ((err = setup_queue(d, host)) || (err = setup_slots(d, host)) ||
	    (err = bounce_init(&d->bounce, host, REQUEST_BYTES_MAX))) {
		outb(d->io + VIRTIO_PCI_STATUS, 0);
		add_status(d, VIRTIO_CONFIG_S_FAILED);
		release(d);
		return err;
	}
	add_status(d, VIRTIO_CONFIG_S_DRIVER_OK);
	return KERN_SUCCESS;
}

/* Put r on the ring if a slot and bounce pages are free; -> whether it started. */
static int start(struct disk *d, struct request *r)
{
	unsigned i = 0;
	int64_t page = 0;

	while (i < d->slots && d->slot[i].req)
		i++;
	if (i == d->slots || (r->length && (page = bounce_take(&d->bounce, r->length)) < 0))
		return 0;
	d->slot[i] = (struct slot){ .req = r, .first_page = page };
	if (r->type == VIRTIO_BLK_T_OUT)
		memcpy(d->bounce.addr + page * PAGE_SIZE, r->data, r->length);
	d->dma->hdr[i] = (struct virtio_blk_outhdr){ .type = r->type, .sector = r->sector };
	d->dma->status[i] = STATUS_UNSET;

	uint16_t head = i * DESCS_PER_SLOT, n = head;
	vq_set_desc(&d->vq, n, d->dma_phys + offsetof(struct slot_dma, hdr[i]),
		    sizeof(struct virtio_blk_outhdr), VRING_DESC_F_NEXT, n + 1);
	n++;
	if (r->length) {
		uint16_t in = r->type == VIRTIO_BLK_T_IN ? VRING_DESC_F_WRITE : 0;
		vq_set_desc(&d->vq, n, d->bounce.phys + page * PAGE_SIZE, r->length,
			    VRING_DESC_F_NEXT | in, n + 1);
		n++;
	}
	vq_set_desc(&d->vq, n, d->dma_phys + offsetof(struct slot_dma, status[i]), 1,
		    VRING_DESC_F_WRITE, 0);
	vq_publish(&d->vq, head);
	return 1;
}

/* Start waiting requests in order while there is room, and tell the device. */
static void start_waiting(struct disk *d)
{
	int started = 0;

	while (d->first && start(d, d->first)) {
		d->first = d->first->next;
		started = 1;
	}
	if (!d->first)
		d->last = NULL;
	if (started && vq_needs_notify(&d->vq))
		outw(d->io + VIRTIO_PCI_QUEUE_NOTIFY, 0);
}

void disk_submit(struct disk *d, struct request *r)
{
	r->disk = d;
	r->next = NULL;
	if (d->last)
		d->last->next = r;
	else
		d->first = r;
	d->last = r;
	start_waiting(d);
}

/* The chain at head is done: free its slot, answer its request, then free its pages
 * (the answer reads them). */
static void finish(struct disk *d, uint32_t head)
{
	unsigned i = head / DESCS_PER_SLOT;

	if (head % DESCS_PER_SLOT || i >= d->slots || !d->slot[i].req)
		return; /* not a chain of ours: a confused device */
	struct request *r = d->slot[i].req;
	uint32_t page = d->slot[i].first_page, length = r->length;
	uint8_t status = d->dma->status[i];

	if (status != VIRTIO_BLK_S_OK)
		printf("virtio-blk: disk%u: request type %u at sector %lu failed (status %u)\n",
		       d->number, r->type, r->sector, status);
	d->slot[i].req = NULL;
	r->done(r, status == VIRTIO_BLK_S_OK ? 0 : -EIO, d->bounce.addr + page * PAGE_SIZE);
	if (length)
		bounce_give(&d->bounce, page, length);
}

void disk_interrupt(struct disk *d)
{
	uint32_t head;

	inb(d->io + VIRTIO_PCI_ISR); /* reading acknowledges: the line goes down */
	while (vq_next_used(&d->vq, &head))
		finish(d, head);
	start_waiting(d);
}
