/* Swap slots on a block device. */
#include <block.h>
#include <masque/error.h>
#include <masque/page_size.h>
#include <stdlib.h>
#include <string.h>
#include "swap.h"

static port_name_t device;
static uint64_t *bitmap; /* a set bit: the slot is taken */
static uint64_t slots, used, hint;

int swap_open(port_name_t dev)
{
	uint64_t size;
	uint32_t block_size, type;
	int64_t r = rpc_block_info(dev, &size, &block_size, &type);

	if (r)
		return r;
	if (block_size > PAGE_SIZE || PAGE_SIZE % block_size)
		return KERN_INVALID_ARGUMENT;
	device = dev;
	slots = size / PAGE_SIZE;
	if (!(bitmap = calloc((slots + 63) / 64, sizeof(uint64_t))))
		return KERN_RESOURCE_SHORTAGE;
	return KERN_SUCCESS;
}

uint32_t swap_slot_alloc(void)
{
	for (uint64_t n = 0; n < slots; n++) {
		uint64_t s = (hint + n) % slots;
		if (!(bitmap[s / 64] & (1ull << (s % 64)))) {
			bitmap[s / 64] |= 1ull << (s % 64);
			used++;
			hint = s + 1;
			return s;
		}
	}
	return SLOT_NONE;
}

void swap_slot_free(uint32_t slot)
{
	if (slot < slots && (bitmap[slot / 64] & (1ull << (slot % 64)))) {
		bitmap[slot / 64] &= ~(1ull << (slot % 64));
		used--;
	}
}

uint64_t swap_slots_free(void)
{
	return slots - used;
}

uint64_t swap_slots_total(void)
{
	return slots;
}

int swap_write(uint32_t slot, const void *page)
{
	return rpc_block_write(device, (uint64_t)slot * PAGE_SIZE, page, PAGE_SIZE);
}

int swap_read(uint32_t slot, void **page)
{
	uint32_t size;
	int64_t r = rpc_block_read(device, (uint64_t)slot * PAGE_SIZE, PAGE_SIZE, page, &size);

	return r ? r : size == PAGE_SIZE ? KERN_SUCCESS : KERN_INVALID_MSG;
}
