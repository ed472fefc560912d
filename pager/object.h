/* The anonymous memory objects the default pager serves: for each, its control port
 * and where each of its pages sits in swap. */
#ifndef PAGER_OBJECT_H
#define PAGER_OBJECT_H

#include <masque/types.h>
#include <stdint.h>

struct object;

struct object *object_new(port_name_t port, uint64_t size);
struct object *object_find(port_name_t port);
void object_destroy(struct object *o);
void object_set_control(struct object *o, port_name_t control);
port_name_t object_control(const struct object *o);
/* The slot holding the page at offset, or SLOT_NONE. */
uint32_t object_slot(const struct object *o, uint64_t offset);
int object_set_slot(struct object *o, uint64_t offset, uint32_t slot);

#endif
