/* Paths below a directory (subpath.h): climbed from the file up, built from the end. */
#include <errno.h>
#include <string.h>
#include "subpath.h"

/* The entry under which dir holds child (neither "." nor ".."), into ent. */
static int entry_in(const struct volume *vol, uint32_t dir, uint32_t child, struct vfs_dirent *ent)
{
	uint64_t cookie = 0;
	int err;

	while ((err = vol->ops->readdir(vol->fs, dir, &cookie, ent)) > 0)
		if (ent->ino == child && strcmp(ent->name, ".") && strcmp(ent->name, ".."))
			return 0;
	return err < 0 ? err : -ENOENT;
}

/* Put "/name" in front of the path that starts at out[*at]. */
static int prepend(char *out, size_t *at, const char *name)
{
	size_t len = strlen(name);

	if (len + 1 > *at)
		return -ENAMETOOLONG;
	*at -= len + 1;
	out[*at] = '/';
	memcpy(out + *at + 1, name, len);
	return 0;
}

int subpath(const struct volume *vol, uint32_t top, uint32_t x, uint32_t dir, const char *prefix,
	    char *out, size_t size)
{
	struct vfs_dirent ent;
	size_t at = size - 1;
	uint32_t child = x, parent;
	int err;

	out[at] = 0;
	while (child != top) {
		if (child == vol->ops->root)
			return -ENOENT; /* the file system's root, and top was not met */
		if (child == x && dir)
			parent = dir;
		else if ((err = vol->ops->lookup(vol->fs, child, "..", 2, &parent)))
			return err == -ENOTDIR ? -ENOENT : err;
		if ((err = entry_in(vol, parent, child, &ent)) ||
		    (err = prepend(out, &at, ent.name)))
			return err;
		child = parent;
	}
	size_t len = strlen(prefix);
	if (len && prefix[len - 1] == '/' && out[at])
		len--; /* "/" and "/a" make "/a" */
	if (len > at)
		return -ENAMETOOLONG;
	memmove(out + len, out + at, size - at);
	memcpy(out, prefix, len);
	return 0;
}
