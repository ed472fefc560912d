/*
 * The mount table: which volume covers which file or directory. Path walks cross a
 * mount point into the mounted volume's root, and ".." at that root back to the
 * directory that holds the mount point. A mount on the root of another covers it
 * (stacked mounts: the walk goes on to the top one). Mounts and unmounts propagate
 * between mounts as Linux's shared subtrees do (propagate.h).
 */
#ifndef FS_SERVER_MOUNT_H
#define FS_SERVER_MOUNT_H

#include "volume.h"

/* One mount: a volume shown on a file or directory of its parent, the mount whose
 * volume covered belongs to (the root's has none), with its propagation type. */
struct mount {
	struct volume *vol;   /* what it shows */
	struct node covered;  /* what it is mounted on */
	uint32_t dir;	      /* the directory that holds covered when that is a file (0: a
				directory, or not known) */
	char *where;	      /* the path it was mounted on, for the mount table */
	struct mount *peer;   /* the next of its peer group, a ring (itself when alone) */
	struct mount *master; /* a mount of the peer group it receives from, or NULL */
	int shared;	      /* what is mounted and unmounted on it goes to its peers */
	int unbindable;	      /* no bind may show a part of it */
	unsigned marks;	      /* MOUNT_*, for the one operation under way */
	struct mount *next;
};

#define MOUNT_NEW   1 /* made by the operation under way */
#define MOUNT_SEEN  2 /* visited by it */
#define MOUNT_GOING 4 /* to be unmounted by it */

/* How a clone of a mount takes part in propagation. */
enum mount_clone {
	MOUNT_CLONE_BIND,  /* as a bind: in the original's peer group if it is shared, and
			      slave of the original's master */
	MOUNT_CLONE_PEER,  /* in the original's peer group */
	MOUNT_CLONE_SLAVE, /* a slave of the original */
};

/* Mount vol on the directory covered (an inode reference is kept on it), with copies
 * where propagation asks; where is the path the mount table shows. On an error
 * nothing is mounted (vol stays the caller's). */
int mount_add(struct node covered, struct volume *vol, const char *where);
/* mount --bind: source, a file or directory, shown on on (of the same kind; dir holds
 * on when that is a file, else 0), with recursive the mounts below the source too, and
 * copies where propagation asks: -EINVAL if the source's mount is unbindable. */
int mount_bind(struct node on, uint32_t dir, struct node source, int recursive, const char *where);
/* Unmount the mount that shows vol, and the copies propagation takes with it
 * (propagate_unmount): -EBUSY, and nothing unmounted, if busy(the volume of one of
 * them), something is mounted on one, or a bind shows part of one. */
int mount_unmount(struct volume *vol, int (*busy)(const struct volume *vol));

/* The volume mounted on n, or NULL. */
struct volume *mount_over(struct node n);
/* Whether n's file is a mount point in any volume of its file system (a bind, a copy):
 * it cannot be removed or renamed over, as on Linux. */
int mount_covers(struct node n);
/* Whether something is mounted on a file or directory of vol, or a bind mount shows
 * part of it; mounts that are going count for nothing. */
int mount_any_on(const struct volume *vol);
/* Where vol is mounted: 1 and *covered, or 0 (the root volume, or not mounted). */
int mount_covered(const struct volume *vol, struct node *covered);
/* Whether the block device registered as name (or loop device "loopN") is the root's
 * or a mounted volume's: mounted twice, two caches would write over each other. */
int mount_device_in_use(const char *name);
/* Write back everything every mounted volume holds; 0 or the first error. */
int mount_sync_all(void);
/* Whether a mounted volume has anything to write back. */
int mount_any_dirty(void);
/* Unmount every mounted volume, whatever is open there (before the root goes); 0 or
 * the first error. */
int mount_unmount_all(void);
/* The mount table's lines of the volumes (the root first, then in the order they were
 * mounted), appended to out (of room bytes, *len used so far) as /proc/mounts writes
 * them. */
void mount_table(char *out, uint32_t room, uint32_t *len);

/* Every mount, the root's first: mount_first(), then mount_next(m) until NULL. */
struct mount *mount_first(void);
struct mount *mount_next(const struct mount *m);
/* The mount that shows vol, or NULL. */
struct mount *mount_of(const struct volume *vol);
/* Whether something is mounted on a file or directory of m's volume. */
int mount_has_children(const struct mount *m);
/* A clone of m's volume from its inode root (a directory or file of it), and with
 * tree of the mounts below root too, mounted on on (dir: as for mount_bind) and shown
 * as where; how says its peer group and master. The new mounts are marked MOUNT_NEW. */
int mount_clone(struct mount *m, uint32_t root, int tree, struct node on, uint32_t dir,
		const char *where, enum mount_clone how, struct mount **out);

#endif
