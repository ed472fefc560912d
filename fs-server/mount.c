/* The mount table (mount.h): the root's mount, and a short list of the others, the
 * newest first, so that none depends on one after it (its parent's volume, or the
 * volume a bind shows part of): unmounting in the list's order always works. */
#include <errno.h>
#include <format.h>
#include <stdlib.h>
#include <string.h>
#include "mount.h"
#include "propagate.h"
#include "subpath.h"

#define MOUNT_MAX 1000 /* as Linux's fs.mount-max (-ENOSPC past it), but smaller */

static char root_where[] = "/";
static struct mount root_mount = { .peer = &root_mount, .where = root_where };
static struct mount *mounts;
static int count;

struct mount *mount_first(void)
{
	root_mount.vol = root_volume; /* mounted before the first request, and never moves */
	return &root_mount;
}

struct mount *mount_next(const struct mount *m)
{
	return m == &root_mount ? mounts : m->next;
}

struct mount *mount_of(const struct volume *vol)
{
	for (struct mount *m = mount_first(); m; m = mount_next(m))
		if (m->vol == vol)
			return m;
	return NULL;
}

int mount_has_children(const struct mount *m)
{
	for (struct mount *c = mounts; c; c = c->next)
		if (c->covered.vol == m->vol)
			return 1;
	return 0;
}

/* The first mount of the list with one of marks, or NULL. */
static struct mount *first_marked(unsigned marks)
{
	struct mount *m = mounts;

	while (m && !(m->marks & marks))
		m = m->next;
	return m;
}

/* The operation under way is over: no mount is marked. */
static void unmark(void)
{
	for (struct mount *m = mount_first(); m; m = mount_next(m))
		m->marks = 0;
}

/* Put vol on on, or on the top of the mounts stacked there, as a new private mount
 * (marked MOUNT_NEW) shown as where. */
static int attach(struct node on, uint32_t dir, struct volume *vol, const char *where,
		  struct mount **out)
{
	struct volume *over;

	while ((over = mount_over(on))) {
		on = (struct node){ over, over->root };
		dir = 0;
	}
	if (count >= MOUNT_MAX)
		return -ENOSPC;
	size_t size = strlen(where) + 1;
	struct mount *m = malloc(sizeof(*m));
	char *w = m ? malloc(size) : NULL;
	int err = w ? on.vol->ops->inode_get(on.vol->fs, on.ino) : -ENOMEM;

	if (err) {
		free(w);
		free(m);
		return err;
	}
	memcpy(w, where, size);
	*m = (struct mount){ .vol = vol,
			     .covered = on,
			     .dir = dir,
			     .where = w,
			     .marks = MOUNT_NEW,
			     .next = mounts };
	m->peer = m;
	mounts = m;
	count++;
	*out = m;
	return 0;
}

/* Take m out of the table (its volume stays): its peers and slaves go on without it. */
static void take_out(struct mount *m)
{
	struct mount **link = &mounts;

	while (*link != m)
		link = &(*link)->next;
	*link = m->next;
	count--;
	propagate_forget(m);
	m->covered.vol->ops->inode_put(m->covered.vol->fs, m->covered.ino);
	free(m->where);
	free(m);
}

/* An operation that failed: the mounts it made go, their volumes with them but keep. */
static void drop_new(const struct volume *keep)
{
	struct mount *m;

	while ((m = first_marked(MOUNT_NEW))) {
		struct volume *v = m->vol;
		take_out(m);
		if (v != keep)
			volume_unmount(v);
	}
}

/* Join clone, just made of of, to of's propagation as how says. */
static void relate(struct mount *clone, struct mount *of, enum mount_clone how)
{
	if (how == MOUNT_CLONE_SLAVE) {
		clone->master = of;
		return;
	}
	clone->master = of->master;
	if (how == MOUNT_CLONE_PEER || of->shared) {
		clone->shared = 1;
		clone->peer = of->peer;
		of->peer = clone;
	}
}

/* Clones of the mounts on m's volume below root (but new and unbindable ones), each
 * with the mounts below it, on copy, the clone of m made from root. */
static int clone_below(struct mount *m, uint32_t root, struct mount *copy, enum mount_clone how)
{
	static char where[SUBPATH_MAX]; /* copied by attach before the recursion */
	struct mount *made;
	int err = 0;

	for (struct mount *c = mounts; c && !err; c = c->next) {
		if (c->covered.vol != m->vol || c->marks & MOUNT_NEW || c->unbindable)
			continue;
		err = subpath(m->vol, root, c->covered.ino, c->dir, copy->where, where,
			      sizeof(where));
		if (!err)
			err = mount_clone(c, c->vol->root, 1,
					  (struct node){ copy->vol, c->covered.ino }, c->dir, where,
					  how, &made);
		else if (err == -ENOENT)
			err = 0; /* not below root */
	}
	return err;
}

int mount_clone(struct mount *m, uint32_t root, int tree, struct node on, uint32_t dir,
		const char *where, enum mount_clone how, struct mount **out)
{
	struct volume *v;
	int err = volume_bind((struct node){ m->vol, root }, &v);

	if (err)
		return err;
	if ((err = attach(on, dir, v, where, out))) {
		volume_unmount(v);
		return err;
	}
	relate(*out, m, how);
	return tree ? clone_below(m, root, *out, how) : 0;
}

int mount_add(struct node covered, struct volume *vol, const char *where)
{
	struct mount *m;
	int err = attach(covered, 0, vol, where, &m);

	if (!err && (err = propagate_mount(m)))
		drop_new(vol);
	unmark();
	return err;
}

int mount_bind(struct node on, uint32_t dir, struct node source, int recursive, const char *where)
{
	struct mount *from = mount_of(source.vol), *m;
	int err = from->unbindable ? -EINVAL
				   : mount_clone(from, source.ino, recursive, on, dir, where,
						 MOUNT_CLONE_BIND, &m);

	if (!err)
		err = propagate_mount(m);
	if (err)
		drop_new(NULL);
	unmark();
	return err;
}

int mount_unmount(struct volume *vol, int (*busy)(const struct volume *vol))
{
	struct mount *m = mount_of(vol), *g;
	int err = 0, first = 0;

	m->marks |= MOUNT_GOING;
	propagate_unmount(m);
	for (g = mounts; g && !err; g = g->next)
		if (g->marks & MOUNT_GOING && (mount_any_on(g->vol) || busy(g->vol)))
			err = -EBUSY;
	while (!err && (g = first_marked(MOUNT_GOING))) {
		struct volume *v = g->vol;
		take_out(g);
		int e = volume_unmount(v);
		first = first ? first : e;
	}
	unmark();
	return err ? err : first;
}

struct volume *mount_over(struct node n)
{
	for (struct mount *m = mounts; m; m = m->next)
		if (m->covered.vol == n.vol && m->covered.ino == n.ino)
			return m->vol;
	return NULL;
}

int mount_covers(struct node n)
{
	for (struct mount *m = mounts; m; m = m->next)
		if (m->covered.vol->base == n.vol->base && m->covered.ino == n.ino)
			return 1;
	return 0;
}

int mount_any_on(const struct volume *vol)
{
	for (struct mount *m = mounts; m; m = m->next)
		if (!(m->marks & MOUNT_GOING) &&
		    (m->covered.vol == vol || (m->vol != vol && m->vol->base == vol)))
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
		take_out(mounts);
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
	const struct mount *done = NULL; /* the oldest line written so far */

	if (table_line(out, room, len, root_volume, "/"))
		return;
	while (done != mounts) {
		const struct mount *m = mounts;
		while (m->next != done)
			m = m->next;
		if (table_line(out, room, len, m->vol, m->where))
			return;
		done = m;
	}
}
