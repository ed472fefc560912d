/* The kernel's kmem_alloc(_raw) and kmem_free on the host: calloc and free, counting live
 * bytes (kmem_in_use, for leak checks), failing on request, and checking that every
 * block is freed with the size it was allocated with. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "kmem_shim.h"

/* Before each block: its size, kept to check kmem_free's. */
struct block_head {
	size_t size;
	size_t pad; /* keeps the block 16-byte aligned, as calloc's is */
};

static size_t live_bytes;
static unsigned long calls, fail_at, mismatches;

void kmem_fail_nth(unsigned long n)
{
	fail_at = n ? calls + n : 0;
}

int kmem_failed(void)
{
	return fail_at == 0 || calls >= fail_at;
}

unsigned long kmem_alloc_calls(void)
{
	return calls;
}

unsigned long kmem_size_mismatches(void)
{
	return mismatches;
}

void *kmem_alloc(size_t size)
{
	if (++calls == fail_at)
		return NULL;
	struct block_head *h = calloc(1, sizeof(*h) + size);
	if (!h)
		abort();
	h->size = size;
	live_bytes += size;
	return h + 1;
}

/* Not zeroed: filled with a pattern, so that code trusting it to be zero shows. */
void *kmem_alloc_raw(size_t size)
{
	void *p = kmem_alloc(size);

	if (p)
		memset(p, 0xa5, size);
	return p;
}

void kmem_free(void *p, size_t size)
{
	if (!p)
		return;
	struct block_head *h = (struct block_head *)p - 1;
	if (h->size != size)
		mismatches++;
	live_bytes -= h->size;
	free(h);
}

size_t kmem_in_use(void)
{
	return live_bytes;
}
