/* The block device under an ext2 file system, provided by the caller: byte offsets and
 * lengths in multiples of 512 (Masque's block protocol, interfaces/block.defs), at most
 * EXT2_DISK_MAX_IO bytes per request. Each function returns 0 or a negative errno. */
#ifndef FS_EXT2_DISK_H
#define FS_EXT2_DISK_H

#include <stdint.h>

#define EXT2_DISK_MAX_IO (1024u * 1024u)

struct ext2_disk {
	void *ctx;
	int (*read)(void *ctx, uint64_t byte_offset, void *buf, uint32_t len);
	int (*write)(void *ctx, uint64_t byte_offset, const void *buf, uint32_t len);
	/* Everything written so far is durable when this returns 0. */
	int (*flush)(void *ctx);
	uint64_t size; /* bytes */
};

#endif
