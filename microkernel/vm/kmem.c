/* Size classes from 32 bytes to 2 KiB, each a free list of blocks cut from whole
 * pages; blocks of a page or more come straight from the page allocator. Pages of a
 * size class are not returned: the classes are small and reused constantly. */
#include <string.h>
#include "kern/console.h"
#include "vm/kmem.h"
#include "vm/page.h"

#define CLASS_MIN_SHIFT 5
#define CLASS_MAX_SHIFT 11
#define CLASSES		(CLASS_MAX_SHIFT - CLASS_MIN_SHIFT + 1)

struct free_block {
	struct free_block *next;
};

static struct free_block *free_blocks[CLASSES];
static size_t bytes_in_use;

static int size_class(size_t size)
{
	int shift = CLASS_MIN_SHIFT;

	while (((size_t)1 << shift) < size)
		shift++;
	return shift - CLASS_MIN_SHIFT;
}

static unsigned page_order(size_t size)
{
	unsigned order = 0;

	while (((size_t)PAGE_SIZE << order) < size)
		order++;
	return order;
}

static int refill(int cls)
{
	size_t bsize = (size_t)1 << (cls + CLASS_MIN_SHIFT);
	struct vm_page *p = page_alloc(0);

	if (!p)
		return 0;
	char *base = page_to_virt(p);
	for (size_t off = 0; off + bsize <= PAGE_SIZE; off += bsize) {
		struct free_block *b = (struct free_block *)(base + off);
		b->next = free_blocks[cls];
		free_blocks[cls] = b;
	}
	return 1;
}

/* A block of at least size bytes, its contents undefined. */
void *kmem_alloc_raw(size_t size)
{
	void *p;

	if (size == 0)
		size = 1;
	if (size > ((size_t)1 << CLASS_MAX_SHIFT)) {
		unsigned order = page_order(size);
		struct vm_page *pg = order <= PAGE_ORDER_MAX ? page_alloc(order) : NULL;
		if (!pg)
			return NULL;
		p = page_to_virt(pg);
	} else {
		int cls = size_class(size);
		if (!free_blocks[cls] && !refill(cls))
			return NULL;
		struct free_block *b = free_blocks[cls];
		free_blocks[cls] = b->next;
		p = b;
	}
	bytes_in_use += size;
	return p;
}

void *kmem_alloc(size_t size)
{
	void *p = kmem_alloc_raw(size);

	if (p)
		memset(p, 0, size);
	return p;
}

void kmem_free(void *p, size_t size)
{
	if (!p)
		return;
	if (size == 0)
		size = 1;
	assert(bytes_in_use >= size);
	bytes_in_use -= size;
	if (size > ((size_t)1 << CLASS_MAX_SHIFT)) {
		page_free(virt_to_page(p), page_order(size));
		return;
	}
	int cls = size_class(size);
	struct free_block *b = p;
	b->next = free_blocks[cls];
	free_blocks[cls] = b;
}

size_t kmem_in_use(void)
{
	return bytes_in_use;
}
