/* Rename: across directories, over an existing target of the same kind (an empty
 * directory for a directory), never a directory into its own subtree; ext2's checks in
 * ext2's order. "Decide" (rename_gather, rename_check and the one allocation, a new
 * entry when there is no target) changes nothing; "perform" cannot fail. */
#include <errno.h>
#include <stdlib.h>
#include "tmpfs_int.h"

struct rename {
	struct tmpfs_inode *od, *nd, *src, *dst; /* dst: NULL if the new name is free */
	struct tmpfs_dirent *old_entry, *new_entry;
};

/* -EINVAL if directory inside is dir or below it; a live directory's ".." chain ends at
 * the root, its own parent. */
static int check_not_below(const struct tmpfs_inode *dir, const struct tmpfs_inode *inside)
{
	const struct tmpfs_inode *cur = inside;
	while (cur != dir && cur->dir.parent != cur)
		cur = cur->dir.parent;
	return cur == dir ? -EINVAL : 0;
}

static int is_dir(const struct tmpfs_inode *n)
{
	return type_of(n) == S_DIR;
}

/* The two directories, the source and the target if there is one. */
static int rename_gather(struct tmpfs *fs, struct rename *r, uint32_t olddir, const char *oldname,
			 size_t oldlen, uint32_t newdir, const char *newname, size_t newlen)
{
	int err = tmpfs_dir_of(fs, olddir, &r->od);
	if (err >= 0)
		err = tmpfs_dir_of(fs, newdir, &r->nd);
	if (err >= 0)
		err = tmpfs_dir_lookup(r->od, oldname, oldlen, &r->src);
	if (err >= 0 && !r->nd->nlink)
		err = -ENOENT; /* a removed directory takes no new names */
	if (err < 0)
		return err;
	r->old_entry = tmpfs_dir_find(r->od, oldname, oldlen);
	r->new_entry = tmpfs_dir_find(r->nd, newname, newlen);
	r->dst = r->new_entry ? r->new_entry->inode : NULL;
	return 0;
}

/* What must hold before anything changes. */
static int rename_check(const struct rename *r)
{
	int err;
	if (is_dir(r->src) && r->od != r->nd && (err = check_not_below(r->src, r->nd)) < 0)
		return err;
	if (!r->dst)
		return 0;
	/* a target above the source holds it: Linux says -ENOTEMPTY before it looks at
	 * the kinds */
	if (is_dir(r->dst) && check_not_below(r->dst, r->od) < 0)
		return -ENOTEMPTY;
	if (is_dir(r->src) && !is_dir(r->dst))
		return -ENOTDIR;
	if (!is_dir(r->src) && is_dir(r->dst))
		return -EISDIR;
	if (is_dir(r->dst) && r->dst->dir.count)
		return -ENOTEMPTY;
	return 0;
}

/* The new name takes the source (the target's entry, or fresh), the old one goes, a
 * moved directory's ".." and both parents' links follow, and the target loses its
 * name. */
static void rename_perform(struct tmpfs *fs, struct rename *r, struct tmpfs_dirent *fresh)
{
	if (r->dst)
		tmpfs_dir_retarget(fs, r->nd, r->new_entry, r->src);
	else
		tmpfs_dir_add(fs, r->nd, fresh, r->src);
	tmpfs_dir_remove(fs, r->od, r->old_entry);
	if (is_dir(r->src)) {
		r->od->nlink--;
		r->nd->nlink++;
		r->src->dir.parent = r->nd;
	}
	tmpfs_inode_touch(fs, r->src, TIME_CTIME);
	if (r->dst && is_dir(r->dst))
		tmpfs_dir_lose_subdir(fs, r->nd, r->dst);
	else if (r->dst)
		tmpfs_inode_drop_link(fs, r->dst);
}

int tmpfs_rename(void *instance, uint32_t olddir, const char *oldname, size_t oldlen,
		 uint32_t newdir, const char *newname, size_t newlen)
{
	struct tmpfs_dirent *fresh = NULL;
	struct rename r;
	int err = tmpfs_writable(instance);
	if (err >= 0)
		err = tmpfs_check_name(oldname, oldlen);
	if (err >= 0)
		err = tmpfs_check_name(newname, newlen);
	if (err < 0)
		return err;
	if (tmpfs_is_dot_or_dotdot(oldname, oldlen) || tmpfs_is_dot_or_dotdot(newname, newlen))
		return -EINVAL;
	err = rename_gather(instance, &r, olddir, oldname, oldlen, newdir, newname, newlen);
	if (err < 0)
		return err;
	if (r.dst == r.src)
		return 0; /* two names of one inode: nothing happens, as on Linux */
	err = rename_check(&r);
	if (err < 0)
		return err;
	if (!r.dst && !(fresh = tmpfs_dirent_new(newname, newlen)))
		return -ENOMEM;
	rename_perform(instance, &r, fresh);
	return 0;
}
