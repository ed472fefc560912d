/*
 * Transfers at any byte offset through a device that moves only whole blocks: each
 * piece is a run of whole blocks (at most the device's largest request) and the part
 * of it the transfer's bytes take. A write that covers a block only in part reads it
 * first (read-modify-write), as dd bs=1 or a 440-byte MBR write needs. Pure code.
 */
#ifndef BLKDEV_SPAN_H
#define BLKDEV_SPAN_H

#include <stdint.h>

struct piece {
	uint64_t start;	 /* byte offset of its first block */
	uint32_t length; /* bytes of whole blocks, a multiple of the block size */
	uint32_t skip;	 /* bytes of the first block before the transfer's own */
	uint32_t bytes;	 /* the transfer's bytes in it: from start + skip */
};

/* The piece at offset of a transfer with remaining bytes left (not 0), through blocks
 * of block_size, at most max (a multiple of block_size) bytes at once. */
struct piece span_next(uint64_t offset, uint64_t remaining, uint32_t block_size, uint32_t max);

/* Whether the transfer covers the piece's first (last) block only in part. */
int span_head_partial(const struct piece *p);
int span_tail_partial(const struct piece *p, uint32_t block_size);

#endif
