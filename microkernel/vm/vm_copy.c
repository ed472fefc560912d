/* Out-of-line message memory, copied into a fresh anonymous object. */
#include <masque/error.h>
#include <masque/vm.h>
#include "vm/page.h"
#include "vm/usercopy.h"
#include "vm/vm_copy.h"
#include "vm/vm_map.h"
#include "vm/vm_object.h"

int vm_copy_capture(struct vm_map *map, uint64_t addr, uint64_t size, struct vm_object **out)
{
	uint64_t bytes = (size + PAGE_SIZE - 1) & ~(uint64_t)(PAGE_SIZE - 1);

	if (addr + size < addr || addr + size > VM_USER_TOP)
		return KERN_INVALID_ADDRESS;
	struct vm_object *o = vm_object_create(bytes);
	if (!o)
		return KERN_RESOURCE_SHORTAGE;
	for (uint64_t off = 0; off < size; off += PAGE_SIZE) {
		uint64_t n = size - off < PAGE_SIZE ? size - off : PAGE_SIZE;
		struct vm_page *p = page_alloc_zeroed(0);
		int err = p ? copyin(map, page_to_virt(p), addr + off, n) : KERN_RESOURCE_SHORTAGE;
		if (p)
			vm_object_insert(o, off, p);
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
	uint64_t at = 0;
	int err = vm_map_enter(map, &at, obj->size, 0, obj, 0, VM_PROT_READ | VM_PROT_WRITE,
			       VM_PROT_ALL, VM_INHERIT_COPY);

	if (err) {
		vm_object_deallocate(obj);
		return err;
	}
	*addr = at;
	return KERN_SUCCESS;
}
