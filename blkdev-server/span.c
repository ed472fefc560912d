/* Whole-block pieces of byte transfers (span.h). */
#include "span.h"

struct piece span_next(uint64_t offset, uint64_t remaining, uint32_t block_size, uint32_t max)
{
	struct piece p;
	uint64_t room;

	p.skip = (uint32_t)(offset % block_size);
	p.start = offset - p.skip;
	room = max - p.skip;
	p.bytes = (uint32_t)(remaining < room ? remaining : room);
	/* skip + bytes <= max, which is whole blocks: rounding up stays within it */
	p.length = (p.skip + p.bytes + block_size - 1) / block_size * block_size;
	return p;
}

int span_head_partial(const struct piece *p)
{
	return p->skip != 0;
}

int span_tail_partial(const struct piece *p, uint32_t block_size)
{
	return (p->skip + p->bytes) % block_size != 0;
}
