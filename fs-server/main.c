/*
 * The fs-server: mounts the ext2 file system of the block device named on its command
 * line as the root, registers a handle on the root directory (identity root) with the
 * name service as "fs", and serves the file protocol (interfaces/fs.defs) on every
 * handle it gives out. A handle goes when the last send right to it does. Files are
 * memory objects it pages itself (file_pager.c); further disks mount on directories
 * (mount.c). Unmounting the root ("/", by uid 0) writes everything back, marks the
 * file system clean and ends the server: the power-off path (the bootstrap asks
 * before it stops the machine).
 */
#include <errno.h>
#include <masque/error.h>
#include <fs.h>
#include <ipc.h>
#include <linux/fcntl.h>
#include <linux/mount.h>
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
#include "attach.h"
#include "dev.h"
#include "file_pager.h"
#include "handle.h"
#include "loop.h"
#include "mount.h"
#include "ops.h"
#include "ops_lock.h"
#include "propagate.h"
#include "volume.h"
#include "walk.h"
#include "writeback.h"

static struct handle *root_handle; /* the one registered with the name service */

int64_t fs_map(struct rpc_ctx *ctx, uint32_t writable, port_name_t *object)
{
	struct handle *h;
	int64_t r = ops_handle(ctx, &h);

	*object = PORT_NULL;
	if (r)
		return r;
	if (!S_ISREG(h->type))
		return -ENODEV; /* as mmap of what has no pages */
	uint32_t acc = h->of->flags & O_ACCMODE;
	if ((h->of->flags & O_PATH) || acc == O_WRONLY || acc == O_ACCMODE ||
	    (writable && acc == O_RDONLY))
		return -EACCES;
	return file_pager_view(h->node, writable != 0, object);
}

/* mount -o remount: the volume whose root path names becomes read-only with
 * MS_RDONLY, read-write without. */
static int64_t remount(struct handle *h, const char *path, uint32_t flags)
{
	struct node on;
	int64_t r;

	if (flags & ~(uint32_t)(MS_REMOUNT | MS_RDONLY | MS_NOSUID))
		return -EINVAL;
	if ((r = walk(&h->who, h->node, path, 1, &on)))
		return r;
	if (on.ino != on.vol->root)
		return -EINVAL; /* not where a file system is mounted */
	if ((r = volume_remount(on.vol, !!(flags & MS_RDONLY))))
		return r;
	on.vol->nosuid = (flags & MS_NOSUID) != 0;
	return 0;
}

/* -EBUSY if on is the root directory, where walks start, so that a mount on it would
 * never be seen. (A mount on the root of another covers it.) */
static int64_t mount_taken(struct node on)
{
	return on.vol == root_volume && on.ino == root_volume->root ? -EBUSY : 0;
}

/* The directory path names, where a file system may mount (uid 0 only). */
static int64_t mount_point(struct handle *h, const char *path, struct node *on)
{
	struct file_owner f;
	int64_t r;

	if (h->who.uid != 0)
		return -EPERM;
	if ((r = walk(&h->who, h->node, path, 1, on)) || (r = node_owner(*on, &f)))
		return r;
	if (!S_ISDIR(f.mode))
		return -ENOTDIR;
	return mount_taken(*on);
}

/* Put the new volume v on on, as path (mount flags given): 0, or v goes again. */
static int64_t put_on(struct node on, struct volume *v, const char *path, uint32_t flags)
{
	int64_t r;

	v->nosuid = (flags & MS_NOSUID) != 0;
	if ((r = mount_add(on, v, path)))
		volume_unmount(v);
	return r;
}

/* Mount the ext2 file system of device on the directory path (uid 0 only). */
int64_t fs_mount(struct rpc_ctx *ctx, const char *path, const char *device, uint32_t flags)
{
	struct handle *h;
	struct node on;
	struct volume *v;
	int64_t r = ops_handle(ctx, &h);

	if (!r && (flags & MS_REMOUNT))
		return h->who.uid ? -EPERM : remount(h, path, flags);
	if (!r && (flags & ~(uint32_t)(MS_RDONLY | MS_NOSUID)))
		return -EINVAL;
	if (r || (r = mount_point(h, path, &on)) ||
	    (r = volume_mount(device, flags & MS_RDONLY, &v)))
		return r;
	return put_on(on, v, path, flags);
}

/* Mount a new tmpfs on the directory path (uid 0 only). */
int64_t fs_mount_tmpfs(struct rpc_ctx *ctx, const char *path, const char *source,
		       const char *options, uint32_t flags)
{
	struct handle *h;
	struct node on;
	struct volume *v;
	int64_t r = ops_handle(ctx, &h);

	if (!r && (flags & ~(uint32_t)(MS_RDONLY | MS_NOSUID)))
		return -EINVAL;
	if (r || (r = mount_point(h, path, &on)) ||
	    (r = volume_mount_tmpfs(source, options, flags & MS_RDONLY, &v)))
		return r;
	return put_on(on, v, path, flags);
}

/* The directory that holds the file on, which path names: 0 if on is a mount's top,
 * or the path does not end in it. */
static uint32_t holding_dir(struct handle *h, const char *path, struct node on)
{
	char last[WALK_NAME_MAX + 1];
	struct node dir;
	uint32_t ino;

	if (on.ino == on.vol->root || walk_parent(&h->who, h->node, path, &dir, last) ||
	    dir.vol != on.vol ||
	    dir.vol->ops->lookup(dir.vol->fs, dir.ino, last, strlen(last), &ino) || ino != on.ino)
		return 0;
	return dir.ino;
}

/* Show what source names (a handle of ours) again on path, a file or directory of the
 * same kind (uid 0 only): mount --bind, and with MS_REC in flags mount --rbind, with
 * the mounts below the source. */
int64_t fs_bind(struct rpc_ctx *ctx, const char *path, port_name_t source, uint32_t flags)
{
	struct handle *h,
		*from = source == PORT_NULL || source == PORT_DEAD ? NULL : handle_of(source);
	struct file_owner f, g;
	struct node on;
	int64_t r = ops_handle(ctx, &h);

	if (source != PORT_NULL && source != PORT_DEAD)
		port_mod_refs(source, RIGHT_SEND, -1);
	if (r)
		return r;
	if (h->who.uid != 0)
		return -EPERM;
	if (!from || flags & ~(uint32_t)MS_REC)
		return -EINVAL; /* not a file of ours (another server's, or none), or a flag */
	if ((r = walk(&h->who, h->node, path, 1, &on)) || (r = node_owner(on, &f)) ||
	    (r = node_owner(from->node, &g)))
		return r;
	if (S_ISDIR(f.mode) != S_ISDIR(g.mode))
		return -ENOTDIR; /* either way, as Linux says */
	if ((r = mount_taken(on)))
		return r;
	return mount_bind(on, S_ISDIR(f.mode) ? 0 : holding_dir(h, path, on), from->node,
			  (flags & MS_REC) != 0, path);
}

/* mount --make-shared, --make-slave, --make-private, --make-unbindable, and with MS_REC
 * in flags their r- forms, of the mount whose root path names (uid 0 only). */
int64_t fs_propagation(struct rpc_ctx *ctx, const char *path, uint32_t flags)
{
	struct handle *h;
	struct node on;
	uint32_t type = flags & ~(uint32_t)MS_REC;
	int64_t r = ops_handle(ctx, &h);

	if (r || (r = walk(&h->who, h->node, path, 1, &on)))
		return r;
	if (h->who.uid != 0)
		return -EPERM;
	if (type != MS_SHARED && type != MS_SLAVE && type != MS_PRIVATE && type != MS_UNBINDABLE)
		return -EINVAL;
	if (on.ino != on.vol->root)
		return -EINVAL; /* no mount's root */
	propagate_set(mount_of(on.vol), type, (flags & MS_REC) != 0);
	return 0;
}

/* The volume mounted on path (the top one, where mounts are stacked). The mount point
 * is looked up in the directory that holds it, without going into the mounted volume,
 * whose root a damaged disk may not let us read (it could then never be unmounted); a
 * path that ends otherwise (a symbolic link, "..") is walked to the end. */
static int64_t mounted_on(struct handle *h, const char *path, struct volume **vol)
{
	char last[WALK_NAME_MAX + 1];
	struct node dir, n, covered;
	struct volume *over;

	if (!walk_parent(&h->who, h->node, path, &dir, last) &&
	    !dir.vol->ops->lookup(dir.vol->fs, dir.ino, last, strlen(last), &n.ino)) {
		n.vol = dir.vol;
		if ((*vol = mount_over(n))) {
			while ((over = mount_over((struct node){ *vol, (*vol)->root })))
				*vol = over; /* the top of the mounts stacked there */
			return 0;
		}
	}
	int64_t r = walk(&h->who, h->node, path, 1, &n);
	if (r)
		return r;
	if (n.ino != n.vol->root || !mount_covered(n.vol, &covered))
		return -EINVAL; /* not a mount point */
	*vol = n.vol;
	return 0;
}

/* Detach the file system attached on the directory path, if one is: 1 if it was,
 * 0 if none is there. */
static int detach(struct handle *h, const char *path)
{
	char last[WALK_NAME_MAX + 1];
	struct node dir, n;

	if (walk_parent(&h->who, h->node, path, &dir, last) ||
	    dir.vol->ops->lookup(dir.vol->fs, dir.ino, last, strlen(last), &n.ino))
		return 0;
	n.vol = dir.vol;
	return attach_remove(n) == 0;
}

/* Whether a file of vol is open, mapped, locked or a loop device's, or a file system is
 * attached on it. */
static int volume_busy(const struct volume *vol)
{
	return attach_any_on(vol) || handle_any_on(vol) || file_pager_any_on(vol) ||
	       ops_lock_any_on(vol) || loop_any_on(vol);
}

/* Unmount the volume mounted on path (the top one, where mounts are stacked), and the
 * copies that propagation takes with it: -EBUSY while a file on one is open, mapped or
 * locked, something is mounted or attached on one, or a bind shows part of one. A file
 * system attached there is detached (its server's open files stay its own). */
static int64_t unmount_volume(struct handle *h, const char *path)
{
	struct volume *vol;

	if (detach(h, path))
		return 0;
	int64_t r = mounted_on(h, path, &vol);

	return r ? r : mount_unmount(vol, volume_busy);
}

/* Unmount the root: -EBUSY while files are open (but the root handle the name
 * service holds), unless flags has MNT_FORCE; then reply, and end. */
int64_t fs_unmount(struct rpc_ctx *ctx, const char *path, uint32_t flags)
{
	struct handle *h;
	int64_t r = ops_handle(ctx, &h);

	if (r)
		return r;
	if (h->who.uid != 0)
		return -EPERM;
	if (flags & ~(uint32_t)MNT_FORCE)
		return -EINVAL;
	if (strcmp(path, "/"))
		return unmount_volume(h, path);
	/* open files: handles but the one asking and the root the name service holds */
	if (handle_count - 1 - (h != root_handle) > 0 && !(flags & MNT_FORCE))
		return -EBUSY;
	file_pager_sync_all(NULL); /* what was written through mappings still there */
	int64_t below = mount_unmount_all();
	r = volume_unmount(root_volume);
	r = r ? r : below;
	printf("fs-server: / unmounted%s\n", r ? " (with errors)" : "");
	fflush_console();
	fs_unmount_reply(ctx->reply, r);
	exit(0);
}

/* The last send right to a handle or a memory object went away: it goes. Unless we
 * made a new one since the notification left (map hands out the object of a file
 * again while the kernel lets go of its last mapping): then wait for the next. */
void notify_no_senders(struct rpc_ctx *ctx, uint32_t make_sends)
{
	struct handle *h = handle_of(ctx->local);

	(void)make_sends;
	if (port_has_senders(ctx->local)) {
		port_request_notify(ctx->local, NOTIFY_NO_SENDERS, ctx->local);
		return;
	}
	if (h) {
		ops_lock_handle_gone(h);
		handle_free(h);
	} else
		file_pager_forget(ctx->local);
}

/* Messages that are not file requests: a pager's, or notifications. */
static int other_demux(struct msg_header *in, struct msg_header *out)
{
	return file_pager_demux(in, out) || notify_demux(in, out);
}

/* A process that held or waited for POSIX locks is gone, or the server of an attached
 * file system. */
void notify_dead_name(struct rpc_ctx *ctx, uint32_t name)
{
	if (!attach_dead_name(ctx->local, name))
		ops_lock_dead_name(ctx->local, name);
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
	int err =
		handle_new((struct node){ root_volume, root_volume->root }, S_IFDIR, 0, &root, &h);

	if (err)
		return err;
	root_handle = h;
	if (port_insert_right(self_task, h->port, h->port, MSG_MAKE_SEND) < 0 ||
	    rpc_ns_register(bootstrap_port, "fs", h->port))
		return -EIO;
	port_mod_refs(h->port, RIGHT_SEND, -1); /* the name service keeps its own */
	return 0;
}

/* Notifications, the file pager's messages, and the write-back clock's tick. */
static int others(struct msg_header *in, struct msg_header *out)
{
	if (!writeback_tick(in))
		return other_demux(in, out);
	if (root_volume->ops->dirty(root_volume->fs) || mount_any_dirty()) {
		root_volume->ops->sync(root_volume->fs);
		mount_sync_all();
	}
	out->size = 0; /* a tick has no reply */
	return 1;
}

int main(int argc, char **argv)
{
	int err;

	if (argc < 2) {
		printf("fs-server: usage: fs_server DEVICE (a block device's name, as disk0p1)\n");
		return 1;
	}
	dev_seed_random();
	if ((err = handle_init()) || (err = ops_lock_init()) ||
	    (err = volume_mount(argv[1], 0, &root_volume))) {
		printf("fs-server: cannot mount %s (errno %d)\n", argv[1], -err);
		return 1;
	}
	if ((err = register_root())) {
		printf("fs-server: cannot register (errno %d)\n", -err);
		return 1;
	}
	if ((err = writeback_start(handle_set))) {
		printf("fs-server: cannot start the write-back clock (error %d)\n", err);
		return 1;
	}
	printf("fs-server: %s mounted on /\n", argv[1]);
	int64_t r = rpc_serve(handle_set, fs_demux, others);
	printf("fs-server: cannot serve (error %ld)\n", r);
	return 1;
}
