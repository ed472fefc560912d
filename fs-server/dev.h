/*
 * The devices the fs-server serves itself, found through character device nodes by
 * their Linux numbers: null (1,3), zero (1,5), full (1,7), random (1,8) and urandom
 * (1,9). Others are served by the servers that registered their majors (dev_servers.h),
 * or by none: opening one gives -ENXIO.
 */
#ifndef FS_SERVER_DEV_H
#define FS_SERVER_DEV_H

#include <stddef.h>
#include <stdint.h>

#define DEV_MEM_MAJOR 1 /* Linux's memory devices */

/* Linux's st_rdev encoding of small numbers: major in bits 8-19, minor in bits 0-7
 * and 20-31. */
uint32_t dev_major(uint32_t rdev);
uint32_t dev_minor(uint32_t rdev);

/* Whether the device of st_rdev rdev is one of ours: 0 or -ENXIO. */
int dev_known(uint32_t rdev);
/* Read or write len bytes of device rdev: a count, or a negative errno. */
int64_t dev_read(uint32_t rdev, void *buf, size_t len);
int64_t dev_write(uint32_t rdev, const void *buf, size_t len);
/* Seed the random devices (at start, from what the machine offers). */
void dev_seed_random(void);

#endif
