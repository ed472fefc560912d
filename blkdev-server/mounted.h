/*
 * Whether a volume shares blocks with a mounted file system, read from the fs-server's
 * mount table (fs.mount_table: "/dev/NAME DIRECTORY TYPE ..." lines), where NAME is a
 * driver's volume name, "diskN" or "diskNpM". Pure code.
 */
#ifndef BLKDEV_MOUNTED_H
#define BLKDEV_MOUNTED_H

#include <stdint.h>

/* Whether table (len bytes) mounts name itself, a partition of it (name is a disk), or
 * the disk it is a partition of. */
int mounted_overlaps(const char *table, uint32_t len, const char *name);

#endif
