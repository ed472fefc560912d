/* The mount table: a short list (a handful of disks). */
#include <errno.h>
#include <format.h>
#include <stdlib.h>
#include <string.h>
#include "mount.h"

struct mount {
	struct node covered;
	struct volume *vol;
	char where[256]; /* the path it was mounted on, for the mount table */
	struct mount *next;
};

static struct mount *mounts;

int mount_add(struct node covered, struct volume *vol, const char *where)
{
	struct mount *m = malloc(sizeof(*m));
	int err = m ? covered.vol->ops->inode_get(covered.vol->fs, covered.ino) : -ENOMEM;

	if (err) {
		free(m);
		return err;
	}
	*m = (struct mount){ .covered = covered, .vol = vol, .next = mounts };
	strlcpy(m->where, where, sizeof(m->where));
	mounts = m;
	return 0;
}

struct volume *mount_over(struct node n)
{
	for (struct mount *m = mounts; m; m = m->next)
		if (m->covered.vol == n.vol && m->covered.ino == n.ino)
			return m->vol;
	return NULL;
}

int mount_any_on(const struct volume *vol)
{
	for (struct mount *m = mounts; m; m = m->next)
		if (m->covered.vol == vol || (m->vol != vol && m->vol->base == vol))
			return 1;
	return 0;
}

int mount_covered(const struct volume *vol, struct node *covered)
{
	for (struct mount *m = mounts; m; m = m->next)
		if (m->vol == vol) {
			*covered = m->covered;
			return 1;
		}
	return 0;
}

int mount_device_in_use(const char *name)
{
	if (!name[0])
		return 0; /* none: a tmpfs */
	if (root_volume && !strcmp(root_volume->name, name))
		return 1;
	for (struct mount *m = mounts; m; m = m->next)
		if (!strcmp(m->vol->name, name))
			return 1;
	return 0;
}

int mount_unmount_all(void)
{
	int first = 0;

	while (mounts) {
		struct volume *v = mounts->vol;
		mount_remove(v);
		int err = volume_unmount(v);
		first = first ? first : err;
	}
	return first;
}

int mount_sync_all(void)
{
	int first = 0;

	for (struct mount *m = mounts; m; m = m->next) {
		int err = m->vol->ops->sync(m->vol->fs);
		first = first ? first : err;
	}
	return first;
}

int mount_any_dirty(void)
{
	for (struct mount *m = mounts; m; m = m->next)
		if (m->vol->ops->dirty(m->vol->fs))
			return 1;
	return 0;
}

void mount_remove(struct volume *vol)
{
	struct mount **link = &mounts;

	while (*link && (*link)->vol != vol)
		link = &(*link)->next;
	struct mount *m = *link;
	if (!m)
		return;
	*link = m->next;
	m->covered.vol->ops->inode_put(m->covered.vol->fs, m->covered.ino);
	free(m);
}

/* One line of the table for vol mounted on where; 0, or -ENOSPC if it does not fit. */
static int table_line(char *out, uint32_t room, uint32_t *len, const struct volume *vol,
		      const char *where)
{
	int n = snprintf(out + *len, room - *len, "%s %s %s %s%s 0 0\n", vol->source, where,
			 vol->ops->type, vol->base->read_only ? "ro" : "rw",
			 vol->nosuid ? ",nosuid" : "");

	if (n < 0 || (uint32_t)n >= room - *len)
		return -ENOSPC;
	*len += (uint32_t)n;
	return 0;
}

void mount_table(char *out, uint32_t room, uint32_t *len)
{
	if (table_line(out, room, len, root_volume, "/"))
		return;
	for (struct mount *m = mounts; m; m = m->next)
		if (table_line(out, room, len, m->vol, m->where))
			return;
}
