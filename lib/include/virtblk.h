/* The virtio disks' block nodes as Linux numbers them (major 254, 16 minors a disk:
 * vda 0, vda1 1, vdb 16 ...) and the disk driver's names of the same volumes ("diskN",
 * "diskNpM", interfaces/block.defs): what blkdev-server serves and emul's mount(2)
 * asks the fs-server to mount. */
#ifndef LIB_VIRTBLK_H
#define LIB_VIRTBLK_H

#include <stdint.h>

#define VIRTBLK_MAJOR  254 /* what Linux gives virtio_blk on a machine with no other */
#define VIRTBLK_MINORS 16  /* a disk's: the whole disk, then partitions 1 to 15 */
#define VIRTBLK_DISKS  8   /* the driver's most (drivers/virtio-blk) */
#define VIRTBLK_NAME   16  /* room for a name with its NUL */

/* The driver's name of minor into name: 0, or -1 if no disk of the driver has it. */
static inline int virtblk_name(uint32_t minor, char name[VIRTBLK_NAME])
{
	uint32_t disk = minor / VIRTBLK_MINORS, part = minor % VIRTBLK_MINORS, n = 0;

	if (disk >= VIRTBLK_DISKS)
		return -1;
	for (const char *p = "disk"; *p; p++)
		name[n++] = *p;
	name[n++] = (char)('0' + disk);
	if (part) {
		name[n++] = 'p';
		if (part >= 10)
			name[n++] = (char)('0' + part / 10);
		name[n++] = (char)('0' + part % 10);
	}
	name[n] = 0;
	return 0;
}

#endif
