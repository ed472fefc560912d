/* Virtual memory: protections, inheritance and the flags of the vm traps. */
#ifndef MASQUE_VM_H
#define MASQUE_VM_H

#include <masque/types.h>

#define VM_PROT_NONE	0
#define VM_PROT_READ	1
#define VM_PROT_WRITE	2
#define VM_PROT_EXEC	4
#define VM_PROT_ALL	7
#define VM_PROT_SET_MAX 0x100 /* vm_protect: lower the maximum protection instead */

#define VM_INHERIT_NONE	 0 /* absent from a task created from this blueprint */
#define VM_INHERIT_SHARE 1 /* the same memory in both tasks */
#define VM_INHERIT_COPY	 2 /* a copy-on-write copy */
#define VM_INHERIT_ZERO	 3 /* fresh zero-filled memory in its place (MADV_WIPEONFORK) */
/* vm_inherit: leave the range out of new tasks, its inheritance kept for when
 * VM_INHERIT_FORK puts it back (Linux's MADV_DONTFORK and MADV_DOFORK) */
#define VM_INHERIT_NOFORK 0x10
#define VM_INHERIT_FORK	  0x20

/* vm_allocate / vm_map flags */
#define VM_ANYWHERE 0x0 /* the kernel picks the address, at or above the hint */
#define VM_FIXED    0x1 /* exactly at the address given (it must be free) */
/* vm_remap: the old range stays mapped, with what vm_discard would leave there
 * (Linux's MREMAP_DONTUNMAP) */
#define VM_REMAP_KEEP 0x2

/* User space ends here; the last page below the canonical hole is left unmapped. */
#define VM_USER_MIN 0x10000ull /* the lowest mappable address (Linux's mmap_min_addr) */
#define VM_USER_TOP 0x00007ffffffff000ull

/* What vm_region reports of the region containing (or following) an address. */
struct vm_region_info {
	uint64_t start, size;
	uint32_t protection, max_protection;
	uint32_t inheritance;
	uint32_t shared;	 /* the object is mapped elsewhere too */
	uint64_t offset;	 /* into its memory object */
	uint64_t resident_pages; /* pages of its top object present in memory */
	uint32_t depth;		 /* objects in its copy-on-write chain (1: no copy) */
	uint32_t external;	 /* the chain ends in an external pager's object (a file's) */
};

/* What vm_statistics reports of physical memory. */
struct vm_stats {
	uint64_t page_size;
	uint64_t total_pages; /* managed by the kernel */
	uint64_t free_pages;
	uint64_t object_pages; /* in memory objects (the page cache) */
	uint64_t kernel_bytes; /* the kernel's own allocations */
	uint64_t faults;       /* page faults resolved */
	uint64_t zero_fills, cow_copies, pager_requests, pageouts;
	uint64_t reserve_pages; /* free frames only system tasks may take */
};

#endif
