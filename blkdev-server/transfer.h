/*
 * Bytes at any offset of a volume, through the block protocol's whole blocks (span.h):
 * what a read or write of a block node does.
 */
#ifndef BLKDEV_TRANSFER_H
#define BLKDEV_TRANSFER_H

#include <stdint.h>
#include "volume.h"

/* Read (write) length bytes at offset of v, all inside it: the bytes moved, or a
 * negative errno if none were. */
int64_t transfer_read(struct volume *v, uint64_t offset, void *buf, uint64_t length);
int64_t transfer_write(struct volume *v, uint64_t offset, const void *buf, uint64_t length);

/* Make every write done so far durable: 0 or a negative errno. */
int64_t transfer_flush(struct volume *v);

#endif
