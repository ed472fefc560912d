/* What the driver serves: each disk and each of its partitions, on a port of its own. */
#ifndef VIRTIO_BLK_VOLUME_H
#define VIRTIO_BLK_VOLUME_H

#include <masque/types.h>
#include <stdint.h>
#include "device.h"
#include "partitions.h"

struct volume {
	port_name_t port; /* receive right, and the send right registered as the name;
			     PORT_NULL: a free entry */
	struct disk *disk;
	int whole;	/* the disk itself, not one of its partitions */
	char name[16];	/* "diskN" or "diskNpM" */
	uint64_t start; /* bytes from the start of the disk */
	uint64_t size;	/* bytes */
	uint32_t type;	/* MBR partition type (GPT: see partitions.h); 0 for the whole disk */
};

/* Volume ports will go into the port set set. */
void volume_init(port_name_t set);

/* Serve d's partitions as "diskNpM", then d itself as "diskN" (the first time):
 * registered in this order, "diskN" means the disk and all its partitions are ready. */
void volume_serve(struct disk *d, const struct partition *parts, unsigned count);

/* Stop serving d's partitions: their ports go, their names are unregistered. */
void volume_drop_partitions(struct disk *d);

/* The volume served on port, or NULL. */
struct volume *volume_of(port_name_t port);

#endif
