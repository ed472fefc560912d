/* Byte transfers over whole blocks (transfer.h). */
#include <block.h>
#include <errno.h>
#include <kern_errno.h>
#include <masque/page_size.h>
#include <self.h>
#include <string.h>
#include <trap.h>
#include "span.h"
#include "transfer.h"

/* A kernel code from the transport means the driver did not answer: an I/O error. */
static int64_t block_result(int64_t r)
{
	return kern_is_error(r) ? -EIO : r;
}

/* length bytes of whole blocks at offset of v into buf. */
static int64_t read_blocks(struct volume *v, uint64_t offset, void *buf, uint32_t length)
{
	void *data = 0;
	uint32_t size = 0;
	int64_t r = block_result(rpc_block_read(v->port, offset, length, &data, &size));

	if (!r && size != length)
		r = -EIO;
	if (!r)
		memcpy(buf, data, length);
	if (data)
		vm_deallocate(self_task, (uint64_t)data, size);
	return r;
}

int64_t transfer_read(struct volume *v, uint64_t offset, void *buf, uint64_t length)
{
	static char blocks[BLOCK_IO_MAX] __attribute__((aligned(PAGE_SIZE)));
	uint64_t done = 0;

	while (done < length) {
		struct piece p =
			span_next(offset + done, length - done, v->block_size, BLOCK_IO_MAX);
		int64_t r = read_blocks(v, p.start, blocks, p.length);
		if (r)
			return done ? (int64_t)done : r;
		memcpy((char *)buf + done, blocks + p.skip, p.bytes);
		done += p.bytes;
	}
	return (int64_t)done;
}

/* Write piece p of bytes src: straight from src when it covers whole blocks, else
 * through a copy of its blocks that keeps what it does not cover. */
static int64_t write_piece(struct volume *v, const struct piece *p, const void *src)
{
	static char blocks[BLOCK_IO_MAX] __attribute__((aligned(PAGE_SIZE)));
	uint32_t last = p->length - v->block_size;
	int head = span_head_partial(p), tail = span_tail_partial(p, v->block_size);
	int64_t r = 0;

	if (!head && !tail)
		return block_result(rpc_block_write(v->port, p->start, src, p->length));
	if (head)
		r = read_blocks(v, p->start, blocks, v->block_size);
	if (!r && tail && (last || !head)) /* the last block, unless the first was it */
		r = read_blocks(v, p->start + last, blocks + last, v->block_size);
	if (r)
		return r;
	memcpy(blocks + p->skip, src, p->bytes);
	return block_result(rpc_block_write(v->port, p->start, blocks, p->length));
}

int64_t transfer_write(struct volume *v, uint64_t offset, const void *buf, uint64_t length)
{
	uint64_t done = 0;

	while (done < length) {
		struct piece p =
			span_next(offset + done, length - done, v->block_size, BLOCK_IO_MAX);
		int64_t r = write_piece(v, &p, (const char *)buf + done);
		if (r)
			return done ? (int64_t)done : r;
		done += p.bytes;
	}
	return (int64_t)done;
}

int64_t transfer_flush(struct volume *v)
{
	return block_result(rpc_block_flush(v->port));
}
