/* Loop devices: their ioctls (LOOP_*) on a descriptor of /dev/loopN or
 * /dev/loop-control, turned into the fs-server's loop requests (loop.c). */
#ifndef EMUL_LOOP_H
#define EMUL_LOOP_H

#include <masque/types.h>
#include <stdint.h>

/* Whether request is one of the loop ioctls emul turns into requests. */
int loop_request(uint32_t request);

/* Loop request on handle h (arg as the program gave it): the result; -ENOTTY from a
 * descriptor that is no loop device. */
int64_t loop_ioctl(port_name_t h, uint32_t request, uint64_t arg);

#endif
