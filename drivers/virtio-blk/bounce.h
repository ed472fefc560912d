/* Bounce buffers: DMA memory through which request data passes, handed out by pages. */
#ifndef VIRTIO_BLK_BOUNCE_H
#define VIRTIO_BLK_BOUNCE_H

#include <masque/page_size.h>
#include <masque/types.h>
#include <stdint.h>

#define BOUNCE_PAGES_MAX 1024 /* 4 MiB: the most dma_allocate gives at once */

struct bounce {
	uint8_t *addr; /* in our address space */
	uint64_t phys; /* for the device: the area is physically contiguous */
	uint32_t pages;
	uint8_t taken[BOUNCE_PAGES_MAX];
};

/* Get the area: 4 MiB, or less if memory is short, but at least min bytes. */
int bounce_init(struct bounce *b, port_name_t host, uint64_t min);

/* Give back the area (only while none of it is taken). */
void bounce_release(struct bounce *b);

/* Take a run of pages for bytes; -> its first page, or -1 if no run is free now. */
int64_t bounce_take(struct bounce *b, uint32_t bytes);

/* Give back the run that bounce_take(bytes) returned at first. */
void bounce_give(struct bounce *b, uint32_t first, uint32_t bytes);

#endif
