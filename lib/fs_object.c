/*
 * The file protocol's answers for an object that is neither a directory nor a file on a
 * disk (a pipe, a terminal, a device): what Linux says for such a descriptor. Servers of
 * such objects define the handlers their objects do have; these weak ones answer the
 * rest. The fs-server defines them all.
 */
#include <errno.h>
#include <fs.h>
#include <fs_proto.h>
#include <masque/rights.h>
#include <poll_wakes.h>
#include <trap.h>

#define WEAK __attribute__((weak))

/* Names relative to it: it is no directory. */
WEAK int64_t fs_open(struct rpc_ctx *ctx, const char *path, uint32_t flags, uint32_t mode,
		     port_name_t *file, uint32_t *type)
{
	(void)ctx, (void)path, (void)flags, (void)mode, (void)file, (void)type;
	return -ENOTDIR;
}

WEAK int64_t fs_stat_path(struct rpc_ctx *ctx, const char *path, uint32_t flags,
			  struct fs_attr *attr)
{
	(void)ctx, (void)path, (void)flags, (void)attr;
	return -ENOTDIR;
}

WEAK int64_t fs_readdir(struct rpc_ctx *ctx, uint64_t cookie, uint32_t room, void *entries,
			uint32_t *entries_len, uint64_t *next)
{
	(void)ctx, (void)cookie, (void)room, (void)entries;
	*entries_len = 0;
	*next = 0;
	return -ENOTDIR;
}

WEAK int64_t fs_mkdir(struct rpc_ctx *ctx, const char *path, uint32_t mode)
{
	(void)ctx, (void)path, (void)mode;
	return -ENOTDIR;
}

WEAK int64_t fs_mknod(struct rpc_ctx *ctx, const char *path, uint32_t mode, uint64_t rdev)
{
	(void)ctx, (void)path, (void)mode, (void)rdev;
	return -ENOTDIR;
}

WEAK int64_t fs_symlink(struct rpc_ctx *ctx, const char *target, const char *path)
{
	(void)ctx, (void)target, (void)path;
	return -ENOTDIR;
}

WEAK int64_t fs_unlink(struct rpc_ctx *ctx, const char *path, uint32_t flags)
{
	(void)ctx, (void)path, (void)flags;
	return -ENOTDIR;
}

WEAK int64_t fs_readlink(struct rpc_ctx *ctx, const char *path, char *target)
{
	(void)ctx, (void)path;
	target[0] = 0;
	return -ENOTDIR;
}

WEAK int64_t fs_link(struct rpc_ctx *ctx, const char *path, port_name_t new_dir,
		     const char *new_path, uint32_t flags)
{
	(void)ctx, (void)path, (void)new_path, (void)flags;
	port_mod_refs(new_dir, RIGHT_SEND, -1);
	return -ENOTDIR;
}

WEAK int64_t fs_rename(struct rpc_ctx *ctx, const char *path, port_name_t new_dir,
		       const char *new_path, uint32_t flags)
{
	(void)ctx, (void)path, (void)new_path, (void)flags;
	port_mod_refs(new_dir, RIGHT_SEND, -1);
	return -ENOTDIR;
}

WEAK int64_t fs_access(struct rpc_ctx *ctx, const char *path, uint32_t mode, uint32_t flags)
{
	(void)ctx, (void)path, (void)mode, (void)flags;
	return -ENOTDIR;
}

WEAK int64_t fs_mount(struct rpc_ctx *ctx, const char *path, const char *device, uint32_t flags)
{
	(void)ctx, (void)path, (void)device, (void)flags;
	return -ENOTDIR;
}

WEAK int64_t fs_unmount(struct rpc_ctx *ctx, const char *path, uint32_t flags)
{
	(void)ctx, (void)path, (void)flags;
	return -ENOTDIR;
}

WEAK int64_t fs_bind(struct rpc_ctx *ctx, const char *path, port_name_t source, uint32_t flags)
{
	(void)ctx, (void)path, (void)flags;
	rpc_release_right(source, MSG_MOVE_SEND);
	return -ENOTDIR;
}

WEAK int64_t fs_propagation(struct rpc_ctx *ctx, const char *path, uint32_t flags)
{
	(void)ctx, (void)path, (void)flags;
	return -ENOTDIR;
}

/* Positions, sizes and pages: a stream has none. */
WEAK int64_t fs_seek(struct rpc_ctx *ctx, int64_t offset, uint32_t whence)
{
	(void)ctx, (void)offset, (void)whence;
	return -ESPIPE;
}

WEAK int64_t fs_truncate(struct rpc_ctx *ctx, int64_t size)
{
	(void)ctx, (void)size;
	return -EINVAL;
}

WEAK int64_t fs_map(struct rpc_ctx *ctx, uint32_t writable, port_name_t *object)
{
	(void)ctx, (void)writable;
	*object = PORT_NULL;
	return -ENODEV;
}

WEAK int64_t fs_fsync(struct rpc_ctx *ctx, uint32_t data_only)
{
	(void)ctx, (void)data_only;
	return -EINVAL;
}

WEAK int64_t fs_sync(struct rpc_ctx *ctx)
{
	(void)ctx;
	return 0;
}

WEAK int64_t fs_statfs(struct rpc_ctx *ctx, uint64_t *type, uint64_t *bsize, uint64_t *blocks,
		       uint64_t *bfree, uint64_t *bavail, uint64_t *files, uint64_t *ffree,
		       uint64_t *namelen)
{
	(void)ctx;
	*type = *bsize = *blocks = *bfree = *bavail = *files = *ffree = *namelen = 0;
	return -ENOSYS;
}

/* Large transfers: a stream's objects take the in-line ones. */
WEAK int64_t fs_read_large(struct rpc_ctx *ctx, int64_t offset, uint32_t length, void **bytes,
			   uint32_t *bytes_size)
{
	(void)ctx, (void)offset, (void)length;
	*bytes = 0;
	*bytes_size = 0;
	return -EINVAL;
}

WEAK int64_t fs_write_large(struct rpc_ctx *ctx, int64_t offset, void *bytes, uint32_t bytes_size)
{
	(void)ctx, (void)offset, (void)bytes, (void)bytes_size;
	return -EINVAL;
}

/* Attributes and identity: kept by the object's server if it has any. A device's are
 * its node's, in the file system, which the client changes instead (FS_ASK_NODE; for
 * an object with no node, a pipe, it says EPERM). */
WEAK int64_t fs_chmod(struct rpc_ctx *ctx, uint32_t mode)
{
	(void)ctx, (void)mode;
	return -FS_ASK_NODE;
}

WEAK int64_t fs_chown(struct rpc_ctx *ctx, uint32_t uid, uint32_t gid)
{
	(void)ctx, (void)uid, (void)gid;
	return -FS_ASK_NODE;
}

WEAK int64_t fs_utimes(struct rpc_ctx *ctx, int64_t atime, uint32_t atime_ns, int64_t mtime,
		       uint32_t mtime_ns)
{
	(void)ctx, (void)atime, (void)atime_ns, (void)mtime, (void)mtime_ns;
	return -EPERM;
}

WEAK int64_t fs_reauthenticate(struct rpc_ctx *ctx, uint32_t uid, uint32_t gid, const void *groups,
			       uint32_t groups_len, port_name_t *file)
{
	(void)ctx, (void)uid, (void)gid, (void)groups, (void)groups_len;
	*file = PORT_NULL;
	return -EOPNOTSUPP;
}

WEAK int64_t fs_reidentify(struct rpc_ctx *ctx, port_name_t identity, port_name_t *file)
{
	(void)ctx;
	rpc_release_right(identity, MSG_MOVE_SEND);
	*file = PORT_NULL;
	return -EOPNOTSUPP;
}

/* Objects whose calls never wait long have nothing to cut short. */
WEAK void fs_interrupt(struct rpc_ctx *ctx)
{
	(void)ctx;
}

/* Readiness: an object that does not say is always ready, as a Linux file without a
 * poll operation; a wake for anything else is kept (bounded), never fired. */
WEAK int64_t fs_poll(struct rpc_ctx *ctx, uint32_t events, port_name_t wake, uint32_t *revents)
{
	static struct poll_wakes never;

	(void)ctx;
	*revents = poll_answer(&never, POLL_ALWAYS_READY, events, wake);
	return 0;
}

/* Only a file server knows its handles. */
WEAK int64_t fs_identify(struct rpc_ctx *ctx, port_name_t handle, uint64_t *dev, uint64_t *ino,
			 uint32_t *mode, uint32_t *flags, uint32_t *mount_flags, uint64_t *mount)
{
	(void)ctx, (void)dev, (void)ino, (void)mode, (void)flags, (void)mount_flags, (void)mount;
	rpc_release_right(handle, MSG_MOVE_SEND);
	return -EBADF;
}

/* Record locks: the servers that keep them (the fs-server, the pipe server, the terminal
 * server) do it with lib/record_locks.c; one that keeps none (/proc's, a disk's: Linux
 * locks those too) says so with ENOLCK. */
WEAK int64_t fs_lock(struct rpc_ctx *ctx, port_name_t owner, int32_t pid, uint32_t wait,
		     uint32_t type, uint32_t whence, int64_t start, int64_t length)
{
	(void)ctx, (void)pid, (void)wait, (void)type, (void)whence, (void)start, (void)length;
	rpc_release_right(owner, MSG_MOVE_SEND);
	return -ENOLCK;
}

WEAK int64_t fs_test_lock(struct rpc_ctx *ctx, port_name_t owner, uint32_t type, uint32_t whence,
			  int64_t start, int64_t length, uint32_t *held_type, int64_t *held_start,
			  int64_t *held_length, int32_t *held_pid)
{
	(void)ctx, (void)type, (void)whence, (void)start, (void)length;
	rpc_release_right(owner, MSG_MOVE_SEND);
	*held_type = *held_pid = 0;
	*held_start = *held_length = 0;
	return -ENOLCK;
}

/* A descriptor of it closed: no locks to let go. */
WEAK int64_t fs_unlock_owner(struct rpc_ctx *ctx, port_name_t owner, uint32_t everywhere)
{
	(void)ctx, (void)everywhere;
	rpc_release_right(owner, MSG_MOVE_SEND);
	return 0;
}

WEAK int64_t fs_flock(struct rpc_ctx *ctx, uint32_t operation)
{
	(void)ctx, (void)operation;
	return -ENOLCK;
}

/* Terminals answer their ioctls; other objects are none. */
WEAK int64_t fs_ioctl(struct rpc_ctx *ctx, uint32_t request, port_name_t process,
		      const void *arg_in, uint32_t arg_in_len, void *arg_out, uint32_t *arg_out_len)
{
	(void)ctx, (void)request, (void)arg_in, (void)arg_in_len, (void)arg_out;
	rpc_release_right(process, MSG_MOVE_SEND);
	*arg_out_len = 0;
	return -ENOTTY;
}

/* Only a file server forwards opens of device nodes. */
WEAK int64_t fs_register_device(struct rpc_ctx *ctx, uint32_t major, port_name_t device_server)
{
	(void)ctx, (void)major;
	rpc_release_right(device_server, MSG_MOVE_SEND);
	return -EOPNOTSUPP;
}

WEAK int64_t fs_register_block_device(struct rpc_ctx *ctx, uint32_t major,
				      port_name_t device_server)
{
	(void)ctx, (void)major;
	rpc_release_right(device_server, MSG_MOVE_SEND);
	return -EOPNOTSUPP;
}

/* Only a file server has directories to attach file systems on, and a mount table. */
WEAK int64_t fs_attach(struct rpc_ctx *ctx, const char *path, port_name_t attached,
		       const char *type, const char *source, const char *where)
{
	(void)ctx, (void)path, (void)type, (void)source, (void)where;
	rpc_release_right(attached, MSG_MOVE_SEND);
	return -ENOTDIR;
}

WEAK int64_t fs_mount_table(struct rpc_ctx *ctx, void *table, uint32_t *table_len)
{
	(void)ctx, (void)table;
	*table_len = 0;
	return -EOPNOTSUPP;
}

WEAK int64_t fs_mount_tmpfs(struct rpc_ctx *ctx, const char *path, const char *source,
			    const char *options, uint32_t flags)
{
	(void)ctx, (void)path, (void)source, (void)options, (void)flags;
	return -ENOTDIR;
}

/* Loop devices are the fs-server's: no other object is one. */
WEAK int64_t fs_loop_attach(struct rpc_ctx *ctx, port_name_t backing, uint64_t offset,
			    uint64_t sizelimit, uint32_t flags, const char *name)
{
	(void)ctx, (void)offset, (void)sizelimit, (void)flags, (void)name;
	rpc_release_right(backing, MSG_MOVE_SEND);
	return -ENOTTY;
}

WEAK int64_t fs_loop_detach(struct rpc_ctx *ctx)
{
	(void)ctx;
	return -ENOTTY;
}

WEAK int64_t fs_loop_set_status(struct rpc_ctx *ctx, uint64_t offset, uint64_t sizelimit,
				uint32_t flags, const char *name)
{
	(void)ctx, (void)offset, (void)sizelimit, (void)flags, (void)name;
	return -ENOTTY;
}

WEAK int64_t fs_loop_status(struct rpc_ctx *ctx, uint32_t *number, uint64_t *dev, uint64_t *ino,
			    uint64_t *offset, uint64_t *sizelimit, uint32_t *flags, char *name)
{
	(void)ctx, (void)number, (void)dev, (void)ino, (void)offset, (void)sizelimit, (void)flags;
	(void)name;
	return -ENOTTY;
}

WEAK int64_t fs_loop_free(struct rpc_ctx *ctx, uint32_t *number)
{
	(void)ctx, (void)number;
	return -ENOTTY;
}
