/*
 * The mount table: which volume covers which directory. Path walks cross a mount
 * point into the mounted volume's root, and ".." at that root back to the directory
 * that holds the mount point.
 */
#ifndef FS_SERVER_MOUNT_H
#define FS_SERVER_MOUNT_H

#include "volume.h"

/* Mount vol on the directory covered (an inode reference is kept on it); where is the
 * path the mount table shows. */
int mount_add(struct node covered, struct volume *vol, const char *where);
/* The volume mounted on n, or NULL. */
struct volume *mount_over(struct node n);
/* Whether something is mounted on a file or directory of vol, or a bind mount shows
 * part of it. */
int mount_any_on(const struct volume *vol);
/* Where vol is mounted: 1 and *covered, or 0 (the root volume, or not mounted). */
int mount_covered(const struct volume *vol, struct node *covered);
/* Whether the block device registered as name (or loop device "loopN") is the root's
 * or a mounted volume's: mounted twice, two caches would write over each other. */
int mount_device_in_use(const char *name);
/* Take vol out of the table (it is unmounted by the caller). */
void mount_remove(struct volume *vol);
/* Write back everything every mounted volume holds; 0 or the first error. */
int mount_sync_all(void);
/* Whether a mounted volume has anything to write back. */
int mount_any_dirty(void);
/* Unmount every mounted volume, whatever is open there (before the root goes); 0 or
 * the first error. */
int mount_unmount_all(void);
/* The mount table's lines of the volumes (the root first), appended to out (of room
 * bytes, *len used so far) as /proc/mounts writes them. */
void mount_table(char *out, uint32_t room, uint32_t *len);

#endif
