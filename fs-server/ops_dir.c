/* The file protocol's operations on names: opening, creating, removing, renaming and
 * listing, each relative to the directory handle the request came to. */
#include <errno.h>
#include <fs.h>
#include <fs_proto.h>
#include <linux/fcntl.h>
#include <linux/fs.h>
#include <linux/stat.h>
#include <masque/rights.h>
#include <stdio.h>
#include <string.h>
#include <trap.h>
#include "dev.h"
#include "dev_servers.h"
#include "loop.h"
#include "handle.h"
#include "ops_attach.h"
#include "mount.h"
#include "ops.h"
#include "walk.h"

#define KEPT_FLAGS (O_ACCMODE | O_APPEND | O_NONBLOCK | O_PATH)

/* Where a path that reached an attached file system goes on (one request at a time). */
static struct walk_forward forwarded;

/* Whether path ends in '/': it names a directory, or the call fails. */
static int ends_in_slash(const char *path)
{
	size_t n = strlen(path);

	return n && path[n - 1] == '/';
}

/* The group a new file in dir gets: dir's when dir is set-group-id, else who's. */
static uint32_t new_gid(const struct identity *who, const struct file_owner *dir)
{
	return dir->mode & S_ISGID ? dir->gid : who->gid;
}

/* Whether a directory was removed while still open or someone's working directory:
 * it takes no new names and lists nothing (-ENOENT, Linux's IS_DEADDIR). */
static int removed(struct node dir)
{
	struct vfs_stat st;
	int err = dir.vol->ops->stat(dir.vol->fs, dir.ino, &st);

	return err ? err : st.nlink == 0 ? -ENOENT : 0;
}

/* Whether who may add a name to dir. */
static int may_add(const struct identity *who, struct node dir, struct file_owner *f)
{
	int err = node_owner(dir, f);

	if (!err)
		err = removed(dir);
	return err ? err : perm_access(who, f, PERM_WRITE | PERM_EXEC);
}

/* The access an open asks of the file itself (O_TRUNC asks for writing, as on Linux,
 * even with O_RDONLY). */
static int may_open(const struct identity *who, const struct vfs_stat *st, uint32_t flags)
{
	struct file_owner f = { st->mode, st->uid, st->gid };
	uint32_t acc = flags & O_ACCMODE;
	unsigned want = acc == O_RDONLY	  ? PERM_READ
			: acc == O_WRONLY ? PERM_WRITE
					  : PERM_READ | PERM_WRITE; /* O_RDWR, and 3: ioctl only */

	if (flags & O_TRUNC)
		want |= PERM_WRITE;
	if (S_ISDIR(st->mode) && (want & PERM_WRITE))
		return -EISDIR;
	if (S_ISCHR(st->mode) && dev_known(st->rdev) && !dev_served_elsewhere(st->mode, st->rdev) &&
	    !loop_is_control(st->mode, st->rdev))
		return -ENXIO;
	if (S_ISBLK(st->mode) && !dev_served_elsewhere(st->mode, st->rdev) &&
	    loop_number(st->mode, st->rdev) < 0)
		return -ENXIO;
	if (S_ISSOCK(st->mode))
		return -ENXIO; /* not served yet: no socket server */
	return perm_access(who, &f, want);
}

/* If ino in dir is a symbolic link, its target in target (NUL-terminated): 1; 0 if
 * it is none. */
static int link_target(struct node dir, uint32_t ino, char target[WALK_PATH_MAX])
{
	struct vfs_stat st;
	int64_t n = dir.vol->ops->stat(dir.vol->fs, ino, &st);

	if (n || !S_ISLNK(st.mode))
		return (int)n;
	if ((n = dir.vol->ops->readlink(dir.vol->fs, ino, target, WALK_PATH_MAX - 1)) < 0)
		return (int)n;
	if (n == 0)
		return -ENOENT;
	target[n] = 0;
	return 1;
}

/* Open with O_CREAT: the existing file (O_EXCL: -EEXIST), or a new regular one. A
 * symbolic link as the last name is followed, unless O_NOFOLLOW says not to, to
 * where the file is created if it is not there (a dangling link makes its target). */
static int open_create(struct handle *h, const char *path, uint32_t flags, uint32_t mode,
		       struct node *out, int *created)
{
	char last[WALK_NAME_MAX + 1], target[WALK_PATH_MAX];
	struct node dir, from = h->node;
	struct file_owner d;
	uint32_t ino;
	int err;

	for (int links = 0;; links++) {
		if ((err = walk_parent(&h->who, from, path, &dir, last)))
			return err;
		err = dir.vol->ops->lookup(dir.vol->fs, dir.ino, last, strlen(last), &ino);
		if (err)
			break;
		if (flags & O_EXCL)
			return -EEXIST;
		if ((flags & O_NOFOLLOW) || (err = link_target(dir, ino, target)) == 0)
			return walk(&h->who, dir, last, 0, out);
		if (err < 0)
			return err;
		if (links == WALK_LINKS_MAX)
			return -ELOOP;
		from = dir;
		path = target;
	}
	if (err != -ENOENT)
		return err;
	if (ends_in_slash(path))
		return -EISDIR;
	if ((err = may_add(&h->who, dir, &d)))
		return err;
	err = dir.vol->ops->mknod(dir.vol->fs, dir.ino, last, strlen(last),
				  S_IFREG | (mode & 07777), 0, h->who.uid, new_gid(&h->who, &d),
				  &ino);
	*out = (struct node){ dir.vol, ino };
	*created = !err;
	return err;
}

/* What an open finds wrong with the file it reached, in Linux's order. */
static int open_refused(const struct identity *who, const struct vfs_stat *st, uint32_t flags,
			int created)
{
	if ((flags & O_CREAT) && !created && S_ISDIR(st->mode))
		return -EISDIR;
	if ((flags & O_DIRECTORY) && !S_ISDIR(st->mode))
		return -ENOTDIR;
	if (S_ISLNK(st->mode) && !(flags & O_PATH))
		return -ELOOP; /* O_NOFOLLOW met a link */
	if (!created && !(flags & O_PATH))
		return may_open(who, st, flags);
	return 0;
}

/* -EROFS for a regular file of a read-only mount opened to be written (Linux says so
 * before it looks at permissions). */
static int read_only_refused(struct node node, const struct vfs_stat *st, uint32_t flags)
{
	uint32_t acc = flags & O_ACCMODE;
	int writes = acc == O_WRONLY || acc == O_RDWR || (flags & O_TRUNC);

	return writes && !(flags & O_PATH) && S_ISREG(st->mode) && node.vol->base->read_only
		       ? -EROFS
		       : 0;
}

int64_t fs_open(struct rpc_ctx *ctx, const char *path, uint32_t flags, uint32_t mode,
		port_name_t *file, uint32_t *type)
{
	struct handle *h, *n;
	struct node node;
	struct vfs_stat st;
	int created = 0;
	int64_t r = ops_handle(ctx, &h);

	if (r)
		return r;
	if (!path[0])
		node = h->node;
	else if (flags & O_CREAT)
		r = open_create(h, path, flags, mode, &node, &created);
	else
		r = walk_forwarding(&h->who, h->node, path, !(flags & O_NOFOLLOW), &node,
				    &forwarded);
	if (r == WALK_FORWARDED)
		return forward_open(&forwarded, ctx->reply, flags, mode, &h->who);
	if (r || (r = node.vol->ops->stat(node.vol->fs, node.ino, &st)) ||
	    (r = read_only_refused(node, &st, flags)) ||
	    (r = open_refused(&h->who, &st, flags, created)))
		return r;
	if ((flags & O_TRUNC) && !created && S_ISREG(st.mode) && !(flags & O_PATH) &&
	    (r = node.vol->ops->truncate(node.vol->fs, node.ino, 0)))
		return r;
	/* O_EXCL without O_CREAT claims a block device for the opener alone (Linux) */
	if ((S_ISCHR(st.mode) || S_ISBLK(st.mode)) && !(flags & O_PATH) &&
	    dev_served_elsewhere(st.mode, st.rdev))
		return dev_open_elsewhere(node, &st, flags & (KEPT_FLAGS | O_EXCL), &h->who,
					  ctx->reply);
	if ((r = handle_new(node, st.mode & S_IFMT, flags & KEPT_FLAGS, &h->who, &n)))
		return r;
	int loop = flags & O_PATH ? -1 : loop_number(st.mode, st.rdev);
	if (loop >= 0 && !loop_open((uint32_t)loop))
		n->of->loop = (uint32_t)loop + 1;
	*file = n->port;
	*type = st.mode & S_IFMT;
	return 0;
}

int64_t fs_stat_path(struct rpc_ctx *ctx, const char *path, uint32_t flags, struct fs_attr *attr)
{
	struct handle *h;
	struct node node;
	int64_t r = ops_handle(ctx, &h);

	if (r || (r = walk_forwarding(&h->who, h->node, path, !(flags & AT_SYMLINK_NOFOLLOW), &node,
				      &forwarded)) < 0)
		return r;
	if (r == WALK_FORWARDED)
		return forward_stat_path(&forwarded, ctx->reply, flags, &h->who);
	return stat_answer(node, attr);
}

/* Where a new name goes: the directory, its owner, the name, the new file's group. */
struct new_name {
	struct node dir;
	struct file_owner owner;
	char last[WALK_NAME_MAX + 1];
	uint32_t gid;
};

/* The directory and last name of path, and that who may add a name there. */
static int64_t name_to_add(struct handle *h, const char *path, struct new_name *n)
{
	int64_t r = walk_parent(&h->who, h->node, path, &n->dir, n->last);

	if (r || (r = may_add(&h->who, n->dir, &n->owner)))
		return r;
	n->gid = new_gid(&h->who, &n->owner);
	return 0;
}

int64_t fs_mkdir(struct rpc_ctx *ctx, const char *path, uint32_t mode)
{
	struct handle *h;
	struct new_name n;
	uint32_t ino;
	int64_t r = ops_handle(ctx, &h);

	if (r || (r = name_to_add(h, path, &n)))
		return r;
	mode = (mode & 01777) | (n.owner.mode & S_ISGID); /* set-group-id directories pass it on */
	return n.dir.vol->ops->mkdir(n.dir.vol->fs, n.dir.ino, n.last, strlen(n.last), mode,
				     h->who.uid, n.gid, &ino);
}

int64_t fs_mknod(struct rpc_ctx *ctx, const char *path, uint32_t mode, uint64_t rdev)
{
	struct handle *h;
	struct new_name n;
	uint32_t ino, type = mode & S_IFMT;
	int64_t r = ops_handle(ctx, &h);

	if (r)
		return r;
	if (type == 0)
		type = S_IFREG;
	if (type != S_IFREG && type != S_IFCHR && type != S_IFBLK && type != S_IFIFO &&
	    type != S_IFSOCK)
		return -EINVAL;
	if ((type == S_IFCHR || type == S_IFBLK) && h->who.uid != 0)
		return -EPERM; /* devices take privilege */
	if (rdev > UINT32_MAX)
		return -EINVAL;
	if ((r = name_to_add(h, path, &n)))
		return r;
	return n.dir.vol->ops->mknod(n.dir.vol->fs, n.dir.ino, n.last, strlen(n.last),
				     type | (mode & 07777), (uint32_t)rdev, h->who.uid, n.gid,
				     &ino);
}

int64_t fs_symlink(struct rpc_ctx *ctx, const char *target, const char *path)
{
	struct handle *h;
	struct new_name n;
	uint32_t ino;
	int64_t r = ops_handle(ctx, &h);

	if (r)
		return r;
	if (!target[0])
		return -ENOENT;
	if ((r = name_to_add(h, path, &n)))
		return r;
	return n.dir.vol->ops->symlink(n.dir.vol->fs, n.dir.ino, n.last, strlen(n.last), target,
				       strlen(target), h->who.uid, n.gid, &ino);
}

/* The file named last in dir, and that who may take that name away. */
static int64_t may_remove(const struct identity *who, struct node dir, const char *last,
			  struct node *victim)
{
	struct file_owner d, v;
	uint32_t ino;
	int64_t r = node_owner(dir, &d);

	if (r || (r = dir.vol->ops->lookup(dir.vol->fs, dir.ino, last, strlen(last), &ino)))
		return r;
	*victim = (struct node){ dir.vol, ino };
	if (mount_covers(*victim))
		return -EBUSY; /* a mount point stays while something is mounted on it */
	if ((r = node_owner(*victim, &v)))
		return r;
	return perm_remove(who, &d, &v);
}

int64_t fs_unlink(struct rpc_ctx *ctx, const char *path, uint32_t flags)
{
	struct handle *h;
	struct node dir, victim;
	struct file_owner f;
	char last[WALK_NAME_MAX + 1];
	int64_t r = ops_handle(ctx, &h);

	if (r)
		return r;
	if (flags & ~(uint32_t)AT_REMOVEDIR)
		return -EINVAL;
	if ((r = walk_parent(&h->who, h->node, path, &dir, last)))
		return r;
	if (!strcmp(last, ".") || !strcmp(last, ".."))
		return flags ? (last[1] ? -ENOTEMPTY : -EINVAL) : -EISDIR;
	if ((r = may_remove(&h->who, dir, last, &victim)))
		return r;
	if (!(flags & AT_REMOVEDIR) && ends_in_slash(path))
		return (r = node_owner(victim, &f)) ? r : S_ISDIR(f.mode) ? -EISDIR : -ENOTDIR;
	if (flags & AT_REMOVEDIR)
		return dir.vol->ops->rmdir(dir.vol->fs, dir.ino, last, strlen(last));
	return dir.vol->ops->unlink(dir.vol->fs, dir.ino, last, strlen(last));
}

int64_t fs_readlink(struct rpc_ctx *ctx, const char *path, char *target)
{
	struct handle *h;
	struct node n;
	struct file_owner f;
	int64_t r = ops_handle(ctx, &h);

	target[0] = 0;
	if (!r &&
	    (r = walk_forwarding(&h->who, h->node, path, 0, &n, &forwarded)) == WALK_FORWARDED)
		return forward_readlink(&forwarded, ctx->reply, &h->who);
	if (r || (r = node_owner(n, &f)))
		return r;
	if (!S_ISLNK(f.mode))
		return -EINVAL;
	r = n.vol->ops->readlink(n.vol->fs, n.ino, target, WALK_PATH_MAX - 1);
	if (r >= 0)
		target[r] = 0;
	return r;
}

/* The handle the request came to, and the one new_dir names (a right to one of our
 * ports arrives under the port's own name); the right that came
 * is let go either way. */
static int64_t two_handles(struct rpc_ctx *ctx, port_name_t new_dir, struct handle **h,
			   struct handle **nd)
{
	int64_t r = ops_handle(ctx, h);

	*nd = new_dir == PORT_NULL || new_dir == PORT_DEAD ? NULL : handle_of(new_dir);
	if (new_dir != PORT_NULL && new_dir != PORT_DEAD)
		port_mod_refs(new_dir, RIGHT_SEND, -1);
	if (!r && !*nd) /* not one of our handles */
		r = -EXDEV;
	return r;
}

int64_t fs_link(struct rpc_ctx *ctx, const char *path, port_name_t new_dir, const char *new_path,
		uint32_t flags)
{
	struct handle *h, *nd;
	struct node old;
	struct file_owner f;
	struct new_name n;
	int64_t r = two_handles(ctx, new_dir, &h, &nd);

	if (r)
		return r;
	if (flags & ~(uint32_t)AT_SYMLINK_FOLLOW)
		return -EINVAL;
	if ((r = walk(&h->who, h->node, path, flags & AT_SYMLINK_FOLLOW, &old)) ||
	    (r = node_owner(old, &f)))
		return r;
	if (S_ISDIR(f.mode))
		return -EPERM;
	if ((r = name_to_add(nd, new_path, &n)))
		return r;
	if (n.dir.vol != old.vol)
		return -EXDEV;
	return n.dir.vol->ops->link(n.dir.vol->fs, old.ino, n.dir.ino, n.last, strlen(n.last));
}

int64_t fs_rename(struct rpc_ctx *ctx, const char *path, port_name_t new_dir, const char *new_path,
		  uint32_t flags)
{
	struct handle *h, *nd;
	struct node from, to, victim, target;
	struct file_owner d, v;
	char old_last[WALK_NAME_MAX + 1], new_last[WALK_NAME_MAX + 1];
	int64_t r = two_handles(ctx, new_dir, &h, &nd);

	if (r)
		return r;
	if (flags & ~(uint32_t)RENAME_NOREPLACE)
		return -EINVAL; /* RENAME_EXCHANGE, RENAME_WHITEOUT: not on this file system */
	if ((r = walk_parent(&h->who, h->node, path, &from, old_last)) ||
	    (r = walk_parent(&nd->who, nd->node, new_path, &to, new_last)))
		return r;
	if (from.vol != to.vol)
		return -EXDEV;
	if (!strcmp(old_last, ".") || !strcmp(old_last, "..") || !strcmp(new_last, ".") ||
	    !strcmp(new_last, ".."))
		return -EBUSY;
	if ((r = may_remove(&h->who, from, old_last, &victim)) || (r = node_owner(victim, &v)))
		return r;
	if (!S_ISDIR(v.mode) && (ends_in_slash(path) || ends_in_slash(new_path)))
		return -ENOTDIR; /* a trailing '/' names a directory */
	if ((r = may_add(&h->who, to, &d)))
		return r;
	r = may_remove(&h->who, to, new_last, &target);
	if (r == 0 && (flags & RENAME_NOREPLACE))
		return -EEXIST;
	if (r && r != -ENOENT)
		return r;
	/* a directory that changes parent has its ".." rewritten: that is a write to it */
	if (S_ISDIR(v.mode) && from.ino != to.ino && (r = perm_access(&h->who, &v, PERM_WRITE)))
		return r;
	return from.vol->ops->rename(from.vol->fs, from.ino, old_last, strlen(old_last), to.ino,
				     new_last, strlen(new_last));
}

/* Append the entry e, whose successor is at cookie next, as a linux_dirent64 record;
 * 0 if it does not fit in the room left. */
static uint32_t put_dirent(uint8_t *at, uint32_t room, const struct vfs_dirent *e, uint64_t next)
{
	uint32_t size = (uint32_t)(19 + e->name_len + 1 + 7) & ~7u;
	uint64_t ino = e->ino;
	int64_t off = (int64_t)next;
	uint16_t reclen = (uint16_t)size;

	if (size > room)
		return 0;
	memset(at, 0, size);
	memcpy(at, &ino, 8);
	memcpy(at + 8, &off, 8);
	memcpy(at + 16, &reclen, 2);
	at[18] = e->type;
	memcpy(at + 19, e->name, e->name_len);
	return size;
}

int64_t fs_readdir(struct rpc_ctx *ctx, uint64_t cookie, uint32_t room, void *entries,
		   uint32_t *entries_len, uint64_t *next)
{
	struct handle *h;
	struct vfs_dirent e;
	uint32_t used = 0;
	int64_t r = ops_handle(ctx, &h);

	*entries_len = 0;
	*next = cookie;
	if (r)
		return r;
	if (cookie == FS_READDIR_POSITION)
		*next = h->of->pos;
	if (!S_ISDIR(h->type))
		return -ENOTDIR;
	if ((h->of->flags & O_PATH) || (h->of->flags & O_ACCMODE) == O_WRONLY ||
	    (h->of->flags & O_ACCMODE) == O_ACCMODE)
		return -EBADF;
	if ((r = removed(h->node)))
		return r;
	if (room > FS_IO_INLINE)
		room = FS_IO_INLINE;
	for (;;) {
		uint64_t after = *next;
		if ((r = h->node.vol->ops->readdir(h->node.vol->fs, h->node.ino, &after, &e)) <= 0)
			break;
		uint32_t n = put_dirent((uint8_t *)entries + used, room - used, &e, after);
		if (!n) {
			if (!used)
				return -EINVAL; /* not even one entry fits */
			break;
		}
		used += n;
		*next = after;
	}
	*entries_len = used;
	if (r < 0)
		return r;
	if (cookie == FS_READDIR_POSITION)
		h->of->pos = *next;
	return 0;
}

int64_t fs_access(struct rpc_ctx *ctx, const char *path, uint32_t mode, uint32_t flags)
{
	struct handle *h;
	struct node n;
	struct file_owner f;
	int64_t r = ops_handle(ctx, &h);

	if (r)
		return r;
	if ((mode & ~7u) || (flags & ~(uint32_t)(AT_SYMLINK_NOFOLLOW | AT_EACCESS | AT_EMPTY_PATH)))
		return -EINVAL;
	if (!path[0] && (flags & AT_EMPTY_PATH))
		n = h->node;
	else if ((r = walk_forwarding(&h->who, h->node, path, !(flags & AT_SYMLINK_NOFOLLOW), &n,
				      &forwarded)) == WALK_FORWARDED)
		return forward_access(&forwarded, ctx->reply, mode, flags, &h->who);
	else if (r)
		return r;
	if ((r = node_owner(n, &f)))
		return r;
	return mode ? perm_access(&h->who, &f, mode) : 0;
}
