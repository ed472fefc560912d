/* Swap space: page-sized slots on a block device (a partition), allocated from a
 * bitmap, read and written through the block protocol. */
#ifndef PAGER_SWAP_H
#define PAGER_SWAP_H

#include <masque/types.h>
#include <stdint.h>

#define SLOT_NONE UINT32_MAX

int swap_open(port_name_t device);
uint32_t swap_slot_alloc(void); /* SLOT_NONE when full */
void swap_slot_free(uint32_t slot);
uint64_t swap_slots_free(void);
uint64_t swap_slots_total(void);
int swap_write(uint32_t slot, const void *page);
/* Read a slot into memory the block driver allocates; *page gets it (vm_deallocate it). */
int swap_read(uint32_t slot, void **page);

#endif
