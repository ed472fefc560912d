/* The propagation of mounts (propagate.h): copies made down the peer groups and their
 * slaves, copies found for an unmount, and the changes of type. */
#include <errno.h>
#include <linux/mount.h>
#include "propagate.h"
#include "subpath.h"

int propagate_peers(const struct mount *a, const struct mount *b)
{
	const struct mount *p = b;

	do {
		if (p == a)
			return 1;
		p = p->peer;
	} while (p != b);
	return 0;
}

/* Mark m's peer group MOUNT_SEEN. */
static void see_group(struct mount *m)
{
	struct mount *p = m;

	do {
		p->marks |= MOUNT_SEEN;
		p = p->peer;
	} while (p != m);
}

/* Make m and every mount below it shared. */
static void share_tree(struct mount *m)
{
	m->shared = 1;
	m->unbindable = 0;
	for (struct mount *c = mount_first(); c; c = mount_next(c))
		if (c->covered.vol == m->vol)
			share_tree(c);
}

/* A copy of the tree t (how says of its peer group) on r, at the place t has on its
 * parent: 0 and *copy, or *copy NULL if r does not see that place or something is
 * mounted there already; or an error. */
static int copy_into(struct mount *r, struct mount *t, enum mount_clone how, struct mount **copy)
{
	static char where[SUBPATH_MAX]; /* copied by mount_clone before anything else */
	struct node at = { r->vol, t->covered.ino };
	int err = subpath(r->vol, r->vol->root, at.ino, t->dir, r->where, where, sizeof(where));

	*copy = NULL;
	if (err == -ENOENT || (!err && mount_over(at)))
		return 0;
	return err ? err : mount_clone(t, t->vol->root, 1, at, t->dir, where, how, copy);
}

static int to_slaves(struct mount *m, struct mount *t);

/* A copy of t, slave of it, on the first of s's peer group that sees t's place: 0 with
 * *at and *copy (NULL if none does), or an error. */
static int copy_into_group(struct mount *s, struct mount *t, struct mount **at, struct mount **copy)
{
	int err;

	*at = s;
	do {
		if ((err = copy_into(*at, t, MOUNT_CLONE_SLAVE, copy)) || *copy)
			return err;
		*at = (*at)->peer;
	} while (*at != s);
	return 0;
}

/* Copies of t, just mounted on m, on m's peers (peers of t) and down its slaves. */
static int to_group(struct mount *m, struct mount *t)
{
	struct mount *copy;
	int err = 0;

	for (struct mount *p = m->peer; p != m && !err; p = p->peer)
		if (!(p->marks & MOUNT_NEW))
			err = copy_into(p, t, MOUNT_CLONE_PEER, &copy);
	return err ? err : to_slaves(m, t);
}

/* Copies of t, slaves of it, on the slaves of m's peer group: in each group of them the
 * first that sees t's place gets one, and its peers and slaves copies of that; a group
 * none of which sees it passes t on to its own slaves. */
static int to_slaves(struct mount *m, struct mount *t)
{
	int err = 0;

	for (struct mount *s = mount_first(); s && !err; s = mount_next(s)) {
		if (s->marks & (MOUNT_NEW | MOUNT_SEEN) || !s->master ||
		    !propagate_peers(s->master, m))
			continue;
		see_group(s);
		struct mount *at, *copy;
		err = copy_into_group(s, t, &at, &copy);
		if (!err && !copy)
			err = to_slaves(s, t);
		else if (!err && at->shared) {
			share_tree(copy);
			err = to_group(at, copy);
		}
	}
	return err;
}

int propagate_mount(struct mount *n)
{
	struct mount *parent = mount_of(n->covered.vol);

	if (!parent->shared)
		return 0;
	share_tree(n);
	return to_group(parent, n);
}

/* Mark MOUNT_SEEN m's peer group and every group that receives from it. */
static void see_receivers(struct mount *m)
{
	see_group(m);
	for (struct mount *s = mount_first(); s; s = mount_next(s))
		if (!(s->marks & MOUNT_SEEN) && s->master && s->master->marks & MOUNT_SEEN)
			see_receivers(s);
}

void propagate_unmount(struct mount *m)
{
	struct mount *parent = mount_of(m->covered.vol);

	if (!parent->shared)
		return;
	see_receivers(parent);
	for (struct mount *r = mount_first(); r; r = mount_next(r)) {
		if (!(r->marks & MOUNT_SEEN) || r == parent)
			continue;
		struct volume *v = mount_over((struct node){ r->vol, m->covered.ino });
		struct mount *copy = v ? mount_of(v) : NULL;
		if (copy && !mount_has_children(copy))
			copy->marks |= MOUNT_GOING;
	}
}

/* Leave m's peer group, if it has peers. */
static void leave_group(struct mount *m)
{
	struct mount *p = m;

	while (p->peer != m)
		p = p->peer;
	p->peer = m->peer;
	m->peer = m;
}

/* Make m a slave of its peer group (a peer with the same top if there is one), its
 * slaves with it; alone in its group, it stays the slave of its master, if it has one,
 * and its slaves become its master's (or private). As Linux's do_make_slave. */
static void make_slave(struct mount *m)
{
	struct mount *master = m->master;

	if (m->peer != m) {
		master = m->peer;
		for (struct mount *p = m->peer; p != m; p = p->peer)
			if (p->vol->root == m->vol->root) {
				master = p;
				break;
			}
		leave_group(m);
	}
	m->shared = 0;
	for (struct mount *s = mount_first(); s; s = mount_next(s))
		if (s->master == m)
			s->master = master;
	m->master = master;
}

/* Make m alone of type (as propagate_set). */
static void set_type(struct mount *m, uint32_t type)
{
	if (type == MS_SHARED) {
		m->shared = 1;
		m->unbindable = 0;
		return;
	}
	make_slave(m);
	if (type != MS_SLAVE) {
		m->master = NULL;
		m->unbindable = type == MS_UNBINDABLE;
	}
}

void propagate_set(struct mount *m, uint32_t type, int recursive)
{
	set_type(m, type);
	if (!recursive)
		return;
	for (struct mount *c = mount_first(); c; c = mount_next(c))
		if (c->covered.vol == m->vol)
			propagate_set(c, type, 1);
}

void propagate_forget(struct mount *m)
{
	set_type(m, MS_PRIVATE);
}
