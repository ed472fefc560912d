/*
 * The kernel side of the external pager protocol: messages to a memory object's
 * pager (interfaces/pager.defs: init, request, return, unlock, terminate; and
 * default_pager.defs: create) and the traps pagers call on the control port (supply,
 * error, lock).
 */
#include <masque/error.h>
#include <masque/pager.h>
#include <masque/vm.h>
#include <string.h>
#include "ipc/kmsg.h"
#include "ipc/port.h"
#include "ipc/right.h"
#include "kern/ledger.h"
#include "kern/syscall.h"
#include "sched/sched.h"
#include "task/task.h"
#include "task/thread.h"
#include "vm/kmem.h"
#include "kern/host.h"
#include "vm/page.h"
#include "vm/pageout.h"
#include "vm/pager.h"
#include "vm/usercopy.h"
#include "vm/vm_map.h"
#include "vm/vm_object.h"
#include "default_pager_ksend.h"
#include "pager_ksend.h"

#define RETURN_RUN_MAX 256	     /* pages in one pager.return message */
#define SUPPLY_MAX     (64ull << 20) /* bytes in one pager_supply */

/* A send right to the pager of o for a message, or NULL if the pager is gone. */
static struct port *to_pager(struct vm_object *o)
{
	if (!o->pager || !o->pager->active)
		return NULL;
	return port_make_send(o->pager);
}

/* Post a message built for a pager: KERN_MEMORY_ERROR if there is none (out of memory,
 * or the pager is gone). */
static int post(struct kmsg *k)
{
	if (!k)
		return KERN_MEMORY_ERROR;
	kmsg_post(k);
	return KERN_SUCCESS;
}

/* Give the pager of o its control port (pager.init). */
static void send_init(struct vm_object *o)
{
	struct port *dest = to_pager(o);

	if (dest)
		post(pager_init_kmsg(dest, TRANSIT_SEND, o->control, PAGE_SIZE));
}

int pager_object(struct port *mo, uint64_t size, struct vm_object **out)
{
	struct vm_object *o = mo->vm_object;

	if (!mo->active)
		return KERN_PORT_DEAD;
	if (mo->kobject_type != KOBJ_NONE)
		return KERN_INVALID_RIGHT;
	if (o) {
		vm_object_ref(o);
		if (size > o->size)
			o->size = size;
		*out = o;
		return KERN_SUCCESS;
	}
	if (!(o = vm_object_create(size)))
		return KERN_RESOURCE_SHORTAGE;
	if (!(o->control = port_alloc_kobject(KOBJ_PAGER, o))) {
		vm_object_deallocate(o);
		return KERN_RESOURCE_SHORTAGE;
	}
	o->pager = port_make_send(mo);
	mo->vm_object = o;
	send_init(o);
	*out = o;
	return KERN_SUCCESS;
}

int pager_request(struct vm_object *o, uint64_t offset, unsigned access)
{
	struct port *dest = to_pager(o);

	return post(dest ? pager_request_kmsg(dest, TRANSIT_SEND, offset, PAGE_SIZE, access)
			 : NULL);
}

int pager_unlock_request(struct vm_object *o, uint64_t offset, unsigned access)
{
	struct port *dest = to_pager(o);

	return post(dest ? pager_unlock_kmsg(dest, TRANSIT_SEND, offset, PAGE_SIZE, access) : NULL);
}

/* Send pages[0..n) (consecutive offsets) back: copies if keep, else the frames. */
static void send_return(struct vm_object *o, struct vm_page **pages, int n, int keep)
{
	uint64_t offset = pages[0]->offset;
	struct vm_object *r = vm_object_create((uint64_t)n * PAGE_SIZE);

	if (r)
		r->wired = 1; /* on its way to the pager: not to be paged out to it again */
	for (int i = 0; i < n && r; i++) {
		struct vm_page *p = pages[i];
		if (keep) {
			/* no waiting, no eviction: the caller's pages must stay as they are */
			struct vm_page *copy = vm_page_grab_now(0);
			if (!copy)
				break; /* memory is short: the rest stays dirty for a later clean */
			memcpy(page_to_virt(copy), page_to_virt(p), PAGE_SIZE);
			copy->dirty = 1;
			vm_object_insert(r, (uint64_t)i * PAGE_SIZE, copy);
			p->dirty = 0;
		} else {
			pmap_page_protect(p, VM_PROT_NONE);
			vm_object_remove(p);
			vm_object_insert(r, (uint64_t)i * PAGE_SIZE, p);
		}
	}
	struct port *dest = r ? to_pager(o) : NULL;
	uint32_t length = (uint32_t)n * PAGE_SIZE;
	struct kmsg *k =
		dest ? pager_return_kmsg(dest, TRANSIT_SEND, r, length, offset, length, keep)
		     : NULL;
	if (!k) {
		if (r)
			vm_object_deallocate(r); /* the pager is gone: the data with it */
		return;
	}
	kmsg_post(k);
}

static int by_offset(const struct vm_page *a, const struct vm_page *b)
{
	return a->offset < b->offset;
}

/* The resident, not busy pages of o in [start, end), by offset; *n of them. */
static struct vm_page **pages_in(struct vm_object *o, uint64_t start, uint64_t end, int *n)
{
	struct vm_page **v = kmem_alloc((o->resident + 1) * sizeof(*v));
	int count = 0;

	if (!v)
		return NULL;
	list_for_each(l, &o->pages)
	{
		struct vm_page *p = list_entry(l, struct vm_page, link);
		if (p->offset >= start && p->offset < end && !p->busy)
			v[count++] = p;
	}
	for (int gap = count / 2; gap > 0; gap /= 2) /* shell sort */
		for (int i = gap; i < count; i++)
			for (int j = i; j >= gap && by_offset(v[j], v[j - gap]); j -= gap) {
				struct vm_page *t = v[j];
				v[j] = v[j - gap];
				v[j - gap] = t;
			}
	*n = count;
	return v;
}

/* Return the dirty pages of [start, end) in runs; drop every page if flush. */
static int clean(struct vm_object *o, uint64_t start, uint64_t end, int flush)
{
	int n, run = 0;
	uint64_t cap = o->resident;
	struct vm_page **v = pages_in(o, start, end, &n);

	if (!v)
		return KERN_RESOURCE_SHORTAGE;
	for (int i = 0; i <= n; i++) {
		int dirty = i < n && pmap_page_test_dirty(v[i]);
		int joins = dirty && run && v[i]->offset == v[i - 1]->offset + PAGE_SIZE &&
			    run < RETURN_RUN_MAX;
		if (run && !joins) {
			send_return(o, v + i - run, run, !flush);
			run = 0;
		}
		if (dirty)
			run++;
	}
	if (flush)
		for (int i = 0; i < n; i++)
			if (v[i]->object == o)
				vm_object_free_page(v[i]);
	kmem_free(v, (cap + 1) * sizeof(*v));
	return KERN_SUCCESS;
}

int pager_page_out(struct vm_object *o, struct vm_page *p)
{
	if (!o->pager->active || (o->internal && vm_object_mark_out(o, p->offset)))
		return 0;
	send_return(o, &p, 1, 0);
	return 1;
}

int pager_create_default(struct vm_object *o)
{
	struct port *mo = port_alloc();

	if (!mo)
		return KERN_RESOURCE_SHORTAGE;
	mo->receiver = NULL; /* in transit to the default pager */
	struct kmsg *k =
		default_pager_create_kmsg(port_make_send(default_pager), TRANSIT_SEND, mo, o->size);
	if (!k) {
		port_destroy_receive(mo);
		port_release(mo);
		return KERN_RESOURCE_SHORTAGE;
	}
	mo->transit_dest = default_pager;
	if (!(o->control = port_alloc_kobject(KOBJ_PAGER, o))) {
		kmsg_destroy(k);
		return KERN_RESOURCE_SHORTAGE;
	}
	o->pager = port_make_send(mo);
	o->internal = 1;
	mo->vm_object = o;
	kmsg_post(k);
	send_init(o);
	return KERN_SUCCESS;
}

void pager_terminate(struct vm_object *o)
{
	clean(o, 0, UINT64_MAX, 1);
	struct port *dest = to_pager(o);
	if (dest)
		post(pager_terminate_kmsg(dest, TRANSIT_SEND));
	o->pager->vm_object = NULL;
	right_drop(o->pager, TRANSIT_SEND);
	o->pager = NULL;
	port_destroy_kobject(o->control);
	o->control = NULL;
}

/* The object whose control port a name in the caller's space denotes, referenced:
 * the caller releases it with vm_object_deallocate. */
static int lookup_control(port_name_t control, struct vm_object **o)
{
	int err = kobject_lookup(&current->task->space, control, KOBJ_PAGER, (void **)o);

	if (!err)
		vm_object_ref(*o);
	return err;
}

static int range_ok(uint64_t offset, uint64_t size, uint64_t max)
{
	return page_aligned(offset) && page_aligned(size) && size && size <= max &&
	       offset + size > offset;
}

/* Whom a page a pager supplied unasked, or locked, is charged to: the pager's task,
 * unless it is a system task (the default pager gives back pages swap cannot hold). */
static struct ledger *pager_ledger(void)
{
	return current->task->vm_privileged ? NULL : current->task->ledger;
}

/* Whether the pages of [offset, offset + size) that nobody asked for fit the
 * caller's quota: checked before anything is supplied. */
static int unasked_room(struct vm_object *o, uint64_t offset, uint64_t size)
{
	uint64_t unasked = 0;

	for (uint64_t off = offset; off < offset + size; off += PAGE_SIZE)
		unasked += !vm_object_page(o, off);
	return ledger_room(pager_ledger(), QUOTA_UNASKED_PAGES, unasked);
}

/* A page nobody waits for goes into the cache only within the pager's quota, so an
 * unprivileged pager cannot fill memory with pages it supplies; the charge lasts
 * until a fault uses the page or it leaves the cache. */
static int charge_unasked(struct vm_page *p)
{
	struct ledger *l = pager_ledger();
	int err = ledger_charge(l, QUOTA_UNASKED_PAGES, 1);

	if (!err && l) {
		ledger_ref(l);
		p->unasked = l;
	}
	return err;
}

/* Put the pager's data for one page into the cache. The grab and the copy may sleep,
 * so the frame is filled while it belongs to no object (a page still asked for is
 * taken out, its frame reused), then what o holds at off is looked at again; the
 * page is mapped only once it is in the object, after its data. */
static int supply_page(struct vm_object *o, uint64_t off, uint64_t data, uint32_t flags)
{
	struct vm_page *p = vm_object_page(o, off);
	int err;

	if (p && !p->busy)
		return KERN_SUCCESS; /* cached already: the pager's copy is not newer */
	if (p)
		vm_object_remove(p); /* waiters look again once woken */
	else if (!(p = vm_page_grab(0)))
		return KERN_RESOURCE_SHORTAGE;
	else if ((err = charge_unasked(p))) {
		page_free(p, 0);
		return err;
	}
	err = KERN_SUCCESS;
	if (flags & PAGER_SUPPLY_ZERO)
		memset(page_to_virt(p), 0, PAGE_SIZE);
	else
		err = copyin(current->task->map, page_to_virt(p), data, PAGE_SIZE);
	struct vm_page *now = vm_object_page(o, off);
	if (err || (now && !now->busy)) {
		vm_page_uncharge_unasked(p);
		page_free(p, 0); /* failed: whoever waits will ask again; or cached meanwhile */
		return err;
	}
	if (now) {
		vm_page_uncharge_unasked(p); /* asked for meanwhile: ours answers it */
		vm_object_free_page(now);
	}
	vm_object_insert(o, off, p);
	p->busy = p->error = 0;
	p->dirty = !!(flags & PAGER_SUPPLY_DIRTY);
	/* the default pager supplies dirty what swap cannot hold: such pages must stay.
	 * Any other pager's dirty pages go back to it like all others, so that it cannot
	 * pin memory by answering every request dirty. */
	if ((flags & PAGER_SUPPLY_DIRTY) && current->task->vm_privileged)
		o->keep_resident = 1;
	return KERN_SUCCESS;
}

int64_t sys_pager_supply(port_name_t control, uint64_t offset, uaddr_t data, uint64_t size,
			 uint32_t flags)
{
	struct vm_object *o;
	int err;

	if (!range_ok(offset, size, SUPPLY_MAX) ||
	    (flags & ~(PAGER_SUPPLY_ZERO | PAGER_SUPPLY_DIRTY)))
		return KERN_INVALID_ARGUMENT;
	if ((err = lookup_control(control, &o)))
		return err;
	if ((err = unasked_room(o, offset, size))) {
		vm_object_deallocate(o);
		return err;
	}
	for (uint64_t done = 0; done < size && !err; done += PAGE_SIZE)
		err = supply_page(o, offset + done, data + done, flags);
	thread_wakeup_all(&o->waiters, KERN_SUCCESS);
	vm_object_deallocate(o);
	return err;
}

/* The memory object port of o died with its pager: every page still asked for fails,
 * and the threads waiting on them wake to a memory error (later faults find no
 * pager to ask). */
void pager_port_died(struct vm_object *o)
{
	list_for_each(l, &o->pages)
	{
		struct vm_page *p = list_entry(l, struct vm_page, link);
		if (p->busy) {
			p->busy = 0;
			p->error = 1;
		}
	}
	thread_wakeup_all(&o->waiters, KERN_SUCCESS);
}

int64_t sys_pager_error(port_name_t control, uint64_t offset, uint64_t size)
{
	struct vm_object *o;
	int err;

	if (!range_ok(offset, size, UINT64_MAX))
		return KERN_INVALID_ARGUMENT;
	if ((err = lookup_control(control, &o)))
		return err;
	list_for_each(l, &o->pages)
	{
		struct vm_page *p = list_entry(l, struct vm_page, link);
		if (p->busy && p->offset >= offset && p->offset < offset + size) {
			p->busy = 0;
			p->error = 1;
		}
	}
	thread_wakeup_all(&o->waiters, KERN_SUCCESS);
	vm_object_deallocate(o);
	return KERN_SUCCESS;
}

static int in_range(const struct vm_page *p, uint64_t start, uint64_t end)
{
	return p->offset >= start && p->offset < end;
}

/* Lock out deny access to the resident pages of a range (0: unlock). A locked page
 * cannot leave memory, so an ordinary pager's locks are charged to it
 * (QUOTA_LOCKED_PAGES), checked for the whole range before anything is locked. */
static int lock_range(struct vm_object *o, uint64_t start, uint64_t end, unsigned deny)
{
	struct ledger *charge_to = pager_ledger();
	uint64_t newly = 0;
	int err;

	list_for_each(l, &o->pages)
	{
		struct vm_page *p = list_entry(l, struct vm_page, link);
		newly += in_range(p, start, end) && deny && !p->locked;
	}
	if ((err = ledger_room(charge_to, QUOTA_LOCKED_PAGES, newly)))
		return err;
	list_for_each(l, &o->pages)
	{
		struct vm_page *p = list_entry(l, struct vm_page, link);
		if (!in_range(p, start, end))
			continue;
		if (deny && !p->locked && charge_to &&
		    !ledger_charge(charge_to, QUOTA_LOCKED_PAGES, 1)) {
			ledger_ref(charge_to);
			p->locked = charge_to;
		} else if (!deny && p->locked) {
			vm_page_uncharge_locked(p);
		}
		p->lock = deny;
		if (deny)
			pmap_page_protect(p,
					  deny & VM_PROT_READ ? VM_PROT_NONE : VM_PROT_ALL & ~deny);
	}
	thread_wakeup_all(&o->waiters, KERN_SUCCESS);
	return KERN_SUCCESS;
}

int64_t sys_pager_lock(port_name_t control, uint64_t offset, uint64_t size, uint32_t flags,
		       uint32_t deny)
{
	struct vm_object *o;
	int err;

	if (!range_ok(offset, size, UINT64_MAX) ||
	    (flags & ~(PAGER_LOCK_CLEAN | PAGER_LOCK_FLUSH)) || (deny & ~VM_PROT_ALL))
		return KERN_INVALID_ARGUMENT;
	if ((err = lookup_control(control, &o)))
		return err;
	uint64_t end = offset + size;
	if (flags & (PAGER_LOCK_CLEAN | PAGER_LOCK_FLUSH))
		err = clean(o, offset, end, flags & PAGER_LOCK_FLUSH);
	if (!err && !(flags & PAGER_LOCK_FLUSH))
		err = lock_range(o, offset, end, deny);
	vm_object_deallocate(o);
	return err;
}
