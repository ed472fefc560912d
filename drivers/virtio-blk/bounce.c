/*
 * Bounce buffers. Clients' memory is neither contiguous nor of known physical
 * address, so data goes through one contiguous DMA area per disk; each request takes a
 * run of its pages, first fit, for as long as the device works on it.
 */
#include <masque/device.h>
#include <masque/error.h>
#include <self.h>
#include <string.h>
#include <trap.h>
#include "bounce.h"

static uint32_t pages_for(uint32_t bytes)
{
	return (bytes + PAGE_SIZE - 1) / PAGE_SIZE;
}

int bounce_init(struct bounce *b, port_name_t host, uint64_t min)
{
	struct dma_region r;

	memset(b, 0, sizeof(*b));
	for (uint64_t size = (uint64_t)BOUNCE_PAGES_MAX * PAGE_SIZE; size >= min; size /= 2) {
		int64_t addr = dma_allocate(host, size, &r);
		if (addr >= 0) {
			b->addr = (uint8_t *)addr;
			b->phys = r.phys;
			b->pages = size / PAGE_SIZE;
			return KERN_SUCCESS;
		}
	}
	return KERN_RESOURCE_SHORTAGE;
}

void bounce_release(struct bounce *b)
{
	if (b->addr)
		vm_deallocate(self_task, (uint64_t)b->addr, (uint64_t)b->pages * PAGE_SIZE);
	b->addr = NULL;
	b->pages = 0;
}

int64_t bounce_take(struct bounce *b, uint32_t bytes)
{
	uint32_t want = pages_for(bytes), run = 0;

	for (uint32_t i = 0; i < b->pages && want; i++) {
		run = b->taken[i] ? 0 : run + 1;
		if (run == want) {
			uint32_t first = i + 1 - want;
			memset(&b->taken[first], 1, want);
			return first;
		}
	}
	return -1;
}

void bounce_give(struct bounce *b, uint32_t first, uint32_t bytes)
{
	memset(&b->taken[first], 0, pages_for(bytes));
}
