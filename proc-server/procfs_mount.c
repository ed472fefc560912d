/*
 * mount(2) of "proc" (proc.mount_proc): /proc is attached on the directory the caller
 * opened, through a port of the server's set that only the fs-server holds a send right
 * to, for the requests it hands on (interfaces/mounted.defs); and what a program tells
 * of itself at exec for its /proc directory (proc.exec_info).
 */
#include <errno.h>
#include <fs.h>
#include <ipc.h>
#include <linux/fcntl.h>
#include <linux/stat.h>
#include <masque/error.h>
#include <masque/rights.h>
#include <mounted.h>
#include <proc.h>
#include <rpc.h>
#include <self.h>
#include <string.h>
#include <trap.h>
#include "creds.h"
#include "ops.h"
#include "procfs.h"
#include "procfs_handle.h"

static port_name_t mount_port; /* the fs-server's way in (PORT_NULL until a mount) */
static port_name_t mount_dir;  /* the directory /proc is attached on (the mounter's) */

int pfs_from_fs_server(struct rpc_ctx *ctx, port_name_t client)
{
	if (mount_port && ctx->local == mount_port)
		return 1;
	rpc_release_right(client, MSG_MOVE_SEND_ONCE); /* a forgery: no answer */
	return 0;
}

/* The port for the fs-server, with a send right of ours to give it. */
static int64_t mount_port_send(void)
{
	if (!mount_port && !(mount_port = port_in_set()))
		return -ENOMEM;
	/* the fs-server's sends wait when the queue is full, and this server waits for the
	 * fs-server at times (a root handle for new ids, /proc/mounts): the longest queue
	 * keeps that from meeting but with as many clients at once in /proc */
	port_set_qlimit(mount_port, PORT_QLIMIT_MAX);
	int64_t r = port_insert_right(self_task, mount_port, mount_port, MSG_MAKE_SEND);
	/* when no fs-server holds it any more (every /proc unmounted), mount_dir goes */
	if (r >= 0)
		r = port_request_notify(mount_port, NOTIFY_NO_SENDERS, mount_port);
	return r < 0 ? -ENOMEM : 0;
}

int pfs_mount_gone(port_name_t port)
{
	if (!mount_port || port != mount_port)
		return 0;
	if (port_has_senders(mount_port))
		port_request_notify(mount_port, NOTIFY_NO_SENDERS, mount_port); /* mounted again */
	else if (mount_dir) {
		port_mod_refs(mount_dir, RIGHT_SEND, -1);
		mount_dir = PORT_NULL;
	}
	return 1;
}

/* Whether dir is a directory handle of the fs-server's (which the fs-server says, not
 * the caller): any other port might be one that would make us wait for ever, our own
 * among them. */
static int fs_directory(port_name_t dir)
{
	uint32_t mode;

	return dir != PORT_NULL && dir != PORT_DEAD && creds_identify(dir, &mode) >= 0 &&
	       S_ISDIR(mode);
}

/* The directory of the latest mount, for ".." out of /proc's root (procfs_asking.c). */
static void keep_mount_dir(port_name_t dir)
{
	if (mount_dir)
		port_mod_refs(mount_dir, RIGHT_SEND, -1);
	mount_dir = dir;
}

int64_t proc_mount_proc(struct rpc_ctx *ctx, port_name_t dir, const char *where)
{
	struct process *p = process_by_port(ctx->local);
	int64_t r = !p			  ? -ESRCH
		    : p->cred.uid[1] != 0 ? -EPERM
		    : pfs_handle_of(dir)  ? -EBUSY /* /proc is there already */
		    : !fs_directory(dir)  ? -EINVAL
					  : mount_port_send();

	if (!r) {
		r = rpc_fs_attach(dir, "", mount_port, "proc", "proc", where);
		port_mod_refs(mount_port, RIGHT_SEND, -1); /* the fs-server has its own */
	}
	if (!r)
		keep_mount_dir(dir);
	else if (dir != PORT_NULL && dir != PORT_DEAD)
		port_mod_refs(dir, RIGHT_SEND, -1);
	return r == -EOPNOTSUPP || r == KERN_INVALID_MSG ? -ENODEV : r;
}

int64_t pfs_mount(port_name_t root, const char *path)
{
	port_name_t dir;
	uint32_t type;
	int64_t r = rpc_fs_open(root, path, O_PATH | O_DIRECTORY, 0, &dir, &type);

	if (r)
		return r;
	if (!(r = mount_port_send())) {
		r = rpc_fs_attach(dir, "", mount_port, "proc", "proc", path);
		port_mod_refs(mount_port, RIGHT_SEND, -1);
	}
	if (!r)
		keep_mount_dir(dir);
	else
		port_mod_refs(dir, RIGHT_SEND, -1);
	return r;
}

int64_t pfs_mount_parent(port_name_t *parent)
{
	uint32_t type;

	*parent = PORT_NULL;
	return mount_dir ? rpc_fs_open(mount_dir, "..", O_PATH | O_DIRECTORY, 0, parent, &type)
			 : -ENOENT;
}

int64_t proc_exec_info(struct rpc_ctx *ctx, uint64_t argv_start, uint64_t argv_end,
		       uint64_t env_start, uint64_t env_end, uint64_t fd_table, const char *exe)
{
	struct process *p = process_by_port(ctx->local);

	if (!p)
		return -ESRCH;
	p->image = (struct exec_info){ argv_start, argv_end, env_start, env_end, fd_table, { 0 } };
	strlcpy(p->image.exe, exe, sizeof(p->image.exe));
	return 0;
}

int64_t proc_cwd(struct rpc_ctx *ctx, const char *path)
{
	struct process *p = process_by_port(ctx->local);

	if (!p)
		return -ESRCH;
	strlcpy(p->cwd, path, sizeof(p->cwd));
	return 0;
}
