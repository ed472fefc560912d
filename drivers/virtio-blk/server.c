/*
 * The block protocol (interfaces/block.defs) on every volume's port. A request is
 * checked against its volume, becomes a device request, and the handler returns
 * RPC_NO_REPLY: the answer goes out from the request's done function when the
 * device's interrupt says it is finished.
 */
#include <block.h>
#include <errno.h>
#include <masque/error.h>
#include <rpc.h>
#include <self.h>
#include <stdlib.h>
#include <string.h>
#include <trap.h>
#include "probe.h"
#include "volume.h"

/* A reply could not be sent (the client is gone): drop the right it was for. */
static void replied(port_name_t reply, int64_t sent)
{
	if (sent != KERN_SUCCESS)
		rpc_release_right(reply, MSG_MOVE_SEND_ONCE);
}

/* Whether [offset, offset + length) is a transfer the volume can take. */
static int64_t check_range(const struct volume *v, uint64_t offset, uint64_t length)
{
	if (!length || length > REQUEST_BYTES_MAX || offset % SECTOR_SIZE || length % SECTOR_SIZE)
		return -EINVAL;
	if (offset > v->size || length > v->size - offset)
		return -EINVAL;
	return 0;
}

/* Hand a request for the client behind ctx to v's disk. */
static int64_t submit(struct volume *v, struct rpc_ctx *ctx, uint32_t type, uint64_t offset,
		      uint32_t length, void *data,
		      void (*done)(struct request *, int64_t, const void *))
{
	struct request *r = malloc(sizeof(*r));

	if (!r)
		return -ENOMEM;
	*r = (struct request){ .type = type,
			       .length = length,
			       .sector = (v->start + offset) / SECTOR_SIZE,
			       .data = data,
			       .reply = ctx->reply,
			       .done = done };
	disk_submit(v->disk, r);
	return RPC_NO_REPLY;
}

int64_t block_info(struct rpc_ctx *ctx, uint64_t *size, uint32_t *block_size, uint32_t *type)
{
	struct volume *v = volume_of(ctx->local);

	if (!v)
		return -EINVAL;
	*size = v->size;
	*block_size = SECTOR_SIZE;
	*type = v->type;
	return 0;
}

/* Answer a read with the bytes in fresh memory, which the reply moves to the client. */
static void read_done(struct request *r, int64_t result, const void *data)
{
	int64_t buf = 0;

	if (!result && (buf = vm_allocate(self_task, 0, r->length, VM_ANYWHERE)) < 0)
		result = -ENOMEM;
	if (result) {
		replied(r->reply, block_read_reply(r->reply, result, NULL, 0));
	} else {
		memcpy((void *)buf, data, r->length);
		int64_t sent = block_read_reply(r->reply, 0, (void *)buf, r->length);
		if (sent != KERN_SUCCESS)
			vm_deallocate(self_task, buf, r->length);
		replied(r->reply, sent);
	}
	free(r);
}

int64_t block_read(struct rpc_ctx *ctx, uint64_t offset, uint32_t length, void **bytes,
		   uint32_t *bytes_size)
{
	struct volume *v = volume_of(ctx->local);
	int64_t err = v ? check_range(v, offset, length) : -EINVAL;

	(void)bytes, (void)bytes_size; /* answered later, by read_done */
	return err ? err : submit(v, ctx, VIRTIO_BLK_T_IN, offset, length, NULL, read_done);
}

/* The client's bytes are on the disk (or not): let their memory go, answer. */
static void write_done(struct request *r, int64_t result, const void *data)
{
	(void)data;
	rpc_release_ool((uint64_t)r->data, r->length);
	replied(r->reply, block_write_reply(r->reply, result));
	free(r);
}

int64_t block_write(struct rpc_ctx *ctx, uint64_t offset, void *bytes, uint32_t bytes_size)
{
	struct volume *v = volume_of(ctx->local);
	int64_t r = v ? check_range(v, offset, bytes_size) : -EINVAL;

	if (!r && v->disk->read_only)
		r = -EROFS;
	if (!r)
		r = submit(v, ctx, VIRTIO_BLK_T_OUT, offset, bytes_size, bytes, write_done);
	if (r != RPC_NO_REPLY) /* the handler owns the bytes: they go now */
		rpc_release_ool((uint64_t)bytes, bytes_size);
	return r;
}

static void flush_done(struct request *r, int64_t result, const void *data)
{
	(void)data;
	replied(r->reply, block_flush_reply(r->reply, result));
	free(r);
}

int64_t block_flush(struct rpc_ctx *ctx)
{
	struct volume *v = volume_of(ctx->local);

	if (!v)
		return -EINVAL;
	if (!v->disk->can_flush) /* a device without a cache to flush writes through */
		return 0;
	return submit(v, ctx, VIRTIO_BLK_T_FLUSH, 0, 0, NULL, flush_done);
}

/* The partitions go now; the new table's come when the probe ends, which answers. */
int64_t block_reread(struct rpc_ctx *ctx)
{
	struct volume *v = volume_of(ctx->local);

	if (!v || !v->whole)
		return -EINVAL;
	if (v->disk->probing)
		return -EBUSY;
	volume_drop_partitions(v->disk);
	if (probe_disk(v->disk))
		return -ENOMEM;
	v->disk->reread = ctx->reply;
	return RPC_NO_REPLY;
}
