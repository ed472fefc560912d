/* The kernel's memory for its own objects: size classes carved from pages, and
 * whole pages for larger blocks. Callers say the size when they free. */
#ifndef VM_KMEM_H
#define VM_KMEM_H

#include <stddef.h>

void *kmem_alloc(size_t size);	   /* zeroed; NULL when out of memory */
void *kmem_alloc_raw(size_t size); /* the same, not zeroed (for buffers filled at once) */
void kmem_free(void *p, size_t size);
size_t kmem_in_use(void); /* bytes handed out and not freed: leak checks */

#endif
