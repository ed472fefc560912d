/*
 * Objects and where their pages are in swap. A page's slot is found through chunks
 * of 512 pages (2 MiB of object, 2 KiB of slots), kept in a small hash by chunk
 * number: an anonymous object may be huge and sparse, and the default pager's own
 * memory must stay small, as it comes from the kernel's reserve.
 */
#include <masque/error.h>
#include <masque/page_size.h>
#include <stdlib.h>
#include <trap.h>
#include "object.h"
#include "swap.h"

#define OBJECTS_MAX 1024
#define CHUNK_PAGES 512

struct chunk {
	uint64_t number; /* page / CHUNK_PAGES */
	uint32_t slots[CHUNK_PAGES];
};

struct object {
	port_name_t port, control;
	uint64_t size;
	struct chunk **chunks; /* open addressing by chunk number; NULL: empty */
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
	for (uint64_t i = 0; i < o->capacity; i++) {
		struct chunk *c = o->chunks[i];
		if (!c)
			continue;
		for (int s = 0; s < CHUNK_PAGES; s++)
			if (c->slots[s] != SLOT_NONE)
				swap_slot_free(c->slots[s]);
		free(c);
	}
	for (int i = 0; i < OBJECTS_MAX; i++)
		if (objects[i] == o)
			objects[i] = NULL;
	port_destroy(o->port);
	if (o->control != PORT_NULL)
		port_destroy(o->control);
	free(o->chunks);
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

/* Where chunk number n is or would go in the hash. */
static struct chunk **place(const struct object *o, uint64_t n)
{
	uint64_t mask = o->capacity - 1;

	for (uint64_t h = (n * 0x9e3779b97f4a7c15ull >> 20) & mask;; h = (h + 1) & mask)
		if (!o->chunks[h] || o->chunks[h]->number == n)
			return &o->chunks[h];
}

static struct chunk *find_chunk(const struct object *o, uint64_t n)
{
	return o->capacity ? *place(o, n) : NULL;
}

uint32_t object_slot(const struct object *o, uint64_t offset)
{
	uint64_t page = offset / PAGE_SIZE;
	struct chunk *c = find_chunk(o, page / CHUNK_PAGES);

	return c ? c->slots[page % CHUNK_PAGES] : SLOT_NONE;
}

static int grow(struct object *o)
{
	uint64_t old_capacity = o->capacity;
	struct chunk **old = o->chunks;

	o->capacity = old_capacity ? old_capacity * 2 : 16;
	if (!(o->chunks = calloc(o->capacity, sizeof(*o->chunks)))) {
		o->chunks = old;
		o->capacity = old_capacity;
		return KERN_RESOURCE_SHORTAGE;
	}
	for (uint64_t i = 0; i < old_capacity; i++)
		if (old[i])
			*place(o, old[i]->number) = old[i];
	free(old);
	return KERN_SUCCESS;
}

int object_set_slot(struct object *o, uint64_t offset, uint32_t slot)
{
	uint64_t page = offset / PAGE_SIZE;
	struct chunk *c = find_chunk(o, page / CHUNK_PAGES);

	if (!c) {
		if ((o->count + 1) * 2 > o->capacity && grow(o))
			return KERN_RESOURCE_SHORTAGE;
		if (!(c = malloc(sizeof(*c))))
			return KERN_RESOURCE_SHORTAGE;
		c->number = page / CHUNK_PAGES;
		for (int s = 0; s < CHUNK_PAGES; s++)
			c->slots[s] = SLOT_NONE;
		*place(o, c->number) = c;
		o->count++;
	}
	c->slots[page % CHUNK_PAGES] = slot;
	return KERN_SUCCESS;
}
