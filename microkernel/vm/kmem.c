/* Size classes from 32 bytes to 2 KiB, each carved from whole pages; blocks of a page
 * or more come straight from the page allocator. A class keeps the pages that have
 * free blocks on a list (the page's own struct vm_page holds its free blocks and how
 * many are in use), and a page whose blocks are all free again goes back to the page
 * allocator unless it is the class's last one, so a burst of kernel objects does not
 * keep its memory for ever and one alloc/free pair at a page boundary does not
 * thrash. */
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

/* per class, the pages with at least one free block */
static struct list partial[CLASSES] = {
	LIST_INIT(partial[0]), LIST_INIT(partial[1]), LIST_INIT(partial[2]), LIST_INIT(partial[3]),
	LIST_INIT(partial[4]), LIST_INIT(partial[5]), LIST_INIT(partial[6]),
};
_Static_assert(CLASSES == 7, "one initializer per class");
static size_t bytes_in_use;

/* The smallest class whose blocks hold size bytes (size at most 2 KiB). */
static int size_class(size_t size)
{
	if (size <= ((size_t)1 << CLASS_MIN_SHIFT))
		return 0;
	return (64 - __builtin_clzll(size - 1)) - CLASS_MIN_SHIFT; /* bits of size - 1 */
}

static size_t class_size(int cls)
{
	return (size_t)1 << (cls + CLASS_MIN_SHIFT);
}

static unsigned page_order(size_t size)
{
	unsigned order = 0;

	while (((size_t)PAGE_SIZE << order) < size)
		order++;
	return order;
}

/* A fresh page cut into blocks of the class, put on its partial list. */
static struct vm_page *refill(int cls)
{
	size_t bsize = class_size(cls);
	struct vm_page *pg = page_alloc(0);
	struct free_block *head = NULL;

	if (!pg)
		return NULL;
	char *base = page_to_virt(pg);
	for (size_t off = PAGE_SIZE; off >= bsize; off -= bsize) {
		struct free_block *b = (struct free_block *)(base + off - bsize);
		b->next = head;
		head = b;
	}
	pg->kmem_free = head;
	pg->kmem_used = 0;
	list_push_front(&partial[cls], &pg->link);
	return pg;
}

static void *block_alloc(int cls)
{
	struct list *l = &partial[cls];
	struct vm_page *pg =
		list_empty(l) ? refill(cls) : list_entry(l->next, struct vm_page, link);

	if (!pg)
		return NULL;
	struct free_block *b = pg->kmem_free;
	pg->kmem_free = b->next;
	pg->kmem_used++;
	if (!pg->kmem_free)
		list_remove(&pg->link); /* full: off the partial list until a block comes back */
	return b;
}

static void block_free(void *p, int cls)
{
	struct vm_page *pg = virt_to_page(p);
	struct free_block *b = p;
	struct list *l = &partial[cls];

	assert(pg->kmem_used > 0);
	if (!pg->kmem_free)
		list_push_front(l, &pg->link);
	b->next = pg->kmem_free;
	pg->kmem_free = b;
	if (--pg->kmem_used > 0 || list_is_singular(l))
		return;
	list_remove(&pg->link);
	page_free(pg, 0);
}

/* A block of at least size bytes, its contents undefined. */
void *kmem_alloc_raw(size_t size)
{
	void *p;

	if (size == 0)
		size = 1;
	if (size > class_size(CLASSES - 1)) {
		unsigned order = page_order(size);
		struct vm_page *pg = order <= PAGE_ORDER_MAX ? page_alloc(order) : NULL;
		p = pg ? page_to_virt(pg) : NULL;
	} else {
		p = block_alloc(size_class(size));
	}
	if (p)
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
	if (size > class_size(CLASSES - 1))
		page_free(virt_to_page(p), page_order(size));
	else
		block_free(p, size_class(size));
}

size_t kmem_in_use(void)
{
	return bytes_in_use;
}
