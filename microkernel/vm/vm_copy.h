/* Out-of-line memory in messages: a range captured from the sender as a memory
 * object, placed into the receiver as a new region. */
#ifndef VM_VM_COPY_H
#define VM_VM_COPY_H

#include <stdint.h>

struct vm_map;
struct vm_object;

/* The bytes [addr, addr + size) of map as a new object, from its offset 0; later
 * writes by the sender do not show in it. copy_now: copy the bytes, never share them
 * copy-on-write. */
int vm_copy_capture(struct vm_map *map, uint64_t addr, uint64_t size, int copy_now,
		    struct vm_object **out);
/* Map obj (whose reference is consumed) into map: at *addr if that is non-zero and
 * free, else anywhere; *addr gets where. */
int vm_copy_place(struct vm_map *map, struct vm_object *obj, uint64_t *addr);
/* Copy the first size bytes of obj into map's memory at addr, and consume obj's
 * reference; an error (obj holds pages it does not own, or addr is not writable)
 * leaves obj as it was. */
int vm_copy_overwrite(struct vm_map *map, struct vm_object *obj, uint64_t addr, uint64_t size);

#endif
