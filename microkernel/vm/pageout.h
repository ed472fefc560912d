/*
 * Memory pressure. Pages of memory objects are a cache: when free frames run short,
 * the least recently used pages go back to their pagers (anonymous memory to the
 * default pager, which the kernel then makes its pager) and their frames are reused.
 */
#ifndef VM_PAGEOUT_H
#define VM_PAGEOUT_H

#include <stdint.h>

struct vm_page;
struct vm_object;

void pageout_init(void);
/* A frame for a memory object's page (zeroed if zero), reclaiming one if memory is
 * short; NULL when nothing can be reclaimed (memory and swap are exhausted) or the
 * wait for a frame was aborted. */
struct vm_page *vm_page_grab(int zero);
/* How many free frames only system tasks may take. */
uint64_t pageout_reserve(void);
/* Whether the current task may take bytes of kernel memory for itself now: system
 * tasks always, the others only above the reserve (messages, for one). */
int pageout_may_allocate(uint64_t bytes);
/* A frame at once if the free count allows it, else NULL: neither waits nor evicts, so
 * what the caller looked at stays as it was. */
struct vm_page *vm_page_grab_now(int zero);
/* Reclaim frames, waiting while pageouts are under way; KERN_SUCCESS when a grab may
 * succeed, else why not. Pages may go and objects change meanwhile. */
int vm_page_wait(void);
/* The page cache's clock: pages join when they enter an object, leave when they go. */
void pageout_track(struct vm_page *p);
void pageout_untrack(struct vm_page *p);
/* A frame was freed (called by the page allocator). */
void pageout_frame_freed(struct vm_page *p);

#endif
