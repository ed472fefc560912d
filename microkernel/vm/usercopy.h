/*
 * The kernel's only access to user memory: copies through the physmap after a
 * software walk of the target's page tables, faulting pages in as a user access
 * would. No user pointer is ever dereferenced, so a bad one is an error, not a
 * kernel fault, and any task's memory can be reached, not just the current one's.
 */
#ifndef VM_USERCOPY_H
#define VM_USERCOPY_H

#include <stdint.h>

struct vm_map;

int copyin(struct vm_map *m, void *dst, uint64_t src, uint64_t len);
int copyout(struct vm_map *m, uint64_t dst, const void *src, uint64_t len);
/* Copy a NUL-terminated string of at most max bytes (NUL included); returns its
 * length or an error (KERN_INVALID_ARGUMENT if unterminated). */
int64_t copyin_string(struct vm_map *m, char *dst, uint64_t src, uint64_t max);
/* Copy len bytes from one address space to another. */
int copy_between(struct vm_map *from, uint64_t src, struct vm_map *to, uint64_t dst, uint64_t len);

#endif
