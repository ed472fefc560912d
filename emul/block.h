/* Block devices: their ioctls go to the descriptor's server, the answers copied out
 * (block.c). */
#ifndef EMUL_BLOCK_H
#define EMUL_BLOCK_H

#include <masque/types.h>
#include <stdint.h>

/* Whether request is one of the block-device ioctls emul forwards. */
int block_request(uint32_t request);

/* Block request on handle h (arg as the program gave it): the result; -ENOTTY from a
 * descriptor that is no block device, -EFAULT for an answer arg cannot take. */
int64_t block_ioctl(port_name_t h, uint32_t request, uint64_t arg);

#endif
