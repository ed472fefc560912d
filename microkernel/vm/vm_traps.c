/* The virtual-memory traps, on any task the caller holds a task port for. Each works
 * on the task's map, held by a reference across the copies that may sleep (see
 * task/task.h), and copies its own input in before it looks anything up. */
#include <masque/error.h>
#include <masque/vm.h>
#include "arch/x86_64/layout.h"
#include "ipc/port.h"
#include "ipc/right.h"
#include "vm/kmem.h"
#include "vm/mo_view.h"
#include "vm/page.h"
#include "vm/pageout.h"
#include "vm/pager.h"
#include "kern/syscall.h"
#include "task/task.h"
#include "task/thread.h"
#include "vm/usercopy.h"
#include "vm/vm_map.h"
#include "vm/vm_object.h"

/* vm_read and vm_write copy with interrupts off: keep each call short. */
#define VM_COPY_MAX (64ull << 20)

/* The map of the task a name denotes, referenced: the caller releases it. */
static int lookup_map(port_name_t name, struct vm_map **m)
{
	struct task *t;
	int err = task_from_name(&current->task->space, name, &t);

	if (err)
		return err;
	*m = t->map;
	vm_map_ref(*m);
	task_release(t);
	return KERN_SUCCESS;
}

/* [addr, addr + size) rounded out to pages. */
static int page_range(uint64_t addr, uint64_t size, uint64_t *start, uint64_t *end)
{
	*start = page_round_down(addr);
	*end = page_round_up(addr + size);
	return !size || addr + size < addr || *end <= *start ? KERN_INVALID_ARGUMENT : KERN_SUCCESS;
}

/* A range operation on a task's map. */
static int64_t on_range(port_name_t task, uint64_t addr, uint64_t size, unsigned arg,
			int (*fn)(struct vm_map *, uint64_t, uint64_t, unsigned))
{
	struct vm_map *m;
	uint64_t start, end;
	int err = page_range(addr, size, &start, &end);

	if (err || (err = lookup_map(task, &m)))
		return err;
	err = fn(m, start, end, arg);
	vm_map_release(m);
	return err;
}

/* Map a (new, anonymous, when mo is NULL) object into m as args say; -> address. */
static int64_t map_object(struct vm_map *m, struct port *mo, const struct vm_map_args *a)
{
	uint64_t addr = a->addr, size = page_round_up(a->size);
	struct vm_object *o;
	int err;

	if ((a->flags & ~(VM_FIXED | VM_MAP_COPY)) || !a->size || a->size > VM_USER_TOP ||
	    !page_aligned(a->offset) || a->offset + size < a->offset ||
	    (a->protection & ~a->max_protection))
		return KERN_INVALID_ARGUMENT; /* before the pager hears of the object */
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
	struct vm_map_args a = { .addr = addr,
				 .size = size,
				 .flags = flags,
				 .protection = VM_PROT_READ | VM_PROT_WRITE,
				 .max_protection = VM_PROT_ALL,
				 .inheritance = VM_INHERIT_COPY };
	int64_t r = flags & ~VM_FIXED ? KERN_INVALID_ARGUMENT : lookup_map(task, &m);

	if (r)
		return r;
	r = map_object(m, NULL, &a);
	vm_map_release(m);
	return r;
}

/* The memory object port a name denotes (a send or receive right). */
static int lookup_object(port_name_t name, struct port **mo)
{
	struct cap *e = right_lookup(&current->task->space, name);

	if (!e)
		return KERN_INVALID_NAME;
	if (!(e->rights & (RIGHT_SEND | RIGHT_RECEIVE)))
		return e->rights & RIGHT_DEAD_NAME ? KERN_PORT_DEAD : KERN_INVALID_RIGHT;
	*mo = e->object;
	return KERN_SUCCESS;
}

int64_t sys_vm_map(port_name_t task, uaddr_t args)
{
	struct vm_map_args a;
	struct vm_map *m;
	struct port *mo = NULL;
	int64_t r = copyin(current->task->map, &a, args, sizeof(a));

	if (r || (r = lookup_map(task, &m)))
		return r;
	if (a.object != PORT_NULL && !(r = lookup_object(a.object, &mo)))
		mo = mo_view_object(mo, a.flags & VM_MAP_COPY, &a.max_protection);
	if (!r)
		r = map_object(m, mo, &a);
	vm_map_release(m);
	return r;
}

int64_t sys_vm_statistics(uaddr_t out)
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
		.reserve_pages = pageout_reserve(),
	};
	return copyout(current->task->map, out, &st, sizeof(st));
}

static int deallocate(struct vm_map *m, uint64_t start, uint64_t end, unsigned unused)
{
	(void)unused;
	return vm_map_remove(m, start, end);
}

int64_t sys_vm_deallocate(port_name_t task, uint64_t addr, uint64_t size)
{
	return on_range(task, addr, size, 0, deallocate);
}

static int protect(struct vm_map *m, uint64_t start, uint64_t end, unsigned protection)
{
	return vm_map_protect(m, start, end, protection & VM_PROT_ALL,
			      protection & VM_PROT_SET_MAX);
}

int64_t sys_vm_protect(port_name_t task, uint64_t addr, uint64_t size, uint32_t protection)
{
	if (protection & ~(VM_PROT_ALL | VM_PROT_SET_MAX))
		return KERN_INVALID_ARGUMENT;
	return on_range(task, addr, size, protection, protect);
}

int64_t sys_vm_inherit(port_name_t task, uint64_t addr, uint64_t size, uint32_t inheritance)
{
	return on_range(task, addr, size, inheritance, vm_map_inherit);
}

/* vm_read and vm_write: the copy sleeps on faults, holding the other map. */
static int64_t copy_with(port_name_t task, uint64_t size, int to_task, uint64_t task_addr,
			 uint64_t my_addr)
{
	struct vm_map *m, *mine = current->task->map;
	int err = size > VM_COPY_MAX ? KERN_INVALID_ARGUMENT : lookup_map(task, &m);

	if (err)
		return err;
	err = to_task ? copy_between(mine, my_addr, m, task_addr, size)
		      : copy_between(m, task_addr, mine, my_addr, size);
	vm_map_release(m);
	return err;
}

int64_t sys_vm_read(port_name_t task, uint64_t addr, uaddr_t buf, uint64_t size)
{
	return copy_with(task, size, 0, addr, buf);
}

int64_t sys_vm_write(port_name_t task, uint64_t addr, uaddr_t buf, uint64_t size)
{
	return copy_with(task, size, 1, addr, buf);
}

/* What vm_region tells of the region containing or following addr. */
static int region_info(struct vm_map *m, uint64_t addr, struct vm_region_info *out)
{
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
	for (struct vm_object *o = e->object; o; o = o->shadow) {
		info.depth++;
		info.external = vm_object_external(o);
	}
	*out = info;
	return KERN_SUCCESS;
}

int64_t sys_vm_region(port_name_t task, uint64_t addr, uaddr_t out)
{
	struct vm_map *m;
	struct vm_region_info info;
	int err = lookup_map(task, &m);

	if (err)
		return err;
	err = region_info(m, addr, &info);
	vm_map_release(m);
	return err ? err : copyout(current->task->map, out, &info, sizeof(info));
}

int64_t sys_vm_remap(port_name_t task, uint64_t addr, uint64_t size, uint64_t new_addr,
		     uint64_t new_size, uint32_t flags)
{
	struct vm_map *m;
	int64_t r =
		flags & ~(VM_FIXED | VM_REMAP_KEEP) ? KERN_INVALID_ARGUMENT : lookup_map(task, &m);

	if (r)
		return r;
	r = vm_map_remap(m, addr, page_round_up(size), &new_addr, page_round_up(new_size), flags);
	vm_map_release(m);
	return r ? r : (int64_t)new_addr;
}

int64_t sys_vm_share(port_name_t task, uint64_t addr, uint64_t size, port_name_t to)
{
	struct vm_map *from, *into;
	uint64_t start, end;
	int err = page_range(addr, size, &start, &end);

	if (err || (err = lookup_map(task, &from)))
		return err;
	if (!(err = lookup_map(to, &into))) {
		err = vm_map_share(from, start, end, into);
		vm_map_release(into);
	}
	vm_map_release(from);
	return err;
}

static int discard(struct vm_map *m, uint64_t start, uint64_t end, unsigned unused)
{
	(void)unused;
	return vm_map_discard(m, start, end);
}

int64_t sys_vm_discard(port_name_t task, uint64_t addr, uint64_t size)
{
	return on_range(task, addr, size, 0, discard);
}
