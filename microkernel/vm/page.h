/*
 * Physical page frames: one struct vm_page per frame, handed out by a buddy
 * allocator. A frame in use belongs to a memory object (the page cache), to a
 * page table, or to the kernel's own memory.
 */
#ifndef VM_PAGE_H
#define VM_PAGE_H

#include <stdint.h>
#include "kern/list.h"
#include "vm/physmap.h"

#define PAGE_ORDER_MAX 10 /* blocks up to 4 MiB */

#define PG_FREE	    0x01 /* in the buddy allocator, head of a free block */
#define PG_RESERVED 0x02 /* never allocatable: kernel image, boot data, holes */

struct vm_object;
struct pv_entry;
struct port;
struct ledger;

struct vm_page {
	struct list link;	/* free list or the owner's list */
	struct list queue_link; /* in the pageout clock while in an object */
	union {
		struct vm_page *hash_next; /* page cache chain of (object, offset) */
		void *kmem_free;	   /* a kernel heap page: its free blocks */
	};
	struct vm_object *object; /* owner in the page cache, or NULL */
	union {
		uint64_t offset;    /* byte offset in object */
		uint64_t kmem_used; /* a kernel heap page: blocks handed out */
	};
	struct pv_entry *mappings; /* where this frame is mapped (see pmap.c) */
	uint16_t flags;
	uint8_t order;		/* of the free block this page heads */
	uint8_t busy;		/* being filled by a pager: wait, don't map */
	uint8_t dirty;		/* written since it was last cleaned */
	uint8_t error;		/* the pager could not supply it */
	uint8_t lock;		/* VM_PROT_* access the pager has locked out */
	struct port *paged_to;	/* on its way to this pager: counted until it is free */
	struct ledger *unasked; /* supplied unasked: charged here while in its object */
	struct ledger *locked;	/* locked by an ordinary pager: charged here while locked */
};

struct boot_params;

extern struct vm_page *page_array;
extern uint64_t page_count;

void page_init(const struct boot_params *bp, uint64_t kernel_end);
struct vm_page *page_alloc(unsigned order);
struct vm_page *page_alloc_zeroed(unsigned order);
void page_free(struct vm_page *p, unsigned order);
uint64_t page_free_count(void);
uint64_t page_managed_count(void);
void page_release_range(uint64_t start, uint64_t end);
/* Whether [start, end) lies outside every range of RAM the loader reported: device
 * memory, never a frame the allocator hands out or the kernel's own. */
int page_range_is_device(uint64_t start, uint64_t end);

static inline uint64_t page_to_phys(const struct vm_page *p)
{
	return (uint64_t)(p - page_array) << PAGE_SHIFT;
}

static inline struct vm_page *phys_to_page(uint64_t pa)
{
	return &page_array[pa >> PAGE_SHIFT];
}

static inline void *page_to_virt(const struct vm_page *p)
{
	return phys_to_virt(page_to_phys(p));
}

static inline struct vm_page *virt_to_page(const void *va)
{
	return phys_to_page(virt_to_phys(va));
}

#endif
