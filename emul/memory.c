/*
 * The program's memory: the break, anonymous and file mappings, protection. Linux's
 * PROT_* bits are the kernel's VM_PROT_* bits; file mappings are the fs-server's
 * memory objects (it is their pager), shared or copied on write.
 */
#include <errno.h>
#include <fs.h>
#include <linux/mman.h>
#include <linux/resource.h>
#include <masque/page_size.h>
#include <masque/pager.h>
#include <masque/rights.h>
#include <masque/vm.h>
#include <self.h>
#include <trap.h>
#include "errno_of.h"
#include "fd.h"
#include "layout.h"
#include "process.h"
#include "syscall.h"
#include "vfork.h"

_Static_assert(PROT_READ == VM_PROT_READ && PROT_WRITE == VM_PROT_WRITE &&
		       PROT_EXEC == VM_PROT_EXEC,
	       "Linux's protection bits are the kernel's");

/* Whether [addr, addr + size) may be the program's: below emul and its stack top. */
static int program_range(uint64_t addr, uint64_t size)
{
	return addr < EMUL_BASE && size <= EMUL_BASE - addr;
}

/* Whether a region is data as Linux counts it for RLIMIT_DATA: private, writable, and
 * not the stack. */
static int is_data(const struct vm_region_info *r)
{
	return (r->protection & VM_PROT_WRITE) && r->inheritance != VM_INHERIT_SHARE &&
	       (r->start >= STACK_TOP || r->start + r->size <= STACK_TOP - STACK_SIZE);
}

/* Bytes mapped in [lo, hi), or only the data among them. */
static uint64_t mapped_in(uint64_t lo, uint64_t hi, int data_only)
{
	struct vm_region_info r;
	uint64_t total = 0;

	for (uint64_t at = lo; at < hi && vm_region(self_task, at, &r) == 0 && r.start < hi;
	     at = r.start + r.size) {
		uint64_t from = r.start > lo ? r.start : lo, to = r.start + r.size;
		if (!data_only || is_data(&r))
			total += (to < hi ? to : hi) - from;
	}
	return total;
}

/* Whether more bytes of the program's mappings fit under the soft limit of resource
 * (RLIMIT_AS: all it maps below emul, emul's own memory not the program's;
 * RLIMIT_DATA: its data). */
static int within(unsigned resource, uint64_t more)
{
	uint64_t limit = process_limit(resource);

	return !more || limit == RLIM_INFINITY ||
	       (more <= limit && mapped_in(0, EMUL_BASE, resource == RLIMIT_DATA) <= limit - more);
}

/* Whether more bytes of mappings, data_more of them data, keep the program within
 * RLIMIT_AS and RLIMIT_DATA. */
static int limits_allow(uint64_t more, uint64_t data_more)
{
	return within(RLIMIT_AS, more) && within(RLIMIT_DATA, data_more);
}

/* brk: the break moves within [brk_start, the next mapping); a failure leaves it
 * where it was, which is what the program sees (Linux returns the old break). */
SYSCALL1(brk, uint64_t, want)
{
	uint64_t have = page_round_up(process.brk), need = page_round_up(want);

	if (want < process.brk_start || want >= STACK_TOP - STACK_SIZE)
		return (int64_t)process.brk;
	if (need > have && (!limits_allow(need - have, need - have) ||
			    vm_allocate(self_task, have, need - have, VM_FIXED) < 0))
		return (int64_t)process.brk;
	if (need < have)
		vm_deallocate(self_task, need, have - need);
	vfork_mirror(need < have ? need : have, need < have ? have - need : need - have);
	process.brk = want;
	return (int64_t)want;
}

static int64_t map_anonymous(uint64_t addr, uint64_t size, uint32_t where, uint32_t flags)
{
	int64_t at = vm_allocate(self_task, addr, size, where);

	if (at >= 0 && (flags & MAP_TYPE) == MAP_SHARED)
		vm_inherit(self_task, (uint64_t)at, size, VM_INHERIT_SHARE);
	return at;
}

static int64_t map_file(uint64_t addr, uint64_t size, uint32_t prot, uint32_t where, uint32_t flags,
			int fd, uint64_t offset)
{
	port_name_t h = fd_handle(fd), object;
	int shared = (flags & MAP_TYPE) != MAP_PRIVATE;
	int64_t r;

	if (!h)
		return -EBADF;
	/* a shared mapping of a file open for writing may be made writable later (mprotect):
	 * its view must allow it; one open for reading only gets a view for reading */
	r = shared ? rpc_fs_map(h, 1, &object) : -EACCES;
	if (r == -EACCES && !(shared && (prot & PROT_WRITE)))
		r = rpc_fs_map(h, 0, &object);
	if (r < 0)
		return r == -EINVAL || r == -EISDIR ? -ENODEV : linux_result(r);
	struct vm_map_args a = {
		.addr = addr,
		.size = size,
		.offset = offset,
		.object = object,
		.flags = where | (shared ? 0 : VM_MAP_COPY),
		.protection = prot,
		.max_protection = VM_PROT_ALL,
		.inheritance = shared ? VM_INHERIT_SHARE : VM_INHERIT_COPY,
	};
	r = vm_map(self_task, &a);
	port_mod_refs(object, RIGHT_SEND, -1);
	return r;
}

SYSCALL6(mmap, uint64_t, addr, uint64_t, len, uint32_t, prot, uint32_t, flags, int, fd, uint64_t,
	 offset)
{
	uint64_t size = page_round_up(len);
	uint32_t type = flags & MAP_TYPE, where = VM_ANYWHERE;
	int data = (prot & PROT_WRITE) && type == MAP_PRIVATE;
	int64_t at;

	if (!len || !size || !page_aligned(offset) || prot & ~(uint32_t)VM_PROT_ALL)
		return -EINVAL;
	if (type != MAP_SHARED && type != MAP_PRIVATE &&
	    (type != MAP_SHARED_VALIDATE || (flags & MAP_ANONYMOUS)))
		return -EINVAL;
	if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
		if (!page_aligned(addr) || !program_range(addr, size))
			return -EINVAL;
		if (!limits_allow(size - mapped_in(addr, addr + size, 0),
				  data ? size - mapped_in(addr, addr + size, 1) : 0))
			return -ENOMEM; /* what MAP_FIXED replaces is counted already */
		where = VM_FIXED;
		if (flags & MAP_FIXED)
			vm_deallocate(self_task, addr, size);
	} else if (!limits_allow(size, data ? size : 0)) {
		return -ENOMEM;
	} else if (!addr || !program_range(addr, size)) {
		addr = MMAP_BASE;
	} else {
		addr = page_round_down(addr);
	}
	at = flags & MAP_ANONYMOUS ? map_anonymous(addr, size, where, flags)
				   : map_file(addr, size, prot, where, flags, fd, offset);
	if (at < 0)
		return at == KERN_NO_SPACE && (flags & MAP_FIXED_NOREPLACE) ? -EEXIST
									    : linux_result(at);
	if ((flags & MAP_ANONYMOUS) && prot != (VM_PROT_READ | VM_PROT_WRITE))
		vm_protect(self_task, (uint64_t)at, size, prot);
	vfork_mirror((uint64_t)at, size);
	return at;
}

SYSCALL2(munmap, uint64_t, addr, uint64_t, len)
{
	if (!page_aligned(addr) || !len || !program_range(addr, page_round_up(len)))
		return -EINVAL;
	int64_t r = vm_deallocate(self_task, addr, page_round_up(len));
	if (!r)
		vfork_mirror(addr, page_round_up(len));
	return linux_result(r);
}

SYSCALL3(mprotect, uint64_t, addr, uint64_t, len, uint32_t, prot)
{
	if (!page_aligned(addr) || prot & ~(uint32_t)VM_PROT_ALL ||
	    !program_range(addr, page_round_up(len)))
		return -EINVAL;
	if (!len)
		return 0;
	int64_t r = vm_protect(self_task, addr, page_round_up(len), prot);
	if (!r)
		vfork_mirror(addr, page_round_up(len));
	if (r == KERN_NO_ACCESS)
		return -EACCES; /* above what the mapping allows: a file's view for reading */
	return r == KERN_INVALID_ADDRESS ? -ENOMEM : linux_result(r);
}

/* Whether every page of [addr, end) is mapped. */
static int all_mapped(uint64_t addr, uint64_t end)
{
	struct vm_region_info r;

	while (addr < end) {
		if (vm_region(self_task, addr, &r) < 0 || r.start > addr)
			return 0;
		addr = r.start + r.size;
	}
	return 1;
}

/* msync: a file's mapped pages are the fs-server's own memory object, so read and
 * write already see every store; what is left is Linux's checks (EINVAL, ENOMEM for a
 * range with a hole). Making the pages durable on the disk is fsync's work. */
SYSCALL3(msync, uint64_t, addr, uint64_t, len, uint32_t, flags)
{
	uint64_t end = addr + page_round_up(len);

	if ((flags & ~(uint32_t)(MS_ASYNC | MS_INVALIDATE | MS_SYNC)) || !page_aligned(addr) ||
	    ((flags & MS_ASYNC) && (flags & MS_SYNC)))
		return -EINVAL;
	if (end < addr)
		return -ENOMEM;
	return all_mapped(addr, end) ? 0 : -ENOMEM;
}

/* Whether [addr, end) is the program's and mapped by regions of one protection and
 * inheritance: one Linux mapping, as far as mremap may tell (Linux merges such
 * neighbours, and refuses a range over two of its mappings). */
static int one_mapping(uint64_t addr, uint64_t end)
{
	struct vm_region_info first, r;

	if (!program_range(addr, end - addr) || vm_region(self_task, addr, &first) < 0 ||
	    first.start > addr)
		return 0;
	for (r = first; r.start + r.size < end;) {
		uint64_t next = r.start + r.size;
		if (vm_region(self_task, next, &r) < 0 || r.start != next ||
		    r.protection != first.protection || r.inheritance != first.inheritance)
			return 0;
	}
	return 1;
}

/* Linux's checks of mremap's arguments, in its order, before it looks at any mapping. */
static int remap_arguments(uint64_t addr, uint64_t old_size, uint64_t new_size, uint32_t flags,
			   uint64_t new_addr)
{
	if (flags & ~(uint32_t)(MREMAP_MAYMOVE | MREMAP_FIXED | MREMAP_DONTUNMAP) ||
	    !page_aligned(addr) || !new_size || new_size > VM_USER_TOP)
		return -EINVAL;
	if (!(flags & (MREMAP_FIXED | MREMAP_DONTUNMAP)))
		return 0;
	if (new_addr > VM_USER_TOP - new_size || !page_aligned(new_addr) ||
	    !(flags & MREMAP_MAYMOVE) || ((flags & MREMAP_DONTUNMAP) && old_size != new_size))
		return -EINVAL;
	if (addr + old_size > new_addr && new_addr + new_size > addr)
		return -EINVAL; /* the two ranges overlap */
	return program_range(new_addr, new_size) ? 0 : -EINVAL;
}

/* Move (or, in place, grow) [addr, addr + old_size) as new_size bytes: the kernel moves
 * the regions, so the pages go along (a private copy keeps its contents, a shared
 * file mapping still writes the file). */
static int64_t remap(uint64_t addr, uint64_t old_size, uint64_t to, uint64_t new_size,
		     uint32_t where)
{
	int64_t r = vm_remap(self_task, addr, old_size, to, new_size, where);

	return r == KERN_INVALID_ADDRESS ? -EFAULT : linux_result(r);
}

/* mremap to a new address: MREMAP_FIXED unmaps what was there, a shrink cuts first;
 * MREMAP_DONTUNMAP (new_addr only a hint without MREMAP_FIXED) leaves the old range
 * mapped, private memory there reading zeros (or the file) again. */
static int64_t remap_to(uint64_t addr, uint64_t old_size, uint64_t new_size, uint32_t flags,
			uint64_t new_addr)
{
	uint32_t where = flags & MREMAP_DONTUNMAP ? VM_REMAP_KEEP : 0;

	if (flags & MREMAP_FIXED) {
		vm_deallocate(self_task, new_addr, new_size);
		where |= VM_FIXED;
	} else if (!new_addr) {
		new_addr = MMAP_BASE;
	}
	if (new_size < old_size) {
		vm_deallocate(self_task, addr + new_size, old_size - new_size);
		old_size = new_size;
	}
	if (!one_mapping(addr, addr + old_size))
		return -EFAULT;
	return remap(addr, old_size, new_addr, new_size, where);
}

static int64_t move_or_resize(uint64_t addr, uint64_t old_len, uint64_t new_len, uint32_t flags,
			      uint64_t new_addr)
{
	uint64_t old_size = page_round_up(old_len), new_size = page_round_up(new_len);
	int64_t r = remap_arguments(addr, old_size, new_size, flags, new_addr);
	struct vm_region_info at;

	if (r)
		return r;
	if (!program_range(addr, 1) || vm_region(self_task, addr, &at) < 0 || at.start > addr)
		return -EFAULT;
	/* old_len 0: Linux duplicates a shared mapping (not done here), never a private one */
	if (!old_size)
		return -EINVAL;
	uint64_t more = flags & MREMAP_DONTUNMAP ? old_size
			: new_size > old_size	 ? new_size - old_size
						 : 0;
	if (!limits_allow(more, is_data(&at) ? more : 0))
		return -ENOMEM; /* growth, or the old range left mapped */
	if (flags & (MREMAP_FIXED | MREMAP_DONTUNMAP))
		return remap_to(addr, old_size, new_size, flags, new_addr);
	if (new_size <= old_size) {
		if (new_size < old_size)
			vm_deallocate(self_task, addr + new_size, old_size - new_size);
		return (int64_t)addr;
	}
	if (!one_mapping(addr, addr + old_size))
		return -EFAULT;
	r = remap(addr, old_size, addr, new_size, VM_FIXED);
	if (r != -ENOMEM || !(flags & MREMAP_MAYMOVE))
		return r;
	return remap(addr, old_size, MMAP_BASE, new_size, VM_ANYWHERE);
}

SYSCALL5(mremap, uint64_t, addr, uint64_t, old_len, uint64_t, new_len, uint32_t, flags, uint64_t,
	 new_addr)
{
	int64_t r = move_or_resize(addr, old_len, new_len, flags, new_addr);

	if (r >= 0) { /* where it was and where it is */
		vfork_mirror(addr, page_round_up(old_len));
		vfork_mirror((uint64_t)r, page_round_up(new_len));
	}
	return r;
}

/* Whether Linux knows the advice. The hints (access patterns, huge pages, dumps, KSM,
 * reclaim) change nothing here: pages come on demand and never merge. */
static int known_advice(int advice)
{
	switch (advice) {
	case MADV_NORMAL:
	case MADV_RANDOM:
	case MADV_SEQUENTIAL:
	case MADV_WILLNEED:
	case MADV_DONTNEED:
	case MADV_FREE:
	case MADV_DONTFORK:
	case MADV_DOFORK:
	case MADV_WIPEONFORK:
	case MADV_KEEPONFORK:
	case MADV_MERGEABLE:
	case MADV_UNMERGEABLE:
	case MADV_HUGEPAGE:
	case MADV_NOHUGEPAGE:
	case MADV_DONTDUMP:
	case MADV_DODUMP:
	case MADV_COLD:
	case MADV_PAGEOUT:
		return 1;
	default:
		return 0;
	}
}

/* What advice does to [from, to), mapped: DONTNEED and FREE drop the private pages
 * (anonymous memory reads zeros again, a private file mapping the file; shared memory
 * keeps its pages, which the next touch finds again); DONTFORK leaves the range out
 * of a fork's child, DOFORK puts it back; WIPEONFORK gives the child zeros there
 * (private anonymous memory only: else EINVAL), KEEPONFORK undoes it. */
static int64_t advise_mapped(uint64_t from, uint64_t to, int advice, const struct vm_region_info *r)
{
	switch (advice) {
	case MADV_FREE: /* private anonymous memory only */
		if (r->inheritance == VM_INHERIT_SHARE || r->external)
			return -EINVAL;
		return vm_discard(self_task, from, to - from) < 0 ? -ENOMEM : 0;
	case MADV_DONTNEED:
		return vm_discard(self_task, from, to - from) < 0 ? -ENOMEM : 0;
	case MADV_DONTFORK:
	case MADV_DOFORK:
		return vm_inherit(self_task, from, to - from,
				  advice == MADV_DONTFORK ? VM_INHERIT_NOFORK : VM_INHERIT_FORK) < 0
			       ? -ENOMEM
			       : 0;
	case MADV_WIPEONFORK: /* private anonymous memory only */
		if (r->inheritance == VM_INHERIT_SHARE || r->external)
			return -EINVAL;
		return vm_inherit(self_task, from, to - from, VM_INHERIT_ZERO) < 0 ? -ENOMEM : 0;
	case MADV_KEEPONFORK:
		if (r->inheritance != VM_INHERIT_ZERO)
			return 0;
		return vm_inherit(self_task, from, to - from, VM_INHERIT_COPY) < 0 ? -ENOMEM : 0;
	default:
		return 0;
	}
}

/* Apply advice to the mapped parts of [addr, end): -ENOMEM if it has holes (Linux
 * still advises the rest). */
static int64_t advise(uint64_t addr, uint64_t end, int advice)
{
	struct vm_region_info r;
	int64_t result = 0;

	while (addr < end) {
		if (vm_region(self_task, addr, &r) < 0 || r.start >= end)
			return -ENOMEM;
		if (r.start > addr)
			result = -ENOMEM;
		uint64_t from = r.start > addr ? r.start : addr, to = r.start + r.size;
		to = to < end ? to : end;
		int64_t err = advise_mapped(from, to, advice, &r);
		if (err)
			return err;
		addr = to;
	}
	return result;
}

SYSCALL3(madvise, uint64_t, addr, uint64_t, len, int, advice)
{
	uint64_t size = page_round_up(len);

	if (!known_advice(advice) || !page_aligned(addr) || (len && !size) || addr + size < addr)
		return -EINVAL;
	if (!size)
		return 0;
	if (!program_range(addr, size))
		return -ENOMEM;
	return advise(addr, addr + size, advice);
}
