/* A virtqueue in the legacy layout, in memory the driver shares with the device. */
#ifndef VIRTIO_BLK_VIRTQUEUE_H
#define VIRTIO_BLK_VIRTQUEUE_H

#include <linux/virtio_ring.h>
#include <stdint.h>

struct virtqueue {
	struct vring ring;   /* descriptor table, available ring, used ring */
	uint64_t phys;	     /* where the device finds it */
	uint16_t avail_next; /* our copy of the available ring's index */
	uint16_t used_seen;  /* used entries taken so far */
};

/* Bytes of DMA memory a queue of size entries needs. */
uint64_t vq_bytes(uint16_t size);

/* Lay out a queue of size entries (a power of two) in zeroed memory at mem. */
void vq_init(struct virtqueue *vq, uint16_t size, void *mem, uint64_t phys);

/* Fill descriptor i: len bytes at phys, flags VRING_DESC_F_*, then next if chained. */
void vq_set_desc(struct virtqueue *vq, uint16_t i, uint64_t phys, uint32_t len, uint16_t flags,
		 uint16_t next);

/* Offer the chain that starts at descriptor head to the device. */
void vq_publish(struct virtqueue *vq, uint16_t head);

/* Whether the device wants to be told of what was published (else it is polling). */
int vq_needs_notify(const struct virtqueue *vq);

/* Take the next chain the device has finished with: its head in *head; -> 0 if none. */
int vq_next_used(struct virtqueue *vq, uint32_t *head);

#endif
