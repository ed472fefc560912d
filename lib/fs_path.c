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

/* The device, inode and mode of handle h. */
static int64_t identity(port_name_t h, uint64_t *dev, uint64_t *ino, uint32_t *mode)
{
	struct fs_attr a;
	int64_t r = rpc_fs_stat(h, &a);

	*dev = a.dev, *ino = a.ino, *mode = a.mode;
	return r;
}

/* Whether parent's entry name leads to (dev, ino). */
static int seen_through(port_name_t parent, const char *name, uint64_t dev, uint64_t ino)
{
	port_name_t e;
	uint64_t edev, eino;
	uint32_t type, mode;
	int64_t r = rpc_fs_open(parent, name, O_PATH | O_NOFOLLOW, 0, &e, &type);

	if (r < 0)
		return 0;
	r = identity(e, &edev, &eino, &mode);
	port_mod_refs(e, RIGHT_SEND, -1);
	return r >= 0 && edev == dev && eino == ino;
}

/* The entry of directory parent that leads to (dev, ino), into name: by the entries'
 * inode numbers (by_ino), or by what is seen through each; 0 or an error. */
static int64_t scan(port_name_t parent, uint64_t dev, uint64_t ino, int by_ino, char *name)
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
			if (by_ino ? d_ino != ino : !seen_through(parent, d_name, dev, ino))
				continue;
			strlcpy(name, d_name, NAME_MAX + 1);
			return 0;
		}
	return r < 0 ? r : -ENOENT;
}

/* The name under which directory parent holds (dev, ino), into name; 0 or an error.
 * An entry's inode number tells, but for a mount point, whose entry is the directory
 * under it: there the entry's own device and inode, seen through it, tell (a second
 * look on the same device: a bind mount's). */
static int64_t name_in(port_name_t parent, uint64_t dev, uint64_t ino, char *name)
{
	uint64_t pdev, pino;
	uint32_t mode;
	int64_t r = identity(parent, &pdev, &pino, &mode);

	if (r < 0)
		return r;
	if (pdev == dev && (r = scan(parent, dev, ino, 1, name)) != -ENOENT)
		return r;
	return scan(parent, dev, ino, 0, name);
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
	uint64_t root_dev, root_ino, dev, ino;
	uint32_t mode;
	size_t at = sizeof(path) - 1;
	port_name_t here = dir, parent;
	int64_t r = identity(root, &root_dev, &root_ino, &mode);

	path[at] = 0;
	port_mod_refs(here, RIGHT_SEND, 1);
	while (r >= 0 && (r = identity(here, &dev, &ino, &mode)) >= 0 &&
	       !(dev == root_dev && ino == root_ino)) {
		if ((r = open_parent(here, &parent)) < 0)
			break;
		if ((r = name_in(parent, dev, ino, name)) >= 0)
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
