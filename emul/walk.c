/*
 * Paths through /proc's names that depend on who asks ("self", and ".." out of /proc's
 * root): the server that meets one answers FS_ASK_PROCESS (fs_proto.h), as it cannot
 * tell which process asks. Then the path is walked here a component at a time, symbolic
 * links read and followed here, and such a name is asked of the process server on this
 * process's own port (proc.procfs_lookup), which knows who asks by the port.
 */
#include <errno.h>
#include <fs.h>
#include <fs_proto.h>
#include <linux/fcntl.h>
#include <linux/limits.h>
#include <linux/stat.h>
#include <masque/rights.h>
#include <proc.h>
#include <string.h>
#include <trap.h>
#include "path.h"
#include "process.h"

#define LINKS_MAX 40 /* Linux's: then ELOOP */

int64_t walk_asking(port_name_t dir, const char *name, port_name_t *out)
{
	uint32_t type;

	return rpc_proc_procfs_lookup(process.proc, dir, name, out, &type);
}

/* Put target, then rest (after a '/'), in place of path's text in buf. */
static int64_t splice(char *buf, const char *target, const char *rest)
{
	static char joined[PATH_MAX];
	size_t n = strlen(target), m = strlen(rest);

	if (n + 1 + m + 1 > sizeof(joined))
		return -ENAMETOOLONG;
	memcpy(joined, target, n);
	joined[n] = '/';
	memcpy(joined + n + 1, rest, m + 1);
	memcpy(buf, joined, n + 1 + m + 1);
	return 0;
}

/* One component name from *at: *at moves to the directory it names (a reference the
 * walk holds), or 1 when it was a symbolic link, whose target (target) is spliced in
 * front of rest in buf and the walk goes on there. */
static int64_t step(port_name_t *at, const char *name, char *buf, const char *rest)
{
	static char target[PATH_MAX];
	port_name_t h;
	uint32_t type;
	int64_t r = rpc_fs_open(*at, name, O_PATH | O_NOFOLLOW, 0, &h, &type);

	if (r >= 0 && S_ISLNK(type)) {
		port_mod_refs(h, RIGHT_SEND, -1);
		if ((r = rpc_fs_readlink(*at, name, target)) >= 0) {
			if ((r = splice(buf, target, rest)) < 0)
				return r;
			if (target[0] == '/') {
				port_mod_refs(*at, RIGHT_SEND, -1);
				*at = process.root;
				port_mod_refs(*at, RIGHT_SEND, 1);
			}
			return 1;
		}
	}
	if (r == -FS_ASK_PROCESS)
		r = walk_asking(*at, name, &h);
	if (r < 0)
		return r;
	port_mod_refs(*at, RIGHT_SEND, -1);
	*at = h;
	return 0;
}

int64_t walk_to_parent(port_name_t dir, const char *path, port_name_t *parent,
		       char last[NAME_MAX + 1])
{
	static char buf[PATH_MAX];
	char name[NAME_MAX + 1];
	port_name_t at = path[0] == '/' ? process.root : dir;
	int links = 0;
	int64_t r = 0;

	strlcpy(buf, path, sizeof(buf));
	port_mod_refs(at, RIGHT_SEND, 1);
	for (const char *p = buf; r >= 0;) {
		while (*p == '/')
			p++;
		const char *start = p, *rest;
		while (*p && *p != '/')
			p++;
		size_t len = (size_t)(p - start);
		for (rest = p; *rest == '/'; rest++)
			;
		if (len > NAME_MAX) {
			r = -ENAMETOOLONG;
			break;
		}
		memcpy(name, start, len);
		name[len] = 0;
		if (!*rest && !*p) { /* the last component ("." for none, or after a '/') */
			strlcpy(last, len ? name : ".", NAME_MAX + 1);
			*parent = at;
			return 0;
		}
		r = step(&at, name, buf, rest);
		if (r == 1 && ++links > LINKS_MAX)
			r = -ELOOP;
		if (r == 1)
			p = buf, r = 0;
		else
			p = rest;
	}
	port_mod_refs(at, RIGHT_SEND, -1);
	return r;
}

/* What a call on a path does with the directory it starts from and the path. */
typedef int64_t path_op(port_name_t dir, const char *path, void *arg);

/* op on (dir, path); should the server ask who asks, on the last component from the
 * directory walked to here, and should that be such a name, on what it names. */
static int64_t path_do(port_name_t dir, const char *path, path_op *op, void *arg)
{
	char last[NAME_MAX + 1];
	port_name_t parent, h;
	int64_t r = op(dir, path, arg);

	if (r != -FS_ASK_PROCESS || (r = walk_to_parent(dir, path, &parent, last)) < 0)
		return r;
	r = op(parent, last, arg);
	if (r == -FS_ASK_PROCESS && (r = walk_asking(parent, last, &h)) >= 0) {
		r = op(h, ".", arg);
		port_mod_refs(h, RIGHT_SEND, -1);
	}
	port_mod_refs(parent, RIGHT_SEND, -1);
	return r;
}

struct open_args {
	uint32_t flags, mode;
	port_name_t *file;
	uint32_t *type;
};

static int64_t open_op(port_name_t dir, const char *path, void *arg)
{
	struct open_args *a = arg;

	return rpc_fs_open(dir, path, a->flags, a->mode, a->file, a->type);
}

int64_t walk_open(port_name_t dir, const char *path, uint32_t flags, uint32_t mode,
		  port_name_t *file, uint32_t *type)
{
	struct open_args a = { flags, mode, file, type };

	return path_do(dir, path, open_op, &a);
}

struct attr_args {
	uint32_t flags;
	struct fs_attr *attr;
};

static int64_t attr_op(port_name_t dir, const char *path, void *arg)
{
	struct attr_args *a = arg;

	return rpc_fs_stat_path(dir, path, a->flags, a->attr);
}

int64_t walk_attr(port_name_t dir, const char *path, uint32_t flags, struct fs_attr *attr)
{
	struct attr_args a = { flags, attr };

	return path_do(dir, path, attr_op, &a);
}

struct access_args {
	uint32_t mode, flags;
};

static int64_t access_op(port_name_t dir, const char *path, void *arg)
{
	struct access_args *a = arg;

	return rpc_fs_access(dir, path, a->mode, a->flags);
}

int64_t walk_access(port_name_t dir, const char *path, uint32_t mode, uint32_t flags)
{
	struct access_args a = { mode, flags };

	return path_do(dir, path, access_op, &a);
}

int64_t walk_parent(port_name_t dir, port_name_t *parent)
{
	port_name_t up;
	uint32_t type;
	int64_t r = rpc_fs_open(dir, "..", O_RDONLY | O_DIRECTORY, 0, parent, &type);

	if (r != -FS_ASK_PROCESS || (r = walk_asking(dir, "..", &up)) < 0)
		return r;
	/* opened again as ourselves: the process server's handle is for paths only */
	r = rpc_fs_open(up, ".", O_RDONLY | O_DIRECTORY, 0, parent, &type);
	port_mod_refs(up, RIGHT_SEND, -1);
	return r;
}
