/*
 * The fs-server: mounts the ext2 file system of the block device named on its command
 * line as the root, registers a handle on the root directory (identity root) with the
 * name service as "fs", and serves the file protocol (interfaces/fs.defs) on every
 * handle it gives out. A handle goes when the last send right to it does.
 *
 * Unmounting the root ("/", by uid 0) writes everything back, marks the file system
 * clean and ends the server: the power-off path (the bootstrap asks before it stops
 * the machine). Not there yet, and answered -ENOSYS (said once on the console): memory
 * objects for files (map), mounting further disks (mount, and unmount of anything but
 * the root).
 */
#include <errno.h>
#include <fs.h>
#include <linux/fcntl.h>
#include <linux/stat.h>
#include <linux_fs.h>
#include <notify.h>
#include <ns.h>
#include <rpc.h>
#include <self.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <trap.h>
#include "dev.h"
#include "file_pager.h"
#include "handle.h"
#include "ops.h"
#include "volume.h"

static struct handle *root_handle; /* the one registered with the name service */

/* An operation not built yet: -ENOSYS, and its name on the console the first time. */
static int64_t not_yet(const char *name, int *said)
{
	if (!*said)
		printf("fs-server: %s is not implemented yet\n", name);
	*said = 1;
	return -ENOSYS;
}

int64_t fs_map(struct rpc_ctx *ctx, uint32_t writable, port_name_t *object)
{
	struct handle *h;
	int64_t r = ops_handle(ctx, &h);

	*object = PORT_NULL;
	if (r)
		return r;
	if (!S_ISREG(h->type))
		return -ENODEV; /* as mmap of what has no pages */
	uint32_t acc = h->flags & O_ACCMODE;
	if ((h->flags & O_PATH) || acc == O_WRONLY || (writable && acc == O_RDONLY))
		return -EACCES;
	return file_pager_object(h->node, object);
}

int64_t fs_mount(struct rpc_ctx *ctx, const char *path, const char *device, uint32_t flags)
{
	static int said;

	(void)ctx, (void)path, (void)device, (void)flags;
	return not_yet("mount", &said);
}

/* Unmount the root: -EBUSY while files are open (but the root handle the name
 * service holds), unless flags has MNT_FORCE; then reply, and end. */
int64_t fs_unmount(struct rpc_ctx *ctx, const char *path, uint32_t flags)
{
	static int said;
	struct handle *h;
	int64_t r = ops_handle(ctx, &h);

	if (r)
		return r;
	if (strcmp(path, "/"))
		return not_yet("unmount of anything but the root", &said);
	if (h->who.uid != 0)
		return -EPERM;
	if (flags & ~(uint32_t)MNT_FORCE)
		return -EINVAL;
	/* open files: handles but the one asking and the root the name service holds */
	if (handle_count - 1 - (h != root_handle) > 0 && !(flags & MNT_FORCE))
		return -EBUSY;
	r = volume_unmount(root_volume);
	printf("fs-server: / unmounted%s\n", r ? " (with errors)" : "");
	fflush_console();
	fs_unmount_reply(ctx->reply, r);
	exit(0);
}

/* The last send right to a handle or a memory object went away: it goes. */
void notify_no_senders(struct rpc_ctx *ctx, uint32_t make_sends)
{
	struct handle *h = handle_of(ctx->local);

	(void)make_sends;
	if (h)
		handle_free(h);
	else
		file_pager_forget(ctx->local);
}

/* Messages that are not file requests: a pager's, or notifications. */
static int other_demux(struct msg_header *in, struct msg_header *out)
{
	return file_pager_demux(in, out) || notify_demux(in, out);
}

void notify_dead_name(struct rpc_ctx *ctx, uint32_t name)
{
	(void)ctx, (void)name; /* none requested */
}

void notify_send_once(struct rpc_ctx *ctx)
{
	(void)ctx;
}

/* The root handle, registered as "fs": root's identity on the root directory. */
static int register_root(void)
{
	struct identity root = { 0 };
	struct handle *h;
	int err = handle_new((struct node){ root_volume, EXT2_ROOT }, S_IFDIR, 0, &root, &h);

	if (err)
		return err;
	root_handle = h;
	if (port_insert_right(self_task, h->port, h->port, MSG_MAKE_SEND) < 0 ||
	    rpc_ns_register(bootstrap_port, "fs", h->port))
		return -EIO;
	port_mod_refs(h->port, RIGHT_SEND, -1); /* the name service keeps its own */
	return 0;
}

int main(int argc, char **argv)
{
	int err;

	if (argc < 2) {
		printf("fs-server: usage: fs_server DEVICE (a block device's name, as disk0p1)\n");
		return 1;
	}
	dev_seed_random();
	if ((err = handle_init()) || (err = volume_mount(argv[1], 0, &root_volume))) {
		printf("fs-server: cannot mount %s (errno %d)\n", argv[1], -err);
		return 1;
	}
	if ((err = register_root())) {
		printf("fs-server: cannot register (errno %d)\n", -err);
		return 1;
	}
	printf("fs-server: %s mounted on /\n", argv[1]);
	int64_t r = rpc_serve(handle_set, fs_demux, other_demux);
	printf("fs-server: cannot serve (error %ld)\n", r);
	return 1;
}
