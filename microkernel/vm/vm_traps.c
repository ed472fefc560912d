/* The virtual-memory traps, on any task the caller holds a task port for. */
#include <masque/error.h>
#include <masque/vm.h>
#include "arch/x86_64/layout.h"
#include "ipc/port.h"
#include "ipc/right.h"
#include "vm/kmem.h"
#include "vm/page.h"
#include "vm/pager.h"
#include "kern/syscall.h"
#include "task/task.h"
#include "task/thread.h"
#include "vm/usercopy.h"
#include "vm/vm_map.h"
#include "vm/vm_object.h"
/* vm_read and vm_write copy with interrupts off: keep each call short. */
#define VM_COPY_MAX (64ull << 20)

static int lookup_map(port_name_t name, struct vm_map **m)
{
	struct task *t;
	int err = kobject_lookup(&current->task->space, name, KOBJ_TASK, (void **)&t);

	if (!err && t->terminating)
		err = KERN_TERMINATED;
	if (!err)
		*m = t->map;
	return err;
}

/* The map of a task and [addr, addr + size) rounded out to pages. */
static int lookup_range(port_name_t task, uint64_t addr, uint64_t size, struct vm_map **m,
			uint64_t *start, uint64_t *end)
{
	int err = lookup_map(task, m);

	*start = page_round_down(addr);
	*end = page_round_up(addr + size);
	if (!err && (!size || addr + size < addr || *end <= *start))
		err = KERN_INVALID_ARGUMENT;
	return err;
}

/* Map a (new, anonymous, when mo is NULL) object into m as args say; -> address. */
static int64_t map_object(struct vm_map *m, struct port *mo, const struct vm_map_args *a)
{
	uint64_t addr = a->addr, size = page_round_up(a->size);
	struct vm_object *o;
	int err;

	if ((a->flags & ~(VM_FIXED | VM_MAP_COPY)) || !a->size || a->size > VM_USER_TOP ||
	    !page_aligned(a->offset) || a->offset + size < a->offset)
		return KERN_INVALID_ARGUMENT;
	if (!mo)
		err = (o = vm_object_create(size)) ? KERN_SUCCESS : KERN_RESOURCE_SHORTAGE;
	else
		err = pager_object(mo, a->offset + size, &o);
	if (err)
		return err;
	err = vm_map_enter(m, &addr, size, a->flags & VM_FIXED, o, a->offset, a->protection,
			   a->max_protection, a->inheritance);
	if (err) {
		vm_object_deallocate(o);
		return err;
	}
	if (a->flags & VM_MAP_COPY)
		vm_map_lookup(m, addr)->needs_copy = 1;
	return addr;
}

int64_t sys_vm_allocate(port_name_t task, uint64_t addr, uint64_t size, uint32_t flags)
{
	struct vm_map *m;
	int err = lookup_map(task, &m);
	struct vm_map_args a = { .addr = addr,
				 .size = size,
				 .flags = flags,
				 .protection = VM_PROT_READ | VM_PROT_WRITE,
				 .max_protection = VM_PROT_ALL,
				 .inheritance = VM_INHERIT_COPY };

	if (!err && (flags & ~VM_FIXED))
		err = KERN_INVALID_ARGUMENT;
	return err ? err : map_object(m, NULL, &a);
}

int64_t sys_vm_map(port_name_t task, const struct vm_map_args *args)
{
	struct vm_map_args a;
	struct vm_map *m;
	struct port *mo = NULL;
	int err = lookup_map(task, &m);

	if (!err)
		err = copyin(current->task->map, &a, (uint64_t)(uintptr_t)args, sizeof(a));
	if (!err && a.object != PORT_NULL) {
		struct cap *e = right_lookup(&current->task->space, a.object);
		if (!e)
			err = KERN_INVALID_NAME;
		else if (!(e->rights & (RIGHT_SEND | RIGHT_RECEIVE)))
			err = e->rights & RIGHT_DEAD_NAME ? KERN_PORT_DEAD : KERN_INVALID_RIGHT;
		else
			mo = e->object;
	}
	return err ? err : map_object(m, mo, &a);
}

int64_t sys_vm_statistics(struct vm_stats *out)
{
	struct vm_stats st = {
		.page_size = PAGE_SIZE,
		.total_pages = page_managed_count(),
		.free_pages = page_free_count(),
		.object_pages = vm_object_page_count(),
		.kernel_bytes = kmem_in_use(),
		.faults = vm_counters.faults,
		.zero_fills = vm_counters.zero_fills,
		.cow_copies = vm_counters.cow_copies,
		.pager_requests = vm_counters.pager_requests,
		.pageouts = vm_counters.pageouts,
	};
	return copyout(current->task->map, (uint64_t)(uintptr_t)out, &st, sizeof(st));
}

int64_t sys_vm_deallocate(port_name_t task, uint64_t addr, uint64_t size)
{
	struct vm_map *m;
	uint64_t start, end;
	int err = lookup_range(task, addr, size, &m, &start, &end);

	return err ? err : vm_map_remove(m, start, end);
}

int64_t sys_vm_protect(port_name_t task, uint64_t addr, uint64_t size, uint32_t protection)
{
	struct vm_map *m;
	uint64_t start, end;
	int err = lookup_range(task, addr, size, &m, &start, &end);

	if (!err && (protection & ~(VM_PROT_ALL | VM_PROT_SET_MAX)))
		err = KERN_INVALID_ARGUMENT;
	return err ? err
		   : vm_map_protect(m, start, end, protection & VM_PROT_ALL,
				    protection & VM_PROT_SET_MAX);
}

int64_t sys_vm_inherit(port_name_t task, uint64_t addr, uint64_t size, uint32_t inheritance)
{
	struct vm_map *m;
	uint64_t start, end;
	int err = lookup_range(task, addr, size, &m, &start, &end);

	return err ? err : vm_map_inherit(m, start, end, inheritance);
}

int64_t sys_vm_read(port_name_t task, uint64_t addr, void *buf, uint64_t size)
{
	struct vm_map *m;
	int err = lookup_map(task, &m);

	if (!err && size > VM_COPY_MAX)
		err = KERN_INVALID_ARGUMENT;
	return err ? err
		   : copy_between(m, addr, current->task->map, (uint64_t)(uintptr_t)buf, size);
}

int64_t sys_vm_write(port_name_t task, uint64_t addr, const void *buf, uint64_t size)
{
	struct vm_map *m;
	int err = lookup_map(task, &m);

	if (!err && size > VM_COPY_MAX)
		err = KERN_INVALID_ARGUMENT;
	return err ? err
		   : copy_between(current->task->map, (uint64_t)(uintptr_t)buf, m, addr, size);
}

int64_t sys_vm_region(port_name_t task, uint64_t addr, struct vm_region_info *out)
{
	struct vm_map *m;
	int err = lookup_map(task, &m);

	if (err)
		return err;
	struct vm_entry *e = vm_map_next(m, addr);
	if (!e)
		return KERN_INVALID_ADDRESS;
	struct vm_region_info info = {
		.start = e->start,
		.size = e->end - e->start,
		.protection = e->prot,
		.max_protection = e->max_prot,
		.inheritance = e->inherit,
		.shared = e->object->refs > 1 || e->needs_copy,
		.offset = e->offset,
		.resident_pages = vm_object_resident_in(e->object, e->offset, e->end - e->start),
	};
	for (struct vm_object *o = e->object; o; o = o->shadow)
		info.depth++;
	return copyout(current->task->map, (uint64_t)(uintptr_t)out, &info, sizeof(info));
}
