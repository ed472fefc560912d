/*
 * The disks and partitions behind the block nodes, by Linux's numbers for virtio disks:
 * major VIRTBLK_MAJOR, minor 16 * disk + partition (vda 0, vda1 1, vdb 16, vdb1 17),
 * partition 0 being the whole disk. Each is a volume the disk driver serves as "diskN"
 * or "diskNpM" (interfaces/block.defs), found with the name service when first opened.
 */
#ifndef BLKDEV_VOLUME_H
#define BLKDEV_VOLUME_H

#include <masque/types.h>
#include <stdint.h>

#define VIRTBLK_MAJOR	254 /* what Linux gives virtio_blk on a machine with no other */
#define MINORS_PER_DISK 16
#define BLOCK_IO_MAX	(1u << 20) /* the block protocol's largest transfer */

struct volume {
	port_name_t port; /* the driver's, for the block protocol */
	uint64_t size;	  /* bytes */
	uint32_t block_size;
	char name[16]; /* the driver's name of it, "diskN" or "diskNpM" */
};

/* The name the driver serves minor under ("disk1", "disk1p2"): 0, or -ENXIO if none. */
int volume_name(uint32_t minor, char name[16]);

/* The volume of minor: 0 and *v, or -ENXIO if the driver serves no such volume. */
int64_t volume_of_minor(uint32_t minor, struct volume **v);

#endif
