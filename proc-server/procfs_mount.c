/*
 * mount(2) of "proc" (proc.mount_proc): /proc is attached on the directory the caller
 * opened, through a port of the server's set, one per mount, that only the fs-server
 * holds a send right to, for the requests it hands on (interfaces/mounted.defs); and
 * what a program tells of itself at exec for its /proc directory (proc.exec_info).
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

#define MOUNTS_MAX 8

/* Each mount: the fs-server's way in, and the directory /proc is attached on (the
 * mounter's handle), let go when the fs-server lets go of the port (unmounted); made
 * orders them, for ".." out of /proc's root, which leads out of the latest. */
static struct mount {
	port_name_t port, dir;
	uint64_t made;
} mounts[MOUNTS_MAX];
static uint64_t made;

static int mount_of(port_name_t port)
{
	for (int i = 0; i < MOUNTS_MAX; i++)
		if (port && mounts[i].port == port)
			return i;
	return -1;
}

int pfs_from_fs_server(struct rpc_ctx *ctx, port_name_t client)
{
	if (mount_of(ctx->local) >= 0)
		return 1;
	rpc_release_right(client, MSG_MOVE_SEND_ONCE); /* a forgery: no answer */
	return 0;
}

/* A free entry with a new port for the fs-server, a send right of ours to give it in
 * *port: its index, or -ENOMEM. */
static int mount_new(port_name_t *port)
{
	int i = 0, r = -ENOMEM;

	while (i < MOUNTS_MAX && mounts[i].port)
		i++;
	if (i == MOUNTS_MAX || !(*port = port_in_set()))
		return -ENOMEM;
	/* the fs-server's sends wait when the queue is full, and this server waits for the
	 * fs-server at times (a root handle for new ids, /proc/mounts): the longest queue
	 * keeps that from meeting but with as many clients at once in /proc */
	port_set_qlimit(*port, PORT_QLIMIT_MAX);
	if (port_insert_right(self_task, *port, *port, MSG_MAKE_SEND) >= 0 &&
	    port_request_notify(*port, NOTIFY_NO_SENDERS, *port) >= 0)
		r = i;
	if (r < 0)
		port_destroy(*port);
	else
		mounts[i] = (struct mount){ *port, PORT_NULL, 0 };
	return r;
}

/* Entry i goes: its port, and its directory if it has one. */
static void mount_drop(int i)
{
	if (mounts[i].dir)
		port_mod_refs(mounts[i].dir, RIGHT_SEND, -1);
	port_destroy(mounts[i].port);
	mounts[i].port = mounts[i].dir = PORT_NULL;
}

int pfs_mount_gone(port_name_t port)
{
	int i = mount_of(port);

	if (i < 0)
		return 0;
	if (port_has_senders(port))
		port_request_notify(port, NOTIFY_NO_SENDERS, port); /* made again since */
	else
		mount_drop(i);
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

/* Attach /proc on dir (a handle the caller gives us) through a new mount's port, where
 * the mount table shows it: 0, and the mount keeps dir; or an error. */
static int64_t attach(port_name_t dir, const char *where)
{
	port_name_t port;
	int i = mount_new(&port);
	int64_t r = i < 0 ? i : rpc_fs_attach(dir, "", port, "proc", "proc", where);

	if (i >= 0)
		port_mod_refs(port, RIGHT_SEND, -1); /* the fs-server has its own */
	if (!r) {
		mounts[i].dir = dir;
		mounts[i].made = ++made;
	} else if (i >= 0) {
		mount_drop(i);
	}
	return r;
}

int64_t proc_mount_proc(struct rpc_ctx *ctx, port_name_t dir, const char *where)
{
	struct process *p = process_by_port(ctx->local);
	int64_t r = !p			  ? -ESRCH
		    : p->cred.uid[1] != 0 ? -EPERM
		    : pfs_handle_of(dir)  ? -EBUSY /* /proc is there already */
		    : !fs_directory(dir)  ? -EINVAL
					  : attach(dir, where);

	if (r && dir != PORT_NULL && dir != PORT_DEAD)
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
	if ((r = attach(dir, path)))
		port_mod_refs(dir, RIGHT_SEND, -1);
	return r;
}

int64_t pfs_mount_parent(port_name_t *parent)
{
	uint32_t type;

	struct mount *latest = NULL;

	*parent = PORT_NULL;
	for (int i = 0; i < MOUNTS_MAX; i++)
		if (mounts[i].dir && (!latest || mounts[i].made > latest->made))
			latest = &mounts[i];
	return latest ? rpc_fs_open(latest->dir, "..", O_PATH | O_DIRECTORY, 0, parent, &type)
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
