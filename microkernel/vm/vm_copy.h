/* Out-of-line memory in messages: a range captured from the sender as a memory
 * object, placed into the receiver as a new region. */
#ifndef VM_VM_COPY_H
#define VM_VM_COPY_H

#include <stdint.h>

struct vm_map;
struct vm_object;

/* The bytes [addr, addr + size) of map as a new object, from its offset 0; later
 * writes by the sender do not show in it. */
int vm_copy_capture(struct vm_map *map, uint64_t addr, uint64_t size, struct vm_object **out);
/* Map obj (whose reference is consumed) into map: at *addr if that is non-zero and
 * free, else anywhere; *addr gets where. */
int vm_copy_place(struct vm_map *map, struct vm_object *obj, uint64_t *addr);

#endif
