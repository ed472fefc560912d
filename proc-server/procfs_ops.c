/*
 * The file protocol on /proc's handles (interfaces/fs.defs), and the requests the
 * fs-server hands on for paths that reach /proc (interfaces/mounted.defs), which are
 * answered to the client the same way. What a handle does not do is lib/fs_object.c's.
 */
#include <errno.h>
#include <fs.h>
#include <fs_proto.h>
#include <linux/fcntl.h>
#include <linux/fs.h>
#include <linux/magic.h>
#include <linux/stat.h>
#include <mounted.h>
#include <string.h>
#include "procfs.h"
#include "procfs_handle.h"

#define KEPT_FLAGS (O_ACCMODE | O_NONBLOCK | O_PATH | O_DIRECTORY)
#define ROOT	   ((struct pfs_node){ PFS_ROOT, 0, 0 })

static int64_t handle(struct rpc_ctx *ctx, struct pfs_handle **h)
{
	*h = pfs_handle_of(ctx->local);
	return *h ? 0 : -EBADF;
}

/* Open path from node from for who: a new handle's port and the file's type. */
static int64_t open_at(struct pfs_node from, const char *path, uint32_t flags,
		       const struct pfs_who *who, port_name_t *file, uint32_t *type)
{
	struct pfs_node n;
	uint64_t ino;
	uint32_t mode, nlink, uid, gid;
	int64_t time;
	int64_t r = pfs_walk(from, path, &n);

	if (r == -ENOENT && (flags & O_CREAT))
		return -EACCES; /* nothing is made in /proc */
	if (!r && n.kind == PFS_SELF && !(flags & O_NOFOLLOW))
		return -FS_ASK_PROCESS; /* the link followed: to the asker's directory */
	if (r || (r = pfs_stat(n, &ino, &mode, &nlink, &uid, &gid, &time)))
		return r;
	if ((flags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL))
		return -EEXIST;
	if ((r = pfs_may_open(n, who, flags)))
		return r;
	if (!(*file = pfs_handle_new(n, who, flags & KEPT_FLAGS)))
		return -ENFILE;
	*type = mode & S_IFMT;
	return 0;
}

/* stat's answers for what path names from from. */
static int64_t stat_at(struct pfs_node from, const char *path, int follow, struct fs_attr *a)
{
	struct pfs_node n;
	int64_t time, r = pfs_walk(from, path, &n);

	if (!r && n.kind == PFS_SELF && follow)
		return -FS_ASK_PROCESS;
	*a = (struct fs_attr){ .dev = PFS_DEV, .blksize = 1024 };
	if (r || (r = pfs_stat(n, &a->ino, &a->mode, &a->nlink, &a->uid, &a->gid, &time)))
		return r;
	a->atime = a->mtime = a->ctime = time;
	return 0;
}

static int64_t readlink_at(struct pfs_node from, const char *path, char *target)
{
	struct pfs_node n;
	int64_t r = pfs_walk(from, path, &n);

	target[0] = 0;
	return r ? r : pfs_link_target(n, target, 4096);
}

static int64_t access_at(struct pfs_node from, const char *path, uint32_t mode, uint32_t flags,
			 const struct pfs_who *who)
{
	struct pfs_node n;
	int64_t r = pfs_walk(from, path, &n);

	if (!r && n.kind == PFS_SELF && !(flags & AT_SYMLINK_NOFOLLOW))
		return -FS_ASK_PROCESS;
	if (r)
		return r;
	if (mode & 2 /* W_OK */)
		return -EACCES;
	if (mode & 4 /* R_OK */)
		return pfs_may_open(n, who, O_RDONLY);
	return 0;
}

int64_t fs_open(struct rpc_ctx *ctx, const char *path, uint32_t flags, uint32_t mode,
		port_name_t *file, uint32_t *type)
{
	struct pfs_handle *h;
	int64_t r = handle(ctx, &h);

	(void)mode;
	return r ? r : open_at(h->node, path, flags, &h->who, file, type);
}

int64_t fs_stat(struct rpc_ctx *ctx, struct fs_attr *attr)
{
	struct pfs_handle *h;
	int64_t r = handle(ctx, &h);

	return r ? r : stat_at(h->node, "", 0, attr);
}

int64_t fs_stat_path(struct rpc_ctx *ctx, const char *path, uint32_t flags, struct fs_attr *attr)
{
	struct pfs_handle *h;
	int64_t r = handle(ctx, &h);

	return r ? r : stat_at(h->node, path, !(flags & AT_SYMLINK_NOFOLLOW), attr);
}

int64_t fs_readlink(struct rpc_ctx *ctx, const char *path, char *target)
{
	struct pfs_handle *h;
	int64_t r = handle(ctx, &h);

	target[0] = 0;
	return r ? r : readlink_at(h->node, path, target);
}

int64_t fs_access(struct rpc_ctx *ctx, const char *path, uint32_t mode, uint32_t flags)
{
	struct pfs_handle *h;
	int64_t r = handle(ctx, &h);

	return r ? r : access_at(h->node, path, mode, flags, &h->who);
}

/* Read from the file's text, made anew by a read from its start. */
int64_t fs_read(struct rpc_ctx *ctx, int64_t offset, uint32_t length, void *bytes,
		uint32_t *bytes_len)
{
	struct pfs_handle *h;
	int64_t r = handle(ctx, &h);
	uint64_t at;

	*bytes_len = 0;
	if (r)
		return r;
	if (h->node.kind == PFS_ROOT || h->node.kind == PFS_PID)
		return -EISDIR;
	if (h->flags & O_PATH)
		return -EBADF;
	at = offset < 0 ? h->pos : (uint64_t)offset;
	if ((at == 0 || !h->text) && (r = pfs_handle_fill(h)))
		return r;
	uint32_t n = at >= h->len ? 0 : h->len - (uint32_t)at;
	n = n < length ? n : length;
	n = n < FS_IO_INLINE ? n : FS_IO_INLINE;
	memcpy(bytes, h->text + at, n);
	*bytes_len = n;
	if (offset < 0)
		h->pos += n;
	return 0;
}

/* Nothing of /proc is written (every handle is opened for reading). */
int64_t fs_write(struct rpc_ctx *ctx, int64_t offset, const void *bytes, uint32_t bytes_len)
{
	struct pfs_handle *h;
	int64_t r = handle(ctx, &h);

	(void)offset, (void)bytes, (void)bytes_len;
	return r ? r : -EBADF;
}

int64_t fs_seek(struct rpc_ctx *ctx, int64_t offset, uint32_t whence)
{
	struct pfs_handle *h;
	int64_t r = handle(ctx, &h), base;

	if (r)
		return r;
	if (whence == SEEK_SET)
		base = 0;
	else if (whence == SEEK_CUR)
		base = (int64_t)h->pos;
	else if (whence == SEEK_END)
		base = (int64_t)h->len;
	else
		return -EINVAL;
	if (base + offset < 0)
		return -EINVAL;
	h->pos = (uint64_t)(base + offset);
	return (int64_t)h->pos;
}

int64_t fs_readdir(struct rpc_ctx *ctx, uint64_t cookie, uint32_t room, void *entries,
		   uint32_t *entries_len, uint64_t *next)
{
	struct pfs_handle *h;
	int64_t r = handle(ctx, &h);

	*entries_len = 0;
	*next = cookie;
	if (r)
		return r;
	if (h->flags & O_PATH)
		return -EBADF;
	if (cookie == FS_READDIR_POSITION)
		cookie = h->pos;
	if ((r = pfs_list(h->node, cookie, room < FS_IO_INLINE ? room : FS_IO_INLINE, entries,
			  entries_len, next)))
		return r;
	if (h->pos == cookie)
		h->pos = *next;
	return 0;
}

int64_t fs_get_flags(struct rpc_ctx *ctx, uint32_t *flags)
{
	struct pfs_handle *h;
	int64_t r = handle(ctx, &h);

	*flags = r ? 0 : h->flags;
	return r;
}

int64_t fs_set_flags(struct rpc_ctx *ctx, uint32_t flags)
{
	struct pfs_handle *h;
	int64_t r = handle(ctx, &h);

	if (!r)
		h->flags = (h->flags & ~(uint32_t)O_NONBLOCK) | (flags & O_NONBLOCK);
	return r;
}

int64_t fs_statfs(struct rpc_ctx *ctx, uint64_t *type, uint64_t *bsize, uint64_t *blocks,
		  uint64_t *bfree, uint64_t *bavail, uint64_t *files, uint64_t *ffree,
		  uint64_t *namelen)
{
	struct pfs_handle *h;
	int64_t r = handle(ctx, &h);

	*type = PROC_SUPER_MAGIC, *bsize = 4096, *namelen = 255;
	*blocks = *bfree = *bavail = *files = *ffree = 0;
	return r;
}

void mounted_open(struct rpc_ctx *ctx, port_name_t client, const char *path, uint32_t flags,
		  uint32_t mode, uint32_t uid, uint32_t gid)
{
	struct pfs_who who = { uid, gid };
	port_name_t file = PORT_NULL;
	uint32_t type = 0;
	int64_t r;

	(void)mode;
	if (!pfs_from_fs_server(ctx, client))
		return;
	r = open_at(ROOT, path, flags, &who, &file, &type);
	fs_open_reply(client, r, file, type);
}

void mounted_stat_path(struct rpc_ctx *ctx, port_name_t client, const char *path, uint32_t flags,
		       uint32_t uid, uint32_t gid)
{
	struct fs_attr attr;
	int64_t r;

	(void)uid, (void)gid;
	if (!pfs_from_fs_server(ctx, client))
		return;
	r = stat_at(ROOT, path, !(flags & AT_SYMLINK_NOFOLLOW), &attr);
	fs_stat_path_reply(client, r, &attr);
}

void mounted_readlink(struct rpc_ctx *ctx, port_name_t client, const char *path, uint32_t uid,
		      uint32_t gid)
{
	static char target[4096];

	(void)uid, (void)gid;
	if (pfs_from_fs_server(ctx, client))
		fs_readlink_reply(client, readlink_at(ROOT, path, target), target);
}

void mounted_access(struct rpc_ctx *ctx, port_name_t client, const char *path, uint32_t mode,
		    uint32_t flags, uint32_t uid, uint32_t gid)
{
	struct pfs_who who = { uid, gid };

	if (pfs_from_fs_server(ctx, client))
		fs_access_reply(client, access_at(ROOT, path, mode, flags, &who));
}

int pfs_demux(struct msg_header *in, struct msg_header *out)
{
	return fs_demux(in, out) || mounted_demux(in, out);
}
