/* The buddy allocator of physical frames. */
#include <string.h>
#include "kern/console.h"
#include "kern/multiboot.h"
#include "vm/page.h"
#include "vm/pageout.h"

#define PHYS_LIMIT (4ull << 30) /* the physmap the boot code built covers 4 GiB */

struct vm_page *page_array;
uint64_t page_count;

static struct list free_lists[PAGE_ORDER_MAX + 1];
static uint64_t free_pages, managed_pages;

/* The loader's map of usable RAM, kept to tell RAM from device memory later. */
static struct phys_range ram[BOOT_RANGES_MAX];
static int ram_ranges;

static uint64_t align_up(uint64_t v, uint64_t a)
{
	return (v + a - 1) & ~(a - 1);
}

/* The first place in RAM after the kernel, the loader's info and the modules where
 * the page array fits. */
static uint64_t place_page_array(const struct boot_params *bp, uint64_t kernel_end, uint64_t bytes)
{
	uint64_t at = align_up(kernel_end, PAGE_SIZE);
	int moved;

	do {
		moved = 0;
		for (int i = 0; i < bp->nmodules; i++) {
			if (at < bp->modules[i].end && at + bytes > bp->modules[i].start) {
				at = align_up(bp->modules[i].end, PAGE_SIZE);
				moved = 1;
			}
		}
		if (at < bp->info_end && at + bytes > bp->info_start) {
			at = align_up(bp->info_end, PAGE_SIZE);
			moved = 1;
		}
	} while (moved);
	return at;
}

static void free_block(struct vm_page *p, unsigned order)
{
	p->flags = PG_FREE;
	p->order = order;
	list_push_front(&free_lists[order], &p->link);
}

void page_free(struct vm_page *p, unsigned order)
{
	uint64_t pfn = p - page_array;

	assert(!(p->flags & (PG_FREE | PG_RESERVED)));
	pageout_frame_freed(p);
	free_pages += 1ull << order;
	while (order < PAGE_ORDER_MAX) {
		uint64_t buddy_pfn = pfn ^ (1ull << order);
		struct vm_page *buddy = &page_array[buddy_pfn];
		if (buddy_pfn >= page_count || buddy->flags != PG_FREE || buddy->order != order)
			break;
		list_remove(&buddy->link);
		buddy->flags = 0;
		pfn &= ~(1ull << order);
		order++;
	}
	free_block(&page_array[pfn], order);
}

struct vm_page *page_alloc(unsigned order)
{
	unsigned o = order;

	while (o <= PAGE_ORDER_MAX && list_empty(&free_lists[o]))
		o++;
	if (o > PAGE_ORDER_MAX)
		return NULL;
	struct vm_page *p = list_entry(list_pop_front(&free_lists[o]), struct vm_page, link);
	while (o > order) {
		o--;
		free_block(p + (1ull << o), o);
	}
	free_pages -= 1ull << order;
	for (uint64_t i = 0; i < (1ull << order); i++)
		p[i] = (struct vm_page){ .link = { &p[i].link, &p[i].link },
					 .queue_link = { &p[i].queue_link, &p[i].queue_link } };
	return p;
}

struct vm_page *page_alloc_zeroed(unsigned order)
{
	struct vm_page *p = page_alloc(order);

	if (p)
		memset(page_to_virt(p), 0, PAGE_SIZE << order);
	return p;
}

uint64_t page_free_count(void)
{
	return free_pages;
}

uint64_t page_managed_count(void)
{
	return managed_pages;
}

static int reserved(const struct boot_params *bp, uint64_t pa, uint64_t kernel_end,
		    uint64_t array_start, uint64_t array_end)
{
	if (pa < kernel_end || (pa >= array_start && pa < array_end))
		return 1; /* low memory, the kernel image, the page array */
	if (pa >= page_round_down(bp->info_start) && pa < bp->info_end)
		return 1;
	for (int i = 0; i < bp->nmodules; i++)
		if (pa >= page_round_down(bp->modules[i].start) && pa < bp->modules[i].end)
			return 1;
	return 0;
}

/* Size the page array by the highest usable address, put it in free RAM, and hand
 * every usable frame not taken by the kernel, the loader or the modules to the buddy
 * allocator. The modules are freed later, once the bootstrap has its copy. */
void page_init(const struct boot_params *bp, uint64_t kernel_end)
{
	uint64_t top = 0;

	for (int i = 0; i < bp->nranges; i++) {
		ram[i] = bp->ram[i];
		if (bp->ram[i].end > top)
			top = bp->ram[i].end;
	}
	ram_ranges = bp->nranges;
	if (top > PHYS_LIMIT) {
		kprintf("masque: using the first 4 GiB of RAM only\n");
		top = PHYS_LIMIT;
	}
	page_count = top >> PAGE_SHIFT;
	uint64_t bytes = align_up(page_count * sizeof(struct vm_page), PAGE_SIZE);
	uint64_t array_at = place_page_array(bp, kernel_end, bytes);
	page_array = phys_to_virt(array_at);
	for (uint64_t i = 0; i < page_count; i++)
		page_array[i] = (struct vm_page){ .flags = PG_RESERVED };
	for (int o = 0; o <= PAGE_ORDER_MAX; o++)
		list_init(&free_lists[o]);

	for (int i = 0; i < bp->nranges; i++) {
		uint64_t start = align_up(bp->ram[i].start, PAGE_SIZE);
		uint64_t end = page_round_down(bp->ram[i].end);
		for (uint64_t pa = start; pa < end && pa < top; pa += PAGE_SIZE) {
			if (reserved(bp, pa, kernel_end, array_at, array_at + bytes))
				continue;
			struct vm_page *p = phys_to_page(pa);
			p->flags = 0;
			page_free(p, 0);
			managed_pages++;
		}
	}
}

/* Give a range that was reserved at boot (a module) to the allocator. */
void page_release_range(uint64_t start, uint64_t end)
{
	for (uint64_t pa = page_round_down(start); pa < end; pa += PAGE_SIZE) {
		struct vm_page *p = phys_to_page(pa);
		if (pa >> PAGE_SHIFT >= page_count || !(p->flags & PG_RESERVED))
			continue;
		p->flags = 0;
		page_free(p, 0);
		managed_pages++;
	}
}

int page_range_is_device(uint64_t start, uint64_t end)
{
	for (int i = 0; i < ram_ranges; i++)
		if (start < ram[i].end && end > ram[i].start)
			return 0;
	return 1;
}
