/* Attaching another server's file system on a directory (fs.attach), the mount table
 * (fs.mount_table), and handing on the requests whose paths reach one (ops_attach.h). */
#include <errno.h>
#include <format.h>
#include <fs.h>
#include <fs_proto.h>
#include <linux/stat.h>
#include <masque/rights.h>
#include <mounted.h>
#include <rpc.h>
#include <string.h>
#include <trap.h>
#include "attach.h"
#include "mount.h"
#include "ops.h"
#include "ops_attach.h"

/* The server's answer comes to the client; a server that is gone answers -ENOENT
 * (its files are no more). */
static int64_t handed_on(int64_t sent)
{
	return sent < 0 ? -ENOENT : RPC_NO_REPLY;
}

int64_t forward_open(const struct walk_forward *f, port_name_t client, uint32_t flags,
		     uint32_t mode, const struct identity *who)
{
	return handed_on(
		rpc_mounted_open(f->server, client, f->rest, flags, mode, who->uid, who->gid));
}

int64_t forward_stat_path(const struct walk_forward *f, port_name_t client, uint32_t flags,
			  const struct identity *who)
{
	return handed_on(
		rpc_mounted_stat_path(f->server, client, f->rest, flags, who->uid, who->gid));
}

int64_t forward_readlink(const struct walk_forward *f, port_name_t client,
			 const struct identity *who)
{
	return handed_on(rpc_mounted_readlink(f->server, client, f->rest, who->uid, who->gid));
}

int64_t forward_access(const struct walk_forward *f, port_name_t client, uint32_t mode,
		       uint32_t flags, const struct identity *who)
{
	return handed_on(
		rpc_mounted_access(f->server, client, f->rest, mode, flags, who->uid, who->gid));
}

/* Attach the file system attached serves on the directory path (uid 0 only). */
int64_t fs_attach(struct rpc_ctx *ctx, const char *path, port_name_t attached, const char *type,
		  const char *source, const char *where)
{
	struct handle *h;
	struct node on;
	struct file_owner f;
	int64_t r = ops_handle(ctx, &h);

	if (!r && h->who.uid != 0)
		r = -EPERM;
	if (!r && (attached == PORT_NULL || attached == PORT_DEAD))
		r = -EINVAL;
	if (!r && !path[0])
		on = h->node;
	else if (!r)
		r = walk(&h->who, h->node, path, 1, &on);
	if (!r && !(r = node_owner(on, &f)) && !S_ISDIR(f.mode))
		r = -ENOTDIR;
	if (!r && mount_over(on))
		r = -EBUSY;
	if (!r)
		r = attach_add(on, attached, type, source, where);
	if (r && attached != PORT_NULL && attached != PORT_DEAD)
		port_mod_refs(attached, RIGHT_SEND, -1);
	return r;
}

int64_t fs_mount_table(struct rpc_ctx *ctx, void *table, uint32_t *table_len)
{
	struct handle *h;
	int64_t r = ops_handle(ctx, &h);

	*table_len = 0;
	if (r)
		return r;
	mount_table(table, FS_IO_INLINE, table_len);
	attach_table(table, FS_IO_INLINE, table_len);
	return 0;
}
