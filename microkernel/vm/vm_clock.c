/* The clock page (include/masque/clock.h): one frame the kernel fills at boot and
 * maps read-only into every task at the same address. */
#include <masque/clock.h>
#include <masque/error.h>
#include <masque/vm.h>
#include <string.h>
#include "arch/x86_64/clock.h"
#include "vm/page.h"
#include "vm/vm_clock.h"
#include "vm/vm_map.h"
#include "vm/vm_object.h"

static struct vm_object *clock_object;

int vm_clock_init(void)
{
	struct vm_page *p = page_alloc_zeroed(0);

	if (!p || !(clock_object = vm_object_create(PAGE_SIZE)))
		return KERN_RESOURCE_SHORTAGE;
	clock_object->wired = 1;
	memcpy(page_to_virt(p), clock_params(), sizeof(struct clock_page));
	vm_object_insert(clock_object, 0, p);
	return KERN_SUCCESS;
}

int vm_clock_map(struct vm_map *m)
{
	uint64_t at = CLOCK_PAGE_ADDR;
	int err = vm_map_enter(m, &at, PAGE_SIZE, 1, clock_object, 0, VM_PROT_READ, VM_PROT_READ,
			       VM_INHERIT_NONE);

	if (!err)
		vm_object_ref(clock_object);
	return err;
}
