/* Block-device ioctls (block.h): BLKGETSIZE64 (a u64 of bytes), BLKGETSIZE (an unsigned
 * long of 512-byte sectors), BLKSSZGET (an int), BLKPBSZGET (an unsigned int),
 * BLKFLSBUF and BLKRRPART (no argument), answered by the server of the descriptor
 * (blkdev-server/ioctl.c). */
#include <errno.h>
#include <fs.h>
#include <stddef.h> /* linux/fs.h's BLKGETSIZE64 names size_t */
#include <linux/fs.h>
#include "block.h"
#include "errno_of.h"
#include "process.h"
#include "user.h"

/* The bytes a request writes to the program's memory. */
static int32_t answer_size(uint32_t request)
{
	switch (request) {
	case BLKGETSIZE64:
		return sizeof(uint64_t);
	case BLKGETSIZE:
		return sizeof(unsigned long);
	case BLKSSZGET:
		return sizeof(int);
	case BLKPBSZGET:
		return sizeof(unsigned int);
	case BLKFLSBUF:
	case BLKRRPART:
		return 0;
	default:
		return -1;
	}
}

int block_request(uint32_t request)
{
	return answer_size(request) >= 0;
}

int64_t block_ioctl(port_name_t h, uint32_t request, uint64_t arg)
{
	uint32_t size = (uint32_t)answer_size(request), out_len = 0;
	uint8_t out[64];
	int64_t r;

	if (size && !user_whole((void *)arg, size))
		return -EFAULT;
	r = rpc_fs_ioctl(h, request, process.proc, 0, 0, out, &out_len);
	if (r < 0)
		return linux_result(r);
	if (size && (out_len != size || user_copy((void *)arg, out, size)))
		return -EFAULT;
	return r;
}
