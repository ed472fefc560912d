/* What the operation files (ops_file.c, ops_dir.c) share. */
#ifndef FS_SERVER_OPS_H
#define FS_SERVER_OPS_H

#include <rpc.h>
#include <stdint.h>
#include "ext2/ext2.h"
#include "handle.h"

/* The handle a request came to: 0, or -EBADF for a port that is none. */
int64_t ops_handle(struct rpc_ctx *ctx, struct handle **h);
/* The wall-clock time. */
void ops_now(struct ext2_time *t);
/* fs.stat's answers for node (fs.stat and fs.stat_path). */
int64_t stat_answer(struct node node, uint64_t *dev, uint64_t *ino, uint32_t *mode, uint32_t *nlink,
		    uint32_t *uid, uint32_t *gid, uint64_t *rdev, int64_t *size, int64_t *blocks,
		    uint32_t *blksize, int64_t *atime, uint32_t *atime_ns, int64_t *mtime,
		    uint32_t *mtime_ns, int64_t *ctime, uint32_t *ctime_ns);

#endif
