/*
 * The disks and partitions behind the block nodes, by Linux's numbers for virtio disks
 * (virtblk.h: major 254, minor 16 * disk + partition, partition 0 the whole disk). Each
 * is a volume the disk driver serves as "diskN" or "diskNpM" (interfaces/block.defs),
 * found with the name service when first opened.
 */
#ifndef BLKDEV_VOLUME_H
#define BLKDEV_VOLUME_H

#include <masque/types.h>
#include <stdint.h>
#include <virtblk.h>

#define BLOCK_IO_MAX (1u << 20) /* the block protocol's largest transfer */

struct volume {
	port_name_t port; /* the driver's, for the block protocol */
	uint64_t size;	  /* bytes */
	uint32_t block_size;
	char name[VIRTBLK_NAME]; /* the driver's name of it, "diskN" or "diskNpM" */
};

/* The volume of minor: 0 and *v, or -ENXIO if the driver serves no such volume. */
int64_t volume_of_minor(uint32_t minor, struct volume **v);

/* Have the driver read the partition table of disk (its number, whose whole volume is
 * v) again, and forget what was found of its partitions: they are looked up anew. */
int64_t volume_reread(struct volume *v, uint32_t disk);

#endif
