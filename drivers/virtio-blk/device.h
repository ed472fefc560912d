/* A virtio block device driven through the legacy interface: set-up, requests in
 * flight, completions. */
#ifndef VIRTIO_BLK_DEVICE_H
#define VIRTIO_BLK_DEVICE_H

#include <linux/virtio_blk.h>
#include <masque/types.h>
#include <stdint.h>
#include "bounce.h"
#include "pci.h"
#include "virtqueue.h"

#define SECTOR_SIZE	  512
#define REQUEST_BYTES_MAX (1u << 20) /* the most data one request moves */
#define DISK_SLOTS_MAX	  32	     /* requests in flight at once */
#define DISKS_MAX	  8	     /* disks driven */

struct disk;

/* One transfer or flush; the device layer holds it from disk_submit to done. */
struct request {
	struct request *next; /* in the disk's waiting line */
	struct disk *disk;
	uint32_t type;	   /* VIRTIO_BLK_T_IN, _OUT or _FLUSH */
	uint32_t length;   /* bytes of data, a multiple of SECTOR_SIZE */
	uint64_t sector;   /* where on the disk */
	void *data;	   /* _OUT: the bytes to write */
	port_name_t reply; /* who waits for the answer (PORT_NULL: the driver itself) */
	/* Called once the device is done: result 0 or -EIO; for _IN the bytes read in
	 * data, valid during the call. */
	void (*done)(struct request *r, int64_t result, const void *data);
};

/* A request the device is working on, and its bounce pages. */
struct slot {
	struct request *req; /* NULL: the slot is free */
	uint32_t first_page;
};

struct disk {
	unsigned number; /* N of its name "diskN" */
	uint16_t io;	 /* base of the legacy registers */
	uint8_t irq;
	uint8_t can_flush; /* VIRTIO_BLK_F_FLUSH negotiated */
	uint8_t read_only; /* the device offers VIRTIO_BLK_F_RO */
	uint64_t sectors;  /* capacity */
	struct virtqueue vq;
	uint64_t vq_size;     /* bytes of its DMA memory */
	struct slot_dma *dma; /* request headers and status bytes, one of each per slot */
	uint64_t dma_phys;
	struct slot slot[DISK_SLOTS_MAX];
	unsigned slots;
	struct bounce bounce;
	struct request *first, *last; /* requests waiting for a slot or bounce pages */
	int probing;		      /* its partition table is being read */
	port_name_t reread;	      /* who waits for block.reread to end, or PORT_NULL */
};

/* Reset the device, negotiate, set up queue 0, and make it ready; -> 0 or an error. */
int disk_init(struct disk *d, port_name_t host, const struct pci_function *f);

/* Start r when there is room, in the order submitted. */
void disk_submit(struct disk *d, struct request *r);

/* The disk's interrupt line fired: acknowledge, finish what is done, start more. */
void disk_interrupt(struct disk *d);

#endif
