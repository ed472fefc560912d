/* The capability table: a growable array with a free list threaded through the free
 * slots, and an open-addressing hash from object to name for the reverse map. Pure
 * code: it only allocates, so host unit tests run it as it is. */
#include <masque/error.h>
#include <string.h>
#include "ipc/capspace.h"
#include "kern/ledger.h"
#include "vm/kmem.h"

#define INITIAL_SIZE 64
#define TOMBSTONE    0xffffffffu

int cap_space_init(struct capspace *s)
{
	memset(s, 0, sizeof(*s));
	s->table = kmem_alloc(INITIAL_SIZE * sizeof(struct cap));
	s->reverse = kmem_alloc(INITIAL_SIZE * sizeof(uint32_t));
	if (!s->table || !s->reverse) {
		kmem_free(s->table, INITIAL_SIZE * sizeof(struct cap));
		kmem_free(s->reverse, INITIAL_SIZE * sizeof(uint32_t));
		return KERN_RESOURCE_SHORTAGE;
	}
	s->size = INITIAL_SIZE;
	s->rsize = INITIAL_SIZE;
	for (uint32_t i = s->size - 1; i >= 1; i--) {
		s->table[i].object = (void *)(uintptr_t)s->free_head;
		s->free_head = i;
	}
	return KERN_SUCCESS;
}

void cap_space_free(struct capspace *s)
{
	ledger_credit(s->ledger, QUOTA_NAMES, s->used); /* names not freed one by one */
	kmem_free(s->table, s->size * sizeof(struct cap));
	kmem_free(s->reverse, s->rsize * sizeof(uint32_t));
	s->table = NULL;
	s->reverse = NULL;
	s->size = s->rsize = s->used = s->rused = 0;
}

port_name_t cap_name(const struct capspace *s, const struct cap *e)
{
	return NAME_MAKE(e - s->table, e->gen);
}

/* Double the table, threading the new slots onto the free list. */
static int grow(struct capspace *s)
{
	uint32_t nsize = s->size * 2;

	if (s->size >= CAP_SPACE_MAX)
		return KERN_NO_SPACE;
	if (nsize > CAP_SPACE_MAX)
		nsize = CAP_SPACE_MAX;
	struct cap *nt = kmem_alloc(nsize * sizeof(struct cap));
	if (!nt)
		return KERN_RESOURCE_SHORTAGE;
	memcpy(nt, s->table, s->size * sizeof(struct cap));
	kmem_free(s->table, s->size * sizeof(struct cap));
	for (uint32_t i = nsize - 1; i >= s->size; i--) {
		nt[i].object = (void *)(uintptr_t)s->free_head;
		s->free_head = i;
	}
	s->table = nt;
	s->size = nsize;
	return KERN_SUCCESS;
}

/* Put free slot i to use, charging the owner a name (still on the free list: the
 * caller unlinks it once this has succeeded). */
static int take_slot(struct capspace *s, uint32_t i, struct cap **entry)
{
	struct cap *e = &s->table[i];
	int err = ledger_charge(s->ledger, QUOTA_NAMES, 1);

	if (err)
		return err;
	e->urefs = 0;
	e->dn = NULL;
	s->used++;
	*entry = e;
	return KERN_SUCCESS;
}

int cap_alloc(struct capspace *s, port_name_t *name, struct cap **entry)
{
	int err;

	if ((*entry = cap_alloc_spare(s, name)))
		return KERN_SUCCESS;
	if (!s->free_head && (err = grow(s)))
		return err;
	uint32_t i = s->free_head;
	uint32_t next = (uint32_t)(uintptr_t)s->table[i].object;
	if ((err = take_slot(s, i, entry)))
		return err;
	s->free_head = next;
	(*entry)->object = NULL;
	*name = NAME_MAKE(i, (*entry)->gen);
	return KERN_SUCCESS;
}

/* Unlink slot i from the free list (a linear walk: choosing names is rare). */
static void unlink_free(struct capspace *s, uint32_t i)
{
	uint32_t *link = &s->free_head;

	while (*link != i)
		link = (uint32_t *)&s->table[*link].object;
	*link = (uint32_t)(uintptr_t)s->table[i].object;
}

int cap_alloc_at(struct capspace *s, port_name_t name, struct cap **entry)
{
	uint32_t i = NAME_INDEX(name);

	if (i == 0 || name >> 31 || i >= CAP_SPACE_MAX)
		return KERN_INVALID_NAME;
	while (i >= s->size) {
		int err = grow(s);
		if (err)
			return err;
	}
	if (s->table[i].rights)
		return KERN_NAME_EXISTS;
	if (i == s->spare) {
		port_name_t spare_name;
		*entry = cap_alloc_spare(s, &spare_name);
		(*entry)->gen = NAME_GEN(name);
		return KERN_SUCCESS;
	}
	int err = take_slot(s, i, entry);
	if (err)
		return err;
	unlink_free(s, i);
	(*entry)->object = NULL;
	(*entry)->gen = NAME_GEN(name);
	return KERN_SUCCESS;
}

void cap_free(struct capspace *s, port_name_t name)
{
	uint32_t i = NAME_INDEX(name);

	cap_clear(&s->table[i]);
	s->table[i].object = (void *)(uintptr_t)s->free_head;
	s->free_head = i;
	s->used--;
	ledger_credit(s->ledger, QUOTA_NAMES, 1);
}

static uint32_t hash_ptr(const void *p, uint32_t size)
{
	uint64_t v = (uint64_t)(uintptr_t)p;

	v ^= v >> 17;
	v *= 0x9e3779b97f4a7c15ull;
	return (uint32_t)(v >> 32) & (size - 1);
}

/* Where object's reverse entry is, or -1. */
static int64_t reverse_find(const struct capspace *s, const void *object)
{
	for (uint32_t n = 0, h = hash_ptr(object, s->rsize); n < s->rsize;
	     n++, h = (h + 1) & (s->rsize - 1)) {
		uint32_t idx = s->reverse[h];
		if (idx == 0)
			return -1;
		if (idx != TOMBSTONE && s->table[idx].object == object)
			return h;
	}
	return -1;
}

port_name_t cap_reverse_lookup(const struct capspace *s, const void *object)
{
	int64_t h = reverse_find(s, object);

	if (h < 0)
		return PORT_NULL;
	return cap_name(s, &s->table[s->reverse[h]]);
}

static void reverse_put(uint32_t *table, uint32_t size, const void *object, uint32_t idx)
{
	uint32_t h = hash_ptr(object, size);

	while (table[h] != 0 && table[h] != TOMBSTONE)
		h = (h + 1) & (size - 1);
	table[h] = idx;
}

/* Rebuild at a size that keeps the load (tombstones included) under one half. */
static int reverse_rehash(struct capspace *s, uint32_t nsize)
{
	uint32_t *nt = kmem_alloc(nsize * sizeof(uint32_t));

	if (!nt)
		return KERN_RESOURCE_SHORTAGE;
	uint32_t live = 0;
	for (uint32_t h = 0; h < s->rsize; h++) {
		uint32_t idx = s->reverse[h];
		if (idx && idx != TOMBSTONE) {
			reverse_put(nt, nsize, s->table[idx].object, idx);
			live++;
		}
	}
	kmem_free(s->reverse, s->rsize * sizeof(uint32_t));
	s->reverse = nt;
	s->rsize = nsize;
	s->rused = live;
	return KERN_SUCCESS;
}

int cap_reverse_insert(struct capspace *s, const void *object, port_name_t name)
{
	if ((s->rused + 1) * 2 > s->rsize) {
		uint32_t nsize = s->rsize;
		uint32_t live = 0;
		for (uint32_t h = 0; h < s->rsize; h++)
			live += s->reverse[h] && s->reverse[h] != TOMBSTONE;
		while ((live + 1) * 4 > nsize)
			nsize *= 2;
		int err = reverse_rehash(s, nsize);
		if (err)
			return err;
	}
	reverse_put(s->reverse, s->rsize, object, NAME_INDEX(name));
	s->rused++;
	return KERN_SUCCESS;
}

void cap_reverse_remove(struct capspace *s, const void *object)
{
	int64_t h = reverse_find(s, object);

	if (h >= 0)
		s->reverse[h] = TOMBSTONE;
}
