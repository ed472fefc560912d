/* What the operation files (ops_file.c, ops_dir.c) share. */
#ifndef FS_SERVER_OPS_H
#define FS_SERVER_OPS_H

#include <fs.h>
#include <rpc.h>
#include <stdint.h>
#include "ext2/ext2.h"
#include "handle.h"

/* The handle a request came to: 0, or -EBADF for a port that is none. */
int64_t ops_handle(struct rpc_ctx *ctx, struct handle **h);
/* The wall-clock time. */
void ops_now(struct vfs_time *t);
/* A block device's ioctl on loop device n (ops_loop.c), answered into out. */
int64_t ops_loop_block_request(uint32_t n, uint32_t request, void *out, uint32_t *out_len);
/* fs.stat's answers for node (fs.stat and fs.stat_path). */
int64_t stat_answer(struct node node, struct fs_attr *a);

#endif
