/* Rename: across directories, over an existing target of the same kind, never a
 * directory into its own subtree nor anything over a directory above it; "decide"
 * (rename_gather, rename_check) changes nothing, then "perform" adds the new name before
 * it removes the old one, so a crash between leaves two links (e2fsck fixes the count),
 * never none. */
#include <errno.h>
#include <string.h>
#include "fs.h"

/* Directories above any directory, at most: a longer ".." chain is a loop. */
#define MAX_DEPTH 4096

/* Whether directory `inside` is dir or below it: -EINVAL if so, following "..". */
static int check_not_below(struct ext2_fs *fs, uint32_t dir, uint32_t inside)
{
	struct dir_slot slot;
	struct node *n;
	uint32_t cur = inside;
	int depth, err;
	for (depth = 0; depth < MAX_DEPTH; depth++) {
		if (cur == dir)
			return -EINVAL;
		if (cur == EXT2_ROOT_INO)
			return 0;
		err = get_dir(fs, cur, &n);
		if (err >= 0) {
			err = dir_find(fs, n, "..", 2, &slot);
			node_put(fs, n);
		}
		if (err == -ENOENT || err == -ENOTDIR) {
			complain(fs, "directory without \"..\" above inode", inside);
			return -EUCLEAN;
		}
		if (err < 0)
			return err;
		cur = slot.ino;
	}
	complain(fs, "directory chain through \"..\" too deep from inode", inside);
	return -EUCLEAN;
}

struct rename {
	struct node *od, *nd, *src, *dst;
	struct dir_slot oslot, nslot, dotdot; /* dotdot: in src, when a directory moves */
};

/* What must hold before anything changes (decode, then perform). */
static int rename_check(struct ext2_fs *fs, struct rename *r)
{
	int moving_dir = node_is_dir(r->src) && r->od != r->nd, err = 0;
	if (moving_dir)
		err = check_not_below(fs, r->src->ino, r->nd->ino);
	if (err >= 0 && moving_dir)
		err = dir_find(fs, r->src, "..", 2, &r->dotdot);
	if (err == -ENOENT) {
		complain(fs, "directory without \"..\": inode", r->src->ino);
		err = -EUCLEAN;
	}
	if (err < 0)
		return err;
	if (!r->dst)
		return moving_dir && r->nd->raw.i_links_count >= EXT2_LINK_MAX ? -EMLINK : 0;
	/* a target above the source (its directory or further up) holds it: Linux says
	 * -ENOTEMPTY before it looks at the kinds, so a file over it is no -EISDIR */
	if (node_is_dir(r->dst) && (err = check_not_below(fs, r->dst->ino, r->od->ino)) < 0)
		return err == -EINVAL ? -ENOTEMPTY : err;
	if (node_is_dir(r->src) && !node_is_dir(r->dst))
		return -ENOTDIR;
	if (!node_is_dir(r->src) && node_is_dir(r->dst))
		return -EISDIR;
	if (!node_is_dir(r->dst))
		return 0;
	err = dir_is_empty(fs, r->dst);
	return err == 0 ? -ENOTEMPTY : err < 0 ? err : 0;
}

static int rename_perform(struct ext2_fs *fs, struct rename *r, const char *oldname, size_t oldlen,
			  const char *newname, size_t newlen)
{
	int moving_dir = node_is_dir(r->src) && r->od != r->nd, err;
	if (r->dst)
		err = dir_retarget(fs, r->nd, &r->nslot, r->src->ino, r->src->raw.i_mode);
	else
		err = dir_add(fs, r->nd, newname, newlen, r->src->ino, r->src->raw.i_mode);
	if (err >= 0 && r->dst && node_is_dir(r->dst))
		err = unlink_dir(fs, r->nd, r->dst);
	else if (err >= 0 && r->dst) {
		drop_link(fs, r->dst);
		err = node_write(fs, r->dst);
	}
	/* The old entry again: adding to the same directory may have moved it. */
	if (err >= 0)
		err = dir_find(fs, r->od, oldname, oldlen, &r->oslot);
	if (err >= 0)
		err = dir_remove(fs, r->od, &r->oslot);
	if (err >= 0 && moving_dir)
		err = dir_retarget(fs, r->src, &r->dotdot, r->nd->ino, EXT2_S_IFDIR);
	if (err >= 0 && moving_dir) {
		if (r->od->raw.i_links_count > 2)
			r->od->raw.i_links_count--;
		r->nd->raw.i_links_count++;
		err = node_write(fs, r->od);
		if (err >= 0)
			err = node_write(fs, r->nd);
	}
	node_touch(fs, r->src, TIME_CTIME);
	return err < 0 ? err : node_write(fs, r->src);
}

static void rename_release(struct ext2_fs *fs, struct rename *r)
{
	if (r->dst)
		node_put(fs, r->dst);
	if (r->src)
		node_put(fs, r->src);
	if (r->nd)
		node_put(fs, r->nd);
	if (r->od)
		node_put(fs, r->od);
}

static int rename_gather(struct ext2_fs *fs, struct rename *r, uint32_t olddir, const char *oldname,
			 size_t oldlen, uint32_t newdir, const char *newname, size_t newlen)
{
	int err = get_dir(fs, olddir, &r->od);
	if (err >= 0)
		err = get_dir(fs, newdir, &r->nd);
	if (err >= 0)
		err = dir_find(fs, r->od, oldname, oldlen, &r->oslot);
	if (err >= 0)
		err = node_get(fs, r->oslot.ino, &r->src);
	if (err < 0)
		return err;
	err = dir_find(fs, r->nd, newname, newlen, &r->nslot);
	if (err == -ENOENT)
		return 0;
	if (err >= 0)
		err = node_get(fs, r->nslot.ino, &r->dst);
	return err;
}

int ext2_rename(struct ext2_fs *fs, uint32_t olddir, const char *oldname, size_t oldlen,
		uint32_t newdir, const char *newname, size_t newlen)
{
	struct rename r = { 0 };
	int err;
	if (fs->read_only)
		return -EROFS;
	err = check_name(oldname, oldlen);
	if (err >= 0)
		err = check_name(newname, newlen);
	if (err < 0)
		return err;
	if (is_dot_or_dotdot(oldname, oldlen) || is_dot_or_dotdot(newname, newlen))
		return -EINVAL;
	err = rename_gather(fs, &r, olddir, oldname, oldlen, newdir, newname, newlen);
	if (err >= 0 && r.dst == r.src) {
		rename_release(fs, &r);
		return 0;
	}
	if (err >= 0)
		err = rename_check(fs, &r);
	if (err >= 0)
		err = rename_perform(fs, &r, oldname, oldlen, newname, newlen);
	rename_release(fs, &r);
	return err;
}
