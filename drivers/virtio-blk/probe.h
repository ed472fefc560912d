/* Finding a disk's partitions: the reads of its partition table. */
#ifndef VIRTIO_BLK_PROBE_H
#define VIRTIO_BLK_PROBE_H

#include "device.h"

/* Read d's partition table (an MBR, or a GPT behind a protective MBR, its backup
 * header if the primary is bad), then serve d and its partitions (volume_serve).
 * -> 0, or an error if the first read could not be started. */
int probe_disk(struct disk *d);

#endif
