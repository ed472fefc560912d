/* Copies to and from user address spaces through the physmap. */
#include <masque/error.h>
#include <masque/vm.h>
#include <string.h>
#include "arch/x86_64/layout.h"
#include "vm/kmem.h"
#include "vm/page.h"
#include "vm/usercopy.h"
#include "task/task.h"
#include "task/thread.h"
#include "vm/vm_map.h"

/* What a copy reports when a fault on its way was refused: a shortage of memory or of
 * the task's quota, a pager that could not supply the page (or died), and a wait for
 * a page that thread_abort ended, as they are (the caller may free something, or
 * retry); anything else as a bad address. The MMU path and the page-table walk both
 * say it this way. */
int copy_error(int fault_err)
{
	switch (fault_err) {
	case KERN_RESOURCE_SHORTAGE:
	case KERN_MEMORY_ERROR:
	case KERN_ABORTED:
		return fault_err;
	default:
		return KERN_INVALID_ADDRESS;
	}
}

/* The kernel address of user address va in *out, made accessible for access first. */
static int user_address(struct vm_map *m, uint64_t va, unsigned access, void **out)
{
	uint64_t need = PTE_PRESENT | PTE_USER | (access & VM_PROT_WRITE ? PTE_WRITE : 0);
	uint64_t pte;
	int err;

	if (va >= VM_USER_TOP)
		return KERN_INVALID_ADDRESS;
	pte = pmap_lookup(&m->pmap, va);
	if ((pte & need) != need) {
		if ((err = vm_fault(m, va, access)))
			return copy_error(err);
		pte = pmap_lookup(&m->pmap, va);
	}
	uint64_t pa = pte & PTE_ADDR;
	if ((access & VM_PROT_WRITE) && (pa >> PAGE_SHIFT) < page_count)
		phys_to_page(pa)->dirty = 1; /* written behind the MMU's back */
	*out = (char *)phys_to_virt(pa) + (va & PAGE_MASK);
	return KERN_SUCCESS;
}

/* Run fn over the page-sized pieces of [va, va + len). */
static int each_piece(struct vm_map *m, uint64_t va, uint64_t len, unsigned access,
		      void (*fn)(void *user, void *kernel, uint64_t n), char *kbuf)
{
	if (va + len < va || va + len > VM_USER_TOP)
		return KERN_INVALID_ADDRESS;
	while (len) {
		uint64_t n = PAGE_SIZE - (va & PAGE_MASK);
		if (n > len)
			n = len;
		if (m->terminated) /* its task went while an earlier piece slept */
			return KERN_TERMINATED;
		void *u;
		int err = user_address(m, va, access, &u);
		if (err)
			return err;
		fn(u, kbuf, n);
		va += n, kbuf += n, len -= n;
	}
	return KERN_SUCCESS;
}

static void to_kernel(void *user, void *kernel, uint64_t n)
{
	memcpy(kernel, user, n);
}

static void to_user(void *user, void *kernel, uint64_t n)
{
	memcpy(user, kernel, n);
}

/* Another task's memory, or one whose copy the MMU path refused: through a walk of its
 * page tables, kept out of line so that the common case below stays a few
 * instructions (the IPC fast path copies twice a message). */
static __attribute__((noinline)) int copyin_walk(struct vm_map *m, void *dst, uint64_t src,
						 uint64_t len)
{
	return each_piece(m, src, len, VM_PROT_READ, to_kernel, dst);
}

static __attribute__((noinline)) int copyout_walk(struct vm_map *m, uint64_t dst, const void *src,
						  uint64_t len)
{
	return each_piece(m, dst, len, VM_PROT_WRITE, to_user, (char *)src);
}

/* The current task's memory is reached through the MMU itself. */
static int is_current(const struct vm_map *m)
{
	return current->task && m == current->task->map;
}

int copyin(struct vm_map *m, void *dst, uint64_t src, uint64_t len)
{
	if (__builtin_expect(!is_current(m), 0))
		return copyin_walk(m, dst, src, len);
	return copyin_current(dst, src, len);
}

int copyout(struct vm_map *m, uint64_t dst, const void *src, uint64_t len)
{
	if (__builtin_expect(!is_current(m), 0))
		return copyout_walk(m, dst, src, len);
	return copyout_current(dst, src, len);
}

int64_t copyin_string(struct vm_map *m, char *dst, uint64_t src, uint64_t max)
{
	for (uint64_t i = 0; i < max; i++) {
		const char *u;
		int err = src + i < src ? KERN_INVALID_ADDRESS
					: user_address(m, src + i, VM_PROT_READ, (void **)&u);
		if (err)
			return err;
		if (!(dst[i] = *u))
			return i;
	}
	return KERN_INVALID_ARGUMENT;
}

int copy_between(struct vm_map *from, uint64_t src, struct vm_map *to, uint64_t dst, uint64_t len)
{
	char *bounce = kmem_alloc(PAGE_SIZE); /* a fault may block: no shared buffer */
	int err = bounce ? KERN_SUCCESS : KERN_RESOURCE_SHORTAGE;

	while (len && !err) {
		uint64_t n = len < PAGE_SIZE ? len : PAGE_SIZE;
		err = copyin(from, bounce, src, n);
		if (!err)
			err = copyout(to, dst, bounce, n);
		src += n, dst += n, len -= n;
	}
	kmem_free(bounce, PAGE_SIZE);
	return err;
}

int user_writable_now(struct vm_map *m, uint64_t va, uint64_t len)
{
	uint64_t need = PTE_PRESENT | PTE_USER | PTE_WRITE;

	if (va + len < va || va + len > VM_USER_TOP)
		return 0;
	for (uint64_t page = page_round_down(va); page < va + len; page += PAGE_SIZE)
		if ((pmap_lookup(&m->pmap, page) & need) != need)
			return 0;
	return 1;
}
