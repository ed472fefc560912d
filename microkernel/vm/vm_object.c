/* Memory objects and the page cache: a hash of (object, offset) -> page. */
#include <masque/error.h>
#include "arch/x86_64/pmap.h"
#include "kern/console.h"
#include "kern/ledger.h"
#include "vm/kmem.h"
#include "vm/page.h"
#include "vm/pageout.h"
#include "vm/pager.h"
#include "vm/vm_object.h"

#define HASH_BUCKETS 4096

#define EXISTENCE_PAGES 4096 /* 16 MiB of object per node */

struct existence {
	struct existence *next;
	uint64_t first; /* page number of the node's first page */
	uint64_t bits[EXISTENCE_PAGES / 64];
};

static struct vm_page *page_hash[HASH_BUCKETS];
static uint64_t cached_pages;

static unsigned hash(const struct vm_object *o, uint64_t offset)
{
	uint64_t v = (uint64_t)(uintptr_t)o ^ (offset >> PAGE_SHIFT) * 0x9e3779b97f4a7c15ull;

	return (v ^ v >> 29) % HASH_BUCKETS;
}

struct vm_object *vm_object_create(uint64_t size)
{
	struct vm_object *o = kmem_alloc(sizeof(*o));

	if (!o)
		return NULL;
	o->refs = 1;
	o->size = size;
	list_init(&o->pages);
	list_init(&o->waiters);
	list_init(&o->shadowers);
	list_init(&o->shadow_link);
	return o;
}

void vm_object_ref(struct vm_object *o)
{
	o->refs++;
}

struct vm_page *vm_object_page(struct vm_object *o, uint64_t offset)
{
	for (struct vm_page *p = page_hash[hash(o, offset)]; p; p = p->hash_next)
		if (p->object == o && p->offset == offset)
			return p;
	return NULL;
}

void vm_object_insert(struct vm_object *o, uint64_t offset, struct vm_page *p)
{
	unsigned h = hash(o, offset);

	p->object = o;
	p->offset = offset;
	p->hash_next = page_hash[h];
	page_hash[h] = p;
	list_push_back(&o->pages, &p->link);
	o->resident++;
	cached_pages++;
	pageout_track(p);
}

uint64_t vm_object_page_count(void)
{
	return cached_pages;
}

/* Give back the page's charge to *l (of kind), and the reference to the ledger. */
static void uncharge(struct ledger **l, enum quota_kind kind)
{
	ledger_credit(*l, kind, 1);
	ledger_release(*l);
	*l = NULL;
}

void vm_page_uncharge_unasked(struct vm_page *p)
{
	uncharge(&p->unasked, QUOTA_UNASKED_PAGES);
}

void vm_page_uncharge_locked(struct vm_page *p)
{
	uncharge(&p->locked, QUOTA_LOCKED_PAGES);
}

void vm_object_remove(struct vm_page *p)
{
	struct vm_page **link = &page_hash[hash(p->object, p->offset)];

	while (*link != p)
		link = &(*link)->hash_next;
	*link = p->hash_next;
	list_remove(&p->link);
	pageout_untrack(p);
	if (p->unasked)
		vm_page_uncharge_unasked(p);
	if (p->locked)
		vm_page_uncharge_locked(p);
	p->object->resident--;
	p->object = NULL;
	cached_pages--;
}

void vm_object_free_page(struct vm_page *p)
{
	pmap_page_protect(p, 0);
	vm_object_remove(p);
	page_free(p, 0);
}

void vm_object_free_range(struct vm_object *o, uint64_t offset, uint64_t size)
{
	assert(!o->pager);
	for (struct list *l = o->pages.next, *next; l != &o->pages; l = next) {
		struct vm_page *p = list_entry(l, struct vm_page, link);
		next = l->next;
		if (p->offset >= offset && p->offset - offset < size)
			vm_object_free_page(p);
	}
}

void vm_object_set_shadow(struct vm_object *o, struct vm_object *shadow, uint64_t offset)
{
	o->shadow = shadow;
	o->shadow_offset = offset;
	list_push_back(&shadow->shadowers, &o->shadow_link);
}

/* o has one reference left: if a shadowing object holds it, nobody else sees o's
 * pages, so that object may take them and the chain gets shorter. Without this, a
 * process that forks again and again (a shell) would grow its chains by one object
 * per child that touched memory while it lived. */
static void collapse_into_shadower(struct vm_object *o)
{
	if (o->shadowers.next != o->shadowers.prev || list_empty(&o->shadowers))
		return; /* none, or several: each sees o */
	vm_object_collapse(list_entry(o->shadowers.next, struct vm_object, shadow_link));
}

/* Drop a reference; the last one frees the pages and lets go of the shadow, in a
 * loop rather than recursion, as chains can be long. */
void vm_object_deallocate(struct vm_object *o)
{
	while (o) {
		assert(o->refs > 0);
		if (--o->refs) {
			if (o->refs == 1)
				collapse_into_shadower(o);
			return;
		}
		if (o->pager)
			pager_terminate(o);
		while (o->existence) {
			struct existence *e = o->existence;
			o->existence = e->next;
			kmem_free(e, sizeof(*e));
		}
		while (!list_empty(&o->pages))
			vm_object_free_page(list_entry(o->pages.next, struct vm_page, link));
		struct vm_object *next = o->shadow;
		if (next)
			list_remove(&o->shadow_link);
		kmem_free(o, sizeof(*o));
		o = next;
	}
}

/* Move the pages of backing object b that o does not have into o; the rest go. */
static void absorb(struct vm_object *o, struct vm_object *b)
{
	while (!list_empty(&b->pages)) {
		struct vm_page *p = list_entry(b->pages.next, struct vm_page, link);
		uint64_t off = p->offset - o->shadow_offset;
		if (p->offset < o->shadow_offset || off >= o->size || vm_object_page(o, off)) {
			vm_object_free_page(p);
			continue;
		}
		vm_object_remove(p);
		vm_object_insert(o, off, p);
	}
}

void vm_object_collapse(struct vm_object *o)
{
	struct vm_object *b;

	while ((b = o->shadow) && b->refs == 1 && !b->pager && !b->device) {
		absorb(o, b);
		list_remove(&o->shadow_link);
		o->shadow = NULL;
		if (b->shadow) {
			list_remove(&b->shadow_link);
			vm_object_set_shadow(o, b->shadow, o->shadow_offset + b->shadow_offset);
		}
		b->shadow = NULL;
		b->refs = 0;
		kmem_free(b, sizeof(*b));
	}
}

uint64_t vm_object_resident_in(struct vm_object *o, uint64_t offset, uint64_t size)
{
	uint64_t n = 0;

	list_for_each(l, &o->pages)
	{
		struct vm_page *p = list_entry(l, struct vm_page, link);
		n += p->offset >= offset && p->offset < offset + size;
	}
	return n;
}

static struct existence *existence_node(const struct vm_object *o, uint64_t page)
{
	for (struct existence *e = o->existence; e; e = e->next)
		if (e->first == page - page % EXISTENCE_PAGES)
			return e;
	return NULL;
}

int vm_object_mark_out(struct vm_object *o, uint64_t offset)
{
	uint64_t page = offset >> PAGE_SHIFT;
	struct existence *e = existence_node(o, page);

	if (!e) {
		if (!(e = kmem_alloc(sizeof(*e))))
			return KERN_RESOURCE_SHORTAGE;
		e->first = page - page % EXISTENCE_PAGES;
		e->next = o->existence;
		o->existence = e;
	}
	e->bits[page % EXISTENCE_PAGES / 64] |= 1ull << (page % 64);
	return KERN_SUCCESS;
}

int vm_object_was_out(const struct vm_object *o, uint64_t offset)
{
	uint64_t page = offset >> PAGE_SHIFT;
	const struct existence *e = existence_node(o, page);

	return e && (e->bits[page % EXISTENCE_PAGES / 64] >> (page % 64) & 1);
}
