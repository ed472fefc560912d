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

/* The kernel address of user address va, made accessible for access first. */
static void *user_address(struct vm_map *m, uint64_t va, unsigned access)
{
	uint64_t need = PTE_PRESENT | PTE_USER | (access & VM_PROT_WRITE ? PTE_WRITE : 0);
	uint64_t pte;

	if (va >= VM_USER_TOP)
		return NULL;
	pte = pmap_lookup(&m->pmap, va);
	if ((pte & need) != need) {
		if (vm_fault(m, va, access) != KERN_SUCCESS)
			return NULL;
		pte = pmap_lookup(&m->pmap, va);
	}
	uint64_t pa = pte & PTE_ADDR;
	if ((access & VM_PROT_WRITE) && (pa >> PAGE_SHIFT) < page_count)
		phys_to_page(pa)->dirty = 1; /* written behind the MMU's back */
	return (char *)phys_to_virt(pa) + (va & (PAGE_SIZE - 1));
}

/* Run fn over the page-sized pieces of [va, va + len). */
static int each_piece(struct vm_map *m, uint64_t va, uint64_t len, unsigned access,
		      void (*fn)(void *user, void *kernel, uint64_t n), char *kbuf)
{
	if (va + len < va || va + len > VM_USER_TOP)
		return KERN_INVALID_ADDRESS;
	while (len) {
		uint64_t n = PAGE_SIZE - (va & (PAGE_SIZE - 1));
		if (n > len)
			n = len;
		if (m->terminated) /* its task went while an earlier piece slept */
			return KERN_TERMINATED;
		void *u = user_address(m, va, access);
		if (!u)
			return KERN_INVALID_ADDRESS;
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

/* The current task's memory is reached through the MMU itself; another task's
 * through a walk of its page tables. */
static int is_current(const struct vm_map *m)
{
	return current->task && m == current->task->map;
}

int copyin(struct vm_map *m, void *dst, uint64_t src, uint64_t len)
{
	if (!is_current(m))
		return each_piece(m, src, len, VM_PROT_READ, to_kernel, dst);
	if (src + len < src || src + len > VM_USER_TOP)
		return KERN_INVALID_ADDRESS;
	return user_copy(dst, (const void *)src, len) ? KERN_INVALID_ADDRESS : KERN_SUCCESS;
}

int copyout(struct vm_map *m, uint64_t dst, const void *src, uint64_t len)
{
	if (!is_current(m))
		return each_piece(m, dst, len, VM_PROT_WRITE, to_user, (char *)src);
	if (dst + len < dst || dst + len > VM_USER_TOP)
		return KERN_INVALID_ADDRESS;
	return user_copy((void *)dst, src, len) ? KERN_INVALID_ADDRESS : KERN_SUCCESS;
}

int64_t copyin_string(struct vm_map *m, char *dst, uint64_t src, uint64_t max)
{
	for (uint64_t i = 0; i < max; i++) {
		const char *u = user_address(m, src + i, VM_PROT_READ);
		if (!u || src + i < src)
			return KERN_INVALID_ADDRESS;
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
	for (uint64_t page = va & ~(uint64_t)(PAGE_SIZE - 1); page < va + len; page += PAGE_SIZE)
		if ((pmap_lookup(&m->pmap, page) & need) != need)
			return 0;
	return 1;
}
