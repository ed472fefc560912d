/* The mount table: a short list (a handful of disks). */
#include <errno.h>
#include <stdlib.h>
#include "mount.h"

struct mount {
	struct node covered;
	struct volume *vol;
	struct mount *next;
};

static struct mount *mounts;

int mount_add(struct node covered, struct volume *vol)
{
	struct mount *m = malloc(sizeof(*m));
	int err = m ? ext2_inode_get(covered.vol->fs, covered.ino) : -ENOMEM;

	if (err) {
		free(m);
		return err;
	}
	*m = (struct mount){ covered, vol, mounts };
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

int mount_covered(const struct volume *vol, struct node *covered)
{
	for (struct mount *m = mounts; m; m = m->next)
		if (m->vol == vol) {
			*covered = m->covered;
			return 1;
		}
	return 0;
}

int mount_device_in_use(port_name_t device)
{
	if (root_volume && root_volume->device == device)
		return 1;
	for (struct mount *m = mounts; m; m = m->next)
		if (m->vol->device == device)
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
		int err = ext2_sync(m->vol->fs);
		first = first ? first : err;
	}
	return first;
}

int mount_any_dirty(void)
{
	for (struct mount *m = mounts; m; m = m->next)
		if (ext2_dirty(m->vol->fs))
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
	ext2_inode_put(m->covered.vol->fs, m->covered.ino);
	free(m);
}
