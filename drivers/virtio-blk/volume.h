/* What the driver serves: each disk and each partition of its MBR, on a port of its own. */
#ifndef VIRTIO_BLK_VOLUME_H
#define VIRTIO_BLK_VOLUME_H

#include <masque/types.h>
#include <stdint.h>
#include "device.h"

struct volume {
	port_name_t port; /* receive right, and the send right registered as the name */
	struct disk *disk;
	uint64_t start; /* bytes from the start of the disk */
	uint64_t size;	/* bytes */
	uint32_t type;	/* MBR partition type; 0 for the whole disk */
};

/* Volume ports will go into the port set set. */
void volume_init(port_name_t set);

/* Read disk d's MBR, then serve d and its partitions as "diskN" and "diskNpM". The
 * names are registered when the read completes, partitions first, so that "diskN"
 * means the disk and all its partitions are ready. */
int volume_probe(struct disk *d);

/* The volume served on port, or NULL. */
struct volume *volume_of(port_name_t port);

#endif
