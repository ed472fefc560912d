/*
 * Page faults, in the seed's four steps: (1) find the region and check the access
 * against its protection, (2) find the page in the object chain (the page cache),
 * zero-filling where no object has it, (3) make the copy a write to a copy-on-write
 * page needs, (4) enter the mapping in the page tables.
 */
#include <masque/error.h>
#include <masque/vm.h>
#include <string.h>
#include "kern/console.h"
#include "vm/page.h"
#include "vm/vm_map.h"
#include "vm/vm_object.h"

/* Step 2: the first object of the chain that has the page at off, or a zero page
 * placed in the top object when none has it. */
static int find_page(struct vm_object *top, uint64_t off, struct vm_page **out)
{
	struct vm_object *o = top;
	uint64_t o_off = off;

	for (;;) {
		struct vm_page *p = vm_object_page(o, o_off);
		if (p) {
			*out = p;
			return KERN_SUCCESS;
		}
		if (!o->shadow)
			break;
		o_off += o->shadow_offset;
		o = o->shadow;
	}
	struct vm_page *p = page_alloc_zeroed(0);
	if (!p)
		return KERN_RESOURCE_SHORTAGE;
	vm_object_insert(top, off, p);
	*out = p;
	return KERN_SUCCESS;
}

/* Step 3: copy a page found below the top object into it, for a write. */
static int copy_up(struct vm_object *top, uint64_t off, struct vm_page **page)
{
	struct vm_page *copy = page_alloc(0);

	if (!copy)
		return KERN_RESOURCE_SHORTAGE;
	memcpy(page_to_virt(copy), page_to_virt(*page), PAGE_SIZE);
	/* whoever maps the original through top must now see the copy */
	pmap_page_protect(*page, VM_PROT_NONE);
	vm_object_insert(top, off, copy);
	*page = copy;
	vm_object_collapse(top);
	return KERN_SUCCESS;
}

int vm_fault(struct vm_map *m, uint64_t addr, unsigned access)
{
	struct vm_entry *e = vm_map_lookup(m, addr &= ~(uint64_t)(PAGE_SIZE - 1));
	struct vm_page *p;
	int err;

	if (!e)
		return KERN_INVALID_ADDRESS;
	if ((access & e->prot) != access)
		return KERN_NO_ACCESS;
	if ((access & VM_PROT_WRITE) && e->needs_copy && (err = vm_entry_shadow(e)))
		return err;
	uint64_t off = e->offset + (addr - e->start);
	if ((err = find_page(e->object, off, &p)))
		return err;
	unsigned prot = e->prot;
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
	return pmap_enter(&m->pmap, addr, page_to_phys(p), prot, 0);
}
