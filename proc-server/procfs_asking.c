/*
 * The names of /proc whose meaning depends on which process asks (proc.procfs_lookup):
 * "self", and ".." out of /proc's root. A path that reaches them through the fs-server
 * or a handle comes with no word of who asks, so the walk is answered FS_ASK_PROCESS
 * and the process asks again on its own port, which says who it is.
 */
#include <errno.h>
#include <fs.h>
#include <linux/fcntl.h>
#include <linux/stat.h>
#include <masque/rights.h>
#include <proc.h>
#include <rpc.h>
#include <self.h>
#include <string.h>
#include <trap.h>
#include "procfs.h"
#include "procfs_handle.h"

/* A handle on p's own directory, with p's identity: a send right for the reply. */
static int64_t own_directory(struct process *p, port_name_t *file, uint32_t *type)
{
	struct pfs_who who = { p->cred.uid[1], p->cred.gid[1] };
	port_name_t port =
		pfs_handle_new((struct pfs_node){ PFS_PID, 0, p->pid }, &who, O_PATH | O_DIRECTORY);

	if (!port)
		return -ENFILE;
	if (port_insert_right(self_task, port, port, MSG_MAKE_SEND) < 0) {
		pfs_handle_gone(port);
		return -ENFILE;
	}
	*file = port;
	*type = S_IFDIR;
	return 0;
}

/* The directory /proc is mounted in, as p may see it: opened through the mount point
 * (with the mounter's identity), then made p's. */
static int64_t mounted_in(struct process *p, port_name_t *file, uint32_t *type)
{
	port_name_t up;
	int64_t r = pfs_mount_parent(&up);

	if (r)
		return r;
	r = rpc_fs_reauthenticate(up, p->cred.uid[1], p->cred.gid[1], p->cred.groups,
				  p->cred.ngroups * 4, file);
	port_mod_refs(up, RIGHT_SEND, -1);
	*type = S_IFDIR;
	return r;
}

int64_t proc_procfs_lookup(struct rpc_ctx *ctx, port_name_t dir, const char *name,
			   port_name_t *file, uint32_t *type)
{
	struct process *p = process_by_port(ctx->local);
	struct pfs_handle *h = pfs_handle_of(dir);
	int at_root = h && h->node.kind == PFS_ROOT;

	*file = PORT_NULL;
	*type = 0;
	if (dir != PORT_NULL && dir != PORT_DEAD)
		port_mod_refs(dir, RIGHT_SEND, -1);
	if (!p)
		return -ESRCH;
	if (at_root && !strcmp(name, "self"))
		return own_directory(p, file, type);
	if (at_root && !strcmp(name, ".."))
		return mounted_in(p, file, type);
	return -EINVAL;
}
