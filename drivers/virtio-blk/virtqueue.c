/*
 * Split virtqueues as legacy virtio devices lay them out (virtio 1.x, "Legacy
 * Interfaces: A Note on Virtqueue Layout"): descriptor table, then the available ring,
 * then the used ring aligned to 4096 bytes, all in one physically contiguous block.
 * The structures are Linux's <linux/virtio_ring.h>. x86 keeps stores in order and
 * loads in order, so the fences restrain the compiler; only a store followed by a
 * load (vq_needs_notify) needs a real fence.
 */
#include <linux/virtio_pci.h>
#include "virtqueue.h"

uint64_t vq_bytes(uint16_t size)
{
	return vring_size(size, VIRTIO_PCI_VRING_ALIGN);
}

void vq_init(struct virtqueue *vq, uint16_t size, void *mem, uint64_t phys)
{
	vring_init(&vq->ring, size, mem, VIRTIO_PCI_VRING_ALIGN);
	vq->phys = phys;
	vq->avail_next = 0;
	vq->used_seen = 0;
}

void vq_set_desc(struct virtqueue *vq, uint16_t i, uint64_t phys, uint32_t len, uint16_t flags,
		 uint16_t next)
{
	struct vring_desc *d = &vq->ring.desc[i];

	d->addr = phys;
	d->len = len;
	d->flags = flags;
	d->next = flags & VRING_DESC_F_NEXT ? next : 0;
}

void vq_publish(struct virtqueue *vq, uint16_t head)
{
	vq->ring.avail->ring[vq->avail_next % vq->ring.num] = head;
	vq->avail_next++;
	/* the descriptors and the ring entry are visible before the index that offers them */
	__atomic_thread_fence(__ATOMIC_RELEASE);
	__atomic_store_n(&vq->ring.avail->idx, vq->avail_next, __ATOMIC_RELAXED);
}

int vq_needs_notify(const struct virtqueue *vq)
{
	/* our index store must land before we read the device's flag */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	return !(__atomic_load_n(&vq->ring.used->flags, __ATOMIC_RELAXED) & VRING_USED_F_NO_NOTIFY);
}

int vq_next_used(struct virtqueue *vq, uint32_t *head)
{
	uint16_t idx = __atomic_load_n(&vq->ring.used->idx, __ATOMIC_ACQUIRE);

	if (idx == vq->used_seen)
		return 0;
	*head = vq->ring.used->ring[vq->used_seen % vq->ring.num].id;
	vq->used_seen++;
	return 1;
}
