/*
 * Out-of-line message memory. A large page-aligned range inside one region of
 * anonymous memory travels copy-on-write: the message holds a new object shadowing
 * the region's, and the region is marked to copy before its next write, as after a
 * fork. Anything else is copied into a fresh object ("expensive for small amounts of
 * data", as the seed says of copy-on-write).
 */
#include <masque/error.h>
#include <masque/vm.h>
#include "vm/page.h"
#include "vm/pageout.h"
#include "vm/usercopy.h"
#include "vm/vm_copy.h"
#include "vm/vm_map.h"
#include "vm/vm_object.h"

#define COW_MIN (16 * 1024)

/* Whether o's chain ends in anonymous memory (no pager: nothing changes underneath). */
static int anonymous(const struct vm_object *o)
{
	for (; o; o = o->shadow)
		if (o->pager)
			return 0;
	return 1;
}

/* The copy-on-write capture, or KERN_INVALID_ARGUMENT if the range does not allow it. */
static int capture_cow(struct vm_map *map, uint64_t addr, uint64_t size, struct vm_object **out)
{
	struct vm_entry *e = vm_map_lookup(map, addr);
	uint64_t bytes = page_round_up(size);

	if (size < COW_MIN || !page_aligned(addr) || !e || addr + bytes > e->end ||
	    !(e->prot & VM_PROT_READ) || !anonymous(e->object) ||
	    (e->object->refs > 1 && !e->needs_copy))
		return KERN_INVALID_ARGUMENT;
	struct vm_object *s = vm_object_create(bytes);
	if (!s)
		return KERN_RESOURCE_SHORTAGE;
	vm_object_ref(e->object);
	vm_object_set_shadow(s, e->object, e->offset + (addr - e->start));
	e->needs_copy = 1;
	pmap_protect(&map->pmap, e->start, e->end, e->prot & ~VM_PROT_WRITE);
	*out = s;
	return KERN_SUCCESS;
}

int vm_copy_capture(struct vm_map *map, uint64_t addr, uint64_t size, int copy_now,
		    struct vm_object **out)
{
	int err = copy_now ? KERN_INVALID_ARGUMENT : capture_cow(map, addr, size, out);

	if (err == KERN_SUCCESS)
		(*out)->wired = 1; /* in transit (see vm_copy_place) */
	if (err != KERN_INVALID_ARGUMENT)
		return err;
	uint64_t bytes = page_round_up(size);

	if (addr + size < addr || addr + size > VM_USER_TOP)
		return KERN_INVALID_ADDRESS;
	struct vm_object *o = vm_object_create(bytes);
	if (!o)
		return KERN_RESOURCE_SHORTAGE;
	o->wired = 1; /* in transit (see vm_copy_place): the grabs below evict none of it */
	for (uint64_t off = 0; off < size; off += PAGE_SIZE) {
		uint64_t n = size - off < PAGE_SIZE ? size - off : PAGE_SIZE;
		struct vm_page *p = vm_page_grab(n < PAGE_SIZE); /* a full page is all copied */
		int err = p ? copyin(map, page_to_virt(p), addr + off, n) : KERN_RESOURCE_SHORTAGE;
		if (p) {
			p->dirty = 1;
			vm_object_insert(o, off, p);
		}
		if (err) {
			vm_object_deallocate(o);
			return err;
		}
	}
	*out = o;
	return KERN_SUCCESS;
}

int vm_copy_place(struct vm_map *map, struct vm_object *obj, uint64_t *addr)
{
	uint64_t at = *addr;

	/* Memory in transit stays resident; once placed, it is pageable like any other,
	 * unless it went to a system task, whose faults must never wait on the default
	 * pager (the default pager and the disk driver would wait on themselves). */
	obj->wired = map->pmap.wired;
	int err = KERN_NO_SPACE;

	if (at) /* where the receiver asked, if that is free */
		err = vm_map_enter(map, &at, obj->size, 1, obj, 0, VM_PROT_READ | VM_PROT_WRITE,
				   VM_PROT_ALL, VM_INHERIT_COPY);
	if (err) {
		at = 0;
		err = vm_map_enter(map, &at, obj->size, 0, obj, 0, VM_PROT_READ | VM_PROT_WRITE,
				   VM_PROT_ALL, VM_INHERIT_COPY);
	}
	if (err) {
		vm_object_deallocate(obj);
		return err;
	}
	*addr = at;
	return KERN_SUCCESS;
}

int vm_copy_overwrite(struct vm_map *map, struct vm_object *obj, uint64_t addr, uint64_t size)
{
	/* Only an object of copied pages: in transit it is wired and ours alone, so its
	 * frames stay put while a copy below waits for the receiver's page. */
	if (obj->shadow || size > obj->size)
		return KERN_INVALID_ARGUMENT;
	for (uint64_t off = 0; off < size; off += PAGE_SIZE) {
		uint64_t n = size - off < PAGE_SIZE ? size - off : PAGE_SIZE;
		struct vm_page *p = vm_object_page(obj, off);
		int err = p ? copyout(map, addr + off, page_to_virt(p), n) : KERN_INVALID_ARGUMENT;
		if (err)
			return err;
	}
	vm_object_deallocate(obj);
	return KERN_SUCCESS;
}
