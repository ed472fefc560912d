/*
 * The path of a directory from the root (fs_path.h), found as Unix always has: up
 * through "..", looking in each parent for the entry we came from.
 */
#include <errno.h>
#include <fs.h>
#include <fs_path.h>
#include <fs_proto.h>
#include <linux/fcntl.h>
#include <linux/limits.h>
#include <masque/rights.h>
#include <string.h>
#include <trap.h>

/* What tells a directory from another: its device and inode, and the mount it is
 * reached through (a bind of a directory shows the same device and inode). */
struct ident {
	uint64_t dev, ino, mount;
};

/* The identity of handle h, in one question where its server numbers its mounts
 * (fs.identify); else from its attributes, with mount 0 (a server of one file system,
 * which answers no identify: /proc's, a terminal's). */
static int64_t identity(port_name_t h, struct ident *id)
{
	struct fs_attr a;
	uint32_t mode, flags, mount_flags;
	int64_t r;

	if (rpc_fs_identify(h, h, &id->dev, &id->ino, &mode, &flags, &mount_flags, &id->mount) >= 0)
		return 0;
	r = rpc_fs_stat(h, &a);
	id->dev = a.dev, id->ino = a.ino, id->mount = 0;
	return r;
}

static int same(const struct ident *a, const struct ident *b)
{
	return a->dev == b->dev && a->ino == b->ino && a->mount == b->mount;
}

/* Whether parent's entry name leads to want. */
static int seen_through(port_name_t parent, const char *name, const struct ident *want)
{
	struct ident id;
	port_name_t e;
	uint32_t type;
	int64_t r = rpc_fs_open(parent, name, O_PATH | O_NOFOLLOW, 0, &e, &type);

	if (r < 0)
		return 0;
	r = identity(e, &id);
	port_mod_refs(e, RIGHT_SEND, -1);
	return r >= 0 && same(&id, want);
}

/* The entry of directory parent that leads to want, into name: by the entries' inode
 * numbers (by_ino), or by what is seen through each; 0 or an error. */
static int64_t scan(port_name_t parent, const struct ident *want, int by_ino, char *name)
{
	static char entries[FS_IO_INLINE];
	uint64_t cookie = 0;
	uint32_t len;
	int64_t r;

	while (!(r = rpc_fs_readdir(parent, cookie, sizeof(entries), entries, &len, &cookie)) &&
	       len)
		for (uint32_t at = 0; at < len;) {
			uint64_t d_ino;
			uint16_t reclen;
			const char *d_name = entries + at + 19;

			memcpy(&d_ino, entries + at, 8);
			memcpy(&reclen, entries + at + 16, 2);
			at += reclen;
			if (!strcmp(d_name, ".") || !strcmp(d_name, ".."))
				continue;
			if (by_ino ? d_ino != want->ino : !seen_through(parent, d_name, want))
				continue;
			strlcpy(name, d_name, NAME_MAX + 1);
			return 0;
		}
	return r < 0 ? r : -ENOENT;
}

/* The name under which directory parent holds want, into name; 0 or an error. Within
 * one mount an entry's inode number tells; the top of another mount (a file system, or
 * a bind, perhaps of a directory beside it) is what its entry shows, seen through it. */
static int64_t name_in(port_name_t parent, const struct ident *want, char *name)
{
	struct ident p;
	int64_t r = identity(parent, &p);

	if (r < 0)
		return r;
	if (p.dev == want->dev && p.mount == want->mount &&
	    (r = scan(parent, want, 1, name)) != -ENOENT)
		return r;
	return scan(parent, want, 0, name);
}

/* Prepend "/name" to the path being built backwards from the end of buf at *at. */
static int prepend(char *buf, size_t *at, const char *name)
{
	size_t n = strlen(name);

	if (n + 1 > *at)
		return -ERANGE;
	*at -= n;
	memcpy(buf + *at, name, n);
	buf[--*at] = '/';
	return 0;
}

int64_t fs_path_of(port_name_t root, port_name_t dir, fs_parent_fn *open_parent, char *out,
		   uint64_t size)
{
	static char path[PATH_MAX];
	char name[NAME_MAX + 1];
	struct ident top, id;
	size_t at = sizeof(path) - 1;
	port_name_t here = dir, parent;
	int64_t r = identity(root, &top);

	path[at] = 0;
	port_mod_refs(here, RIGHT_SEND, 1);
	while (r >= 0 && (r = identity(here, &id)) >= 0 && !same(&id, &top)) {
		if ((r = open_parent(here, &parent)) < 0)
			break;
		if ((r = name_in(parent, &id, name)) >= 0)
			r = prepend(path, &at, name);
		port_mod_refs(here, RIGHT_SEND, -1);
		here = parent;
	}
	port_mod_refs(here, RIGHT_SEND, -1);
	if (r < 0)
		return r;
	if (at == sizeof(path) - 1)
		path[--at] = '/';
	size_t n = sizeof(path) - at;
	if (n > size)
		return -ERANGE;
	memcpy(out, path + at, n);
	return (int64_t)n;
}
