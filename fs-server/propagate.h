/*
 * The propagation of mounts, as Linux's shared subtrees
 * (Documentation/filesystems/sharedsubtree.rst): what is mounted or unmounted on a
 * shared mount is on its peers too, and on its peer group's slaves, which receive but
 * do not send. A peer group is a ring of struct mount (mount.h); a slave points at a
 * mount of the group it receives from.
 */
#ifndef FS_SERVER_PROPAGATE_H
#define FS_SERVER_PROPAGATE_H

#include <stdint.h>
#include "mount.h"

/* Give n, just mounted with the mounts below it (all marked MOUNT_NEW), what its
 * parent asks: when the parent is shared, n and the mounts below it are shared too, and
 * every mount that receives from the parent's peer group and sees n's place gets a copy
 * of them there (unless something is mounted there already: Linux would put the copy
 * under it); the copies are marked MOUNT_NEW. */
int propagate_mount(struct mount *n);
/* Mark MOUNT_GOING what goes with m when it is unmounted: when its parent is shared,
 * the mounts at m's place in every mount that receives from the parent's peer group,
 * those with nothing mounted on them. */
void propagate_unmount(struct mount *m);
/* Make m (with recursive, every mount below it too) MS_SHARED, MS_SLAVE (of its peer
 * group, if it has peers), MS_PRIVATE or MS_UNBINDABLE (private, and no bind may show
 * part of it), as mount(2) does. */
void propagate_set(struct mount *m, uint32_t type, int recursive);
/* Whether a is a peer of b (or b itself). */
int propagate_peers(const struct mount *a, const struct mount *b);
/* m leaves its peer group and its master (it is private): its slaves receive from a
 * peer of it, or from its master. */
void propagate_forget(struct mount *m);

#endif
