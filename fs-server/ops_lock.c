/*
 * Record locks (ops_lock.h): lib/record_locks.c keeps them; a file is a volume's inode,
 * held by an inode reference while it has locks.
 */
#include <errno.h>
#include <fs.h>
#include <record_locks.h>
#include "ops.h"
#include "ops_lock.h"

static void *handle(port_name_t local)
{
	return handle_of(local);
}

static void info(void *handle, struct lock_handle_info *out)
{
	struct handle *h = handle;

	*out = (struct lock_handle_info){ .file = { h->node.vol->base, h->node.ino },
					  .flags = h->of->flags,
					  .pos = (int64_t)h->of->pos,
					  .description = h->of };
}

static int reachable(const void *description)
{
	return handle_description_reachable(description);
}

static int64_t size(void *handle, int64_t *size)
{
	struct handle *h = handle;
	struct vfs_stat st;
	int64_t r = h->node.vol->ops->stat(h->node.vol->fs, h->node.ino, &st);

	*size = r ? 0 : (int64_t)st.size;
	return r;
}

static int hold(struct lock_file_id file)
{
	const struct volume *v = file.space;

	return v->ops->inode_get(v->fs, (uint32_t)file.id);
}

static void release(struct lock_file_id file)
{
	const struct volume *v = file.space;

	v->ops->inode_put(v->fs, (uint32_t)file.id);
}

static const struct lock_server files = { handle, info, reachable, size, hold, release };

int ops_lock_init(void)
{
	return record_locks_init(&files, handle_set);
}

/* A signal came to a thread waiting through this handle: its lock waits end. */
void fs_interrupt(struct rpc_ctx *ctx)
{
	struct handle *h = handle_of(ctx->local);

	if (h)
		record_locks_interrupt(h);
}

void ops_lock_handle_gone(struct handle *h)
{
	record_locks_handle_gone(h);
	if (h->of->handles == 1) /* the description's last */
		record_locks_description_gone(h->of);
}

void ops_lock_dead_name(port_name_t local, port_name_t name)
{
	record_locks_dead_name(local, name);
}

int ops_lock_any_on(const struct volume *vol)
{
	return record_locks_any_in(vol);
}
