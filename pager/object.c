/* Objects and their page -> slot maps: an open-addressing hash per object, since an
 * anonymous object may be huge and sparse. */
#include <masque/error.h>
#include <stdlib.h>
#include <trap.h>
#include "object.h"
#include "swap.h"

#define OBJECTS_MAX 1024
#define EMPTY UINT64_MAX

struct slot_entry {
	uint64_t page; /* offset / 4096, or EMPTY */
	uint32_t slot;
};

struct object {
	port_name_t port, control;
	uint64_t size;
	struct slot_entry *table;
	uint64_t capacity, count;
};

static struct object *objects[OBJECTS_MAX];

struct object *object_new(port_name_t port, uint64_t size)
{
	for (int i = 0; i < OBJECTS_MAX; i++) {
		if (objects[i])
			continue;
		struct object *o = calloc(1, sizeof(*o));
		if (!o)
			return NULL;
		o->port = port;
		o->size = size;
		return objects[i] = o;
	}
	return NULL;
}

struct object *object_find(port_name_t port)
{
	for (int i = 0; i < OBJECTS_MAX; i++)
		if (objects[i] && objects[i]->port == port)
			return objects[i];
	return NULL;
}

void object_destroy(struct object *o)
{
	for (uint64_t i = 0; i < o->capacity; i++)
		if (o->table[i].page != EMPTY)
			swap_slot_free(o->table[i].slot);
	for (int i = 0; i < OBJECTS_MAX; i++)
		if (objects[i] == o)
			objects[i] = NULL;
	port_destroy(o->port);
	if (o->control != PORT_NULL)
		port_destroy(o->control);
	free(o->table);
	free(o);
}

void object_set_control(struct object *o, port_name_t control)
{
	o->control = control;
}

port_name_t object_control(const struct object *o)
{
	return o->control;
}

static uint64_t hash(uint64_t page, uint64_t capacity)
{
	return (page * 0x9e3779b97f4a7c15ull >> 17) & (capacity - 1);
}

static struct slot_entry *lookup(const struct object *o, uint64_t page)
{
	if (!o->capacity)
		return NULL;
	for (uint64_t h = hash(page, o->capacity);; h = (h + 1) & (o->capacity - 1)) {
		if (o->table[h].page == page || o->table[h].page == EMPTY)
			return &o->table[h];
	}
}

uint32_t object_slot(const struct object *o, uint64_t offset)
{
	struct slot_entry *e = lookup(o, offset / 4096);

	return e && e->page != EMPTY ? e->slot : SLOT_NONE;
}

static int grow(struct object *o)
{
	uint64_t capacity = o->capacity ? o->capacity * 2 : 64;
	struct slot_entry *old = o->table, *t = malloc(capacity * sizeof(*t));

	if (!t)
		return KERN_RESOURCE_SHORTAGE;
	for (uint64_t i = 0; i < capacity; i++)
		t[i].page = EMPTY;
	uint64_t old_capacity = o->capacity;
	o->table = t;
	o->capacity = capacity;
	for (uint64_t i = 0; i < old_capacity; i++)
		if (old[i].page != EMPTY)
			*lookup(o, old[i].page) = old[i];
	free(old);
	return KERN_SUCCESS;
}

int object_set_slot(struct object *o, uint64_t offset, uint32_t slot)
{
	if ((o->count + 1) * 2 > o->capacity) {
		int err = grow(o);
		if (err)
			return err;
	}
	struct slot_entry *e = lookup(o, offset / 4096);
	if (e->page == EMPTY)
		o->count++;
	e->page = offset / 4096;
	e->slot = slot;
	return KERN_SUCCESS;
}
