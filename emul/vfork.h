/* vfork's shared memory and the parent's wait (vfork.c). */
#ifndef EMUL_VFORK_H
#define EMUL_VFORK_H

#include <stdint.h>

/* Before the fork: the program's memory (below emul) to be shared with the child, not
 * copied (or, past REGIONS_MAX regions or when memory runs out, copied as by fork:
 * the parent still waits, and a correct program sees no difference). */
void vfork_share(void);

/* After the fork, in parent and child alike: each region passes to later children as
 * it did before vfork_share. */
void vfork_unshare(void);

/* A vfork's child, after a change to [addr, addr + size) of its memory (mmap, munmap,
 * mprotect, mremap, brk): its parent's is the same from then on, as on Linux. */
void vfork_mirror(uint64_t addr, uint64_t size);

/* The parent: wait until child pid has exec'd or ended. */
void vfork_wait(int32_t pid);

/* The child: it no longer uses its parent's memory (exec); the parent goes on. */
void vfork_release(void);

#endif
