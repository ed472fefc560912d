/*
 * The devices the fs-server serves itself, found through character device nodes by
 * their Linux numbers: null (1,3), zero (1,5), full (1,7), random (1,8) and urandom
 * (1,9). Other devices are not served yet: opening one gives -ENXIO.
 */
#ifndef FS_SERVER_DEV_H
#define FS_SERVER_DEV_H

#include <stddef.h>
#include <stdint.h>

/* Whether the device of st_rdev rdev is one of ours: 0 or -ENXIO. */
int dev_known(uint32_t rdev);
/* Read or write len bytes of device rdev: a count, or a negative errno. */
int64_t dev_read(uint32_t rdev, void *buf, size_t len);
int64_t dev_write(uint32_t rdev, const void *buf, size_t len);
/* Seed the random devices (at start, from what the machine offers). */
void dev_seed_random(void);

#endif
