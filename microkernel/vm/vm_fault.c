/*
 * Page faults, in the seed's four steps: (1) find the region and check the access
 * against its protection, (2) find the page in the object chain (the page cache),
 * asking the object's pager when it has one and zero-filling where no object has the
 * page, (3) make the copy a write to a copy-on-write page needs, (4) enter the mapping
 * in the page tables. A fault that had to wait (for a pager, for a busy page, for a
 * free frame) starts again from step 1, since the map may have changed meanwhile;
 * so does one that had to reclaim frames, which may take the very pages it found.
 */
#include <masque/error.h>
#include <masque/vm.h>
#include <string.h>
#include "kern/console.h"
#include "sched/sched.h"
#include "vm/page.h"
#include "vm/pageout.h"
#include "vm/pager.h"
#include "vm/vm_map.h"
#include "vm/vm_object.h"

#define RETRY 1 /* find_page waited: start the fault again */

struct vm_counters vm_counters;

/* Wait for a change to o's pages, holding it alive meanwhile. */
static int wait_on(struct vm_object *o)
{
	vm_object_ref(o);
	int err = thread_block(&o->waiters, 0);
	vm_object_deallocate(o);
	return err ? err : RETRY;
}

/* A free frame at once; or RETRY once frames were reclaimed or waited for. */
static int grab(int zero, struct vm_page **out)
{
	if ((*out = vm_page_grab_now(zero)))
		return KERN_SUCCESS;
	int err = vm_page_wait();
	return err ? err : RETRY;
}

/* Ask o's pager for the page at off, wait for it. */
static int page_in(struct vm_object *o, uint64_t off, unsigned access)
{
	struct vm_page *p;
	int err = grab(0, &p);

	if (err)
		return err;
	p->busy = 1;
	vm_object_insert(o, off, p);
	vm_counters.pager_requests++;
	err = pager_request(o, off, access);
	if (err) {
		vm_object_free_page(p);
		return err;
	}
	return wait_on(o);
}

/* A resident page of the chain: usable, or a reason to wait or fail. */
static int check_page(struct vm_object *o, struct vm_page *p, unsigned access)
{
	if (p->busy)
		return wait_on(o);
	if (p->error) {
		vm_object_free_page(p); /* the next fault asks again */
		return KERN_MEMORY_ERROR;
	}
	if (p->lock & access) {
		int err = pager_unlock_request(o, p->offset, access);
		return err ? err : wait_on(o);
	}
	if (p->unasked)
		vm_page_uncharge_unasked(p); /* read ahead well: wanted after all */
	return KERN_SUCCESS;
}

/* Step 2: the first object of the chain that has the page at off; a zero page placed
 * in the top object when no object has it and none has a pager. */
static int find_page(struct vm_object *top, uint64_t off, unsigned access, struct vm_page **out)
{
	struct vm_object *o = top;
	uint64_t o_off = off;

	for (;;) {
		struct vm_page *p = vm_object_page(o, o_off);
		if (p) {
			int err = check_page(o, p, access);
			*out = p;
			return err;
		}
		if (o->pager && (!o->internal || vm_object_was_out(o, o_off)))
			return page_in(o, o_off, access);
		if (!o->shadow)
			break;
		o_off += o->shadow_offset;
		o = o->shadow;
	}
	struct vm_page *p;
	int err = grab(1, &p);
	if (err)
		return err;
	vm_object_insert(top, off, p);
	vm_counters.zero_fills++;
	*out = p;
	return KERN_SUCCESS;
}

/* Step 3: copy a page found below the top object into it, for a write. */
static int copy_up(struct vm_object *top, uint64_t off, struct vm_page **page)
{
	struct vm_page *copy;
	int err = grab(0, &copy);

	if (err)
		return err;
	memcpy(page_to_virt(copy), page_to_virt(*page), PAGE_SIZE);
	copy->dirty = 1; /* written behind the MMU's back */
	/* whoever maps the original through top must now see the copy */
	pmap_page_protect(*page, VM_PROT_NONE);
	vm_object_insert(top, off, copy);
	*page = copy;
	vm_counters.cow_copies++;
	vm_object_collapse(top);
	return KERN_SUCCESS;
}

static int fault_once(struct vm_map *m, uint64_t addr, unsigned access)
{
	struct vm_entry *e = vm_map_lookup(m, addr);
	struct vm_page *p = NULL;
	int err;

	if (!e)
		return KERN_INVALID_ADDRESS;
	if ((access & e->prot) != access)
		return KERN_NO_ACCESS;
	if ((access & VM_PROT_WRITE) && e->needs_copy && (err = vm_entry_shadow(e)))
		return err;
	uint64_t off = e->offset + (addr - e->start);
	if (e->object->device)
		return pmap_enter(&m->pmap, addr, e->object->phys + off, e->prot, PTE_NOCACHE);
	if ((err = find_page(e->object, off, access, &p)))
		return err;
	unsigned prot = e->prot & ~p->lock;
	if (p->object != e->object) {
		if (access & VM_PROT_WRITE) {
			if ((err = copy_up(e->object, off, &p)))
				return err;
		} else {
			prot &= ~VM_PROT_WRITE;
		}
	} else if (e->needs_copy) {
		prot &= ~VM_PROT_WRITE;
	}
	vm_counters.faults++;
	return pmap_enter(&m->pmap, addr, page_to_phys(p), prot, 0);
}

int vm_fault(struct vm_map *m, uint64_t addr, unsigned access)
{
	int err;

	addr = page_round_down(addr);
	while ((err = fault_once(m, addr, access)) == RETRY)
		;
	return err;
}
