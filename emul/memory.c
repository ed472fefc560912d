/*
 * The program's memory: the break, anonymous and file mappings, protection. Linux's
 * PROT_* bits are the kernel's VM_PROT_* bits; file mappings are the fs-server's
 * memory objects (it is their pager), shared or copied on write.
 */
#include <errno.h>
#include <fs.h>
#include <linux/mman.h>
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

_Static_assert(PROT_READ == VM_PROT_READ && PROT_WRITE == VM_PROT_WRITE &&
		       PROT_EXEC == VM_PROT_EXEC,
	       "Linux's protection bits are the kernel's");

/* brk: the break moves within [brk_start, the next mapping); a failure leaves it
 * where it was, which is what the program sees (Linux returns the old break). */
SYSCALL1(brk, uint64_t, want)
{
	uint64_t have = page_round_up(process.brk), need = page_round_up(want);

	if (want < process.brk_start || want >= STACK_TOP - STACK_SIZE)
		return (int64_t)process.brk;
	if (need > have && vm_allocate(self_task, have, need - have, VM_FIXED) < 0)
		return (int64_t)process.brk;
	if (need < have)
		vm_deallocate(self_task, need, have - need);
	process.brk = want;
	return (int64_t)want;
}

/* Whether [addr, addr + size) may be the program's: below emul and its stack top. */
static int program_range(uint64_t addr, uint64_t size)
{
	return addr < EMUL_BASE && size <= EMUL_BASE - addr;
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
	r = rpc_fs_map(h, shared && (prot & PROT_WRITE), &object);
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
	int64_t at;

	if (!len || !size || !page_aligned(offset) || prot & ~(uint32_t)VM_PROT_ALL)
		return -EINVAL;
	if (type != MAP_SHARED && type != MAP_PRIVATE &&
	    (type != MAP_SHARED_VALIDATE || (flags & MAP_ANONYMOUS)))
		return -EINVAL;
	if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
		if (!page_aligned(addr) || !program_range(addr, size))
			return -EINVAL;
		where = VM_FIXED;
		if (flags & MAP_FIXED)
			vm_deallocate(self_task, addr, size);
	} else if (!addr || !program_range(addr, size))
		addr = MMAP_BASE;
	else
		addr = page_round_down(addr);
	at = flags & MAP_ANONYMOUS ? map_anonymous(addr, size, where, flags)
				   : map_file(addr, size, prot, where, flags, fd, offset);
	if (at < 0)
		return at == KERN_NO_SPACE && (flags & MAP_FIXED_NOREPLACE) ? -EEXIST
									    : linux_result(at);
	if ((flags & MAP_ANONYMOUS) && prot != (VM_PROT_READ | VM_PROT_WRITE))
		vm_protect(self_task, (uint64_t)at, size, prot);
	return at;
}

SYSCALL2(munmap, uint64_t, addr, uint64_t, len)
{
	if (!page_aligned(addr) || !len || !program_range(addr, page_round_up(len)))
		return -EINVAL;
	return linux_result(vm_deallocate(self_task, addr, page_round_up(len)));
}

SYSCALL3(mprotect, uint64_t, addr, uint64_t, len, uint32_t, prot)
{
	if (!page_aligned(addr) || prot & ~(uint32_t)VM_PROT_ALL ||
	    !program_range(addr, page_round_up(len)))
		return -EINVAL;
	if (!len)
		return 0;
	int64_t r = vm_protect(self_task, addr, page_round_up(len), prot);
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
