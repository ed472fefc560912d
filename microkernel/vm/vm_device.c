/* Memory for drivers: contiguous wired memory for DMA, and device memory mapped
 * uncached. Both need the host port. */
#include <masque/device.h>
#include <masque/error.h>
#include <masque/vm.h>
#include "ipc/port.h"
#include "kern/host.h"
#include "kern/syscall.h"
#include "task/task.h"
#include "task/thread.h"
#include "vm/page.h"
#include "vm/usercopy.h"
#include "vm/vm_map.h"
#include "vm/vm_object.h"

static unsigned order_of(uint64_t size)
{
	unsigned order = 0;

	while (((uint64_t)PAGE_SIZE << order) < size)
		order++;
	return order;
}

/* An object of contiguous, zeroed, wired pages; its first frame's address in *phys. */
static struct vm_object *dma_object(uint64_t size, uint64_t *phys)
{
	unsigned order = order_of(size);
	struct vm_page *block = page_alloc_zeroed(order);
	struct vm_object *o = block ? vm_object_create((uint64_t)PAGE_SIZE << order) : NULL;

	if (!o) {
		if (block)
			page_free(block, order);
		return NULL;
	}
	o->wired = 1;
	for (uint64_t i = 0; i < (1ull << order); i++) {
		block[i].order = 0; /* freed one by one, as any object's pages */
		vm_object_insert(o, i * PAGE_SIZE, &block[i]);
	}
	*phys = page_to_phys(block);
	return o;
}

int64_t sys_dma_allocate(port_name_t host, uint64_t size, uaddr_t out)
{
	struct dma_region r = { 0 };
	int err = host_check(host);

	if (err)
		return err;
	if (!size || size > DMA_SIZE_MAX)
		return KERN_INVALID_ARGUMENT;
	struct vm_object *o = dma_object(size, &r.phys);
	if (!o)
		return KERN_RESOURCE_SHORTAGE;
	struct vm_map *m = current->task->map;
	err = vm_map_enter(m, &r.addr, o->size, 0, o, 0, VM_PROT_READ | VM_PROT_WRITE,
			   VM_PROT_READ | VM_PROT_WRITE, VM_INHERIT_NONE);
	if (err) {
		vm_object_deallocate(o);
		return err;
	}
	if ((err = copyout(m, out, &r, sizeof(r)))) {
		vm_map_remove(m, r.addr, r.addr + o->size);
		return err;
	}
	return r.addr;
}

int64_t sys_vm_map_physical(port_name_t host, port_name_t task, uint64_t phys, uint64_t size)
{
	struct task *t;
	uint64_t addr = 0;
	int err = host_check(host);

	if (err)
		return err;
	if (!page_aligned(phys) || !size || phys + size < phys || phys + size > (1ull << 46))
		return KERN_INVALID_ARGUMENT;
	size = page_round_up(size);
	if (!page_range_is_device(phys, phys + size))
		return KERN_NO_ACCESS; /* RAM: another task's pages, or the kernel */
	if ((err = task_from_name(&current->task->space, task, &t)))
		return err;
	struct vm_object *o = vm_object_create(size);
	err = o ? KERN_SUCCESS : KERN_RESOURCE_SHORTAGE;
	if (o) {
		o->device = 1;
		o->phys = phys;
		err = vm_map_enter(t->map, &addr, size, 0, o, 0, VM_PROT_READ | VM_PROT_WRITE,
				   VM_PROT_READ | VM_PROT_WRITE, VM_INHERIT_NONE);
		if (err)
			vm_object_deallocate(o);
	}
	task_release(t);
	return err ? err : (int64_t)addr;
}
