/*
 * Loop devices: the block devices /dev/loopN (block major 7) whose bytes are those of
 * a regular file of ours from an offset, and /dev/loop-control (character 10:237),
 * which finds a free one (interfaces/fs.defs, loop_*). A file system on one mounts as
 * on a disk (volume_mount of "loopN"): its blocks are read and written through the
 * backing file's own type inside this server, so no request of ours waits on another
 * server that may be waiting on us.
 *
 * Users of a device: its open descriptions (loop_open, loop_close) and its mount
 * (loop_mounted). With LO_FLAGS_AUTOCLEAR, or after loop_detach while used, the file
 * goes when the last user does.
 */
#ifndef FS_SERVER_LOOP_H
#define FS_SERVER_LOOP_H

#include <stdint.h>
#include "ext2/disk.h"
#include "volume.h"

#define LOOP_MAJOR	   7
#define LOOP_DEVICES	   8
#define LOOP_CONTROL_MAJOR 10
#define LOOP_CONTROL_MINOR 237

/* What loop_status tells of a device. */
struct loop_state {
	uint64_t dev, ino; /* the backing file's */
	uint64_t offset, sizelimit;
	uint32_t flags; /* LO_FLAGS_* */
	char name[64];
};

/* The loop device a node of mode and st_rdev rdev is (its number), or -1. */
int loop_number(uint32_t mode, uint32_t rdev);
/* Whether a node of mode and rdev is /dev/loop-control. */
int loop_is_control(uint32_t mode, uint32_t rdev);

/* Give device n the regular file backing from offset on, at most sizelimit bytes (0: all
 * of it); read-only unless writable. -EBUSY if it has a file. */
int loop_attach(uint32_t n, struct node backing, int writable, uint64_t offset, uint64_t sizelimit,
		uint32_t flags, const char *name);
/* Let device n's file go (now, or when its last user goes): -ENXIO if it has none. */
int loop_detach(uint32_t n);
int loop_set_status(uint32_t n, uint64_t offset, uint64_t sizelimit, uint32_t flags,
		    const char *name);
int loop_status(uint32_t n, struct loop_state *out);
/* The lowest free device, or -ENOSPC. */
int loop_free(void);

/* An open description of device n came (0, or -ENXIO for no such device) or went. */
int loop_open(uint32_t n);
void loop_close(uint32_t n);

/* The device's bytes through an open description: a count or an errno. */
int64_t loop_read(uint32_t n, uint64_t off, void *buf, uint32_t len);
int64_t loop_write(uint32_t n, uint64_t off, const void *buf, uint32_t len);
/* Its size in bytes (0 without a file). */
uint64_t loop_size(uint32_t n);
int loop_flush(uint32_t n);

/* The disk a volume on device n reads and writes through (-ENXIO without a file), and
 * whether it is read-only; the volume holds the device until loop_unmounted. */
int loop_mount(uint32_t n, struct ext2_disk *disk, int *read_only);
void loop_unmounted(uint32_t n);

/* Whether a device's file is on vol (its unmount must wait), or one open for writing
 * is on the file system of the base volume vol (it cannot become read-only). */
int loop_any_on(const struct volume *vol);
int loop_any_writer_on(const struct volume *vol);

#endif
