/* Address maps: regions kept in address order, split where an operation's range
 * begins or ends inside one. */
#include <masque/error.h>
#include <masque/vm.h>
#include "arch/x86_64/layout.h"
#include "kern/console.h"
#include "kern/ledger.h"
#include "vm/kmem.h"
#include "vm/vm_map.h"
#include "vm/vm_object.h"

static struct vm_entry *entry_of(struct list *l)
{
	return list_entry(l, struct vm_entry, link);
}

int vm_map_create(struct vm_map **out)
{
	struct vm_map *m = kmem_alloc(sizeof(*m));

	if (!m)
		return KERN_RESOURCE_SHORTAGE;
	m->refs = 1;
	list_init(&m->entries);
	int err = pmap_create(&m->pmap);
	if (err) {
		kmem_free(m, sizeof(*m));
		return err;
	}
	*out = m;
	return KERN_SUCCESS;
}

void vm_map_set_ledger(struct vm_map *m, struct ledger *l)
{
	ledger_ref(l);
	ledger_release(m->ledger);
	m->ledger = m->pmap.ledger = l;
}

/* A region's memory, charged to the map's ledger. */
static struct vm_entry *entry_alloc(struct vm_map *m)
{
	struct vm_entry *e;

	if (ledger_charge(m->ledger, QUOTA_MAP_ENTRIES, 1))
		return NULL;
	if (!(e = kmem_alloc(sizeof(*e))))
		ledger_credit(m->ledger, QUOTA_MAP_ENTRIES, 1);
	return e;
}

static void entry_free(struct vm_map *m, struct vm_entry *e)
{
	if (m->hint == e)
		m->hint = NULL;
	list_remove(&e->link);
	ledger_credit(m->ledger, QUOTA_MAP_ENTRIES, 1);
	m->entry_count--;
	m->size -= e->end - e->start;
	vm_object_deallocate(e->object);
	kmem_free(e, sizeof(*e));
}

void vm_map_terminate(struct vm_map *m)
{
	m->terminated = 1;
	pmap_clear(&m->pmap);
	while (!list_empty(&m->entries))
		entry_free(m, entry_of(m->entries.next));
}

void vm_map_ref(struct vm_map *m)
{
	m->refs++;
}

void vm_map_release(struct vm_map *m)
{
	assert(m->refs > 0);
	if (--m->refs)
		return;
	vm_map_terminate(m);
	pmap_destroy(&m->pmap);
	ledger_release(m->ledger);
	kmem_free(m, sizeof(*m));
}

struct vm_entry *vm_map_next(struct vm_map *m, uint64_t addr)
{
	list_for_each(l, &m->entries)
	{
		struct vm_entry *e = entry_of(l);
		if (e->end > addr)
			return e;
	}
	return NULL;
}

struct vm_entry *vm_map_lookup(struct vm_map *m, uint64_t addr)
{
	struct vm_entry *e = m->hint;

	if (e && e->start <= addr && addr < e->end)
		return e;
	e = vm_map_next(m, addr);
	if (!e || e->start > addr)
		return NULL;
	m->hint = e;
	return e;
}

/* Split e so that a region starts at addr (inside e); the new piece follows e. */
static int clip(struct vm_map *m, struct vm_entry *e, uint64_t addr)
{
	if (addr <= e->start || addr >= e->end)
		return KERN_SUCCESS;
	struct vm_entry *n = entry_alloc(m);
	if (!n)
		return KERN_RESOURCE_SHORTAGE;
	*n = *e;
	n->start = addr;
	n->offset = e->offset + (addr - e->start);
	e->end = addr;
	vm_object_ref(n->object);
	list_insert_after(&e->link, &n->link);
	m->entry_count++;
	return KERN_SUCCESS;
}

/* Whether addr falls strictly inside a region, which must be split there. */
static int inside(struct vm_map *m, uint64_t addr)
{
	struct vm_entry *e = vm_map_lookup(m, addr);

	return e && addr > e->start;
}

/* Split the regions at both ends of [start, end) so the range is whole regions. The
 * quota is checked for both splits first, so that a refusal splits nothing. */
static int clip_range(struct vm_map *m, uint64_t start, uint64_t end)
{
	struct vm_entry *e = vm_map_lookup(m, start);
	int err = ledger_room(m->ledger, QUOTA_MAP_ENTRIES, inside(m, start) + inside(m, end));

	if (!err && e)
		err = clip(m, e, start);
	if (!err && (e = vm_map_lookup(m, end - 1)))
		err = clip(m, e, end);
	return err;
}

static int range_ok(uint64_t start, uint64_t end)
{
	return page_aligned(start) && page_aligned(end) && start < end && start >= VM_MAP_MIN &&
	       end <= VM_USER_TOP;
}

/* The first gap of size bytes at or above hint; 0 if none. */
static uint64_t find_space(struct vm_map *m, uint64_t hint, uint64_t size)
{
	uint64_t at = hint < VM_MAP_MIN ? VM_MAP_MIN : hint;

	list_for_each(l, &m->entries)
	{
		struct vm_entry *e = entry_of(l);
		if (e->end <= at)
			continue;
		if (e->start >= at + size && at + size > at)
			return at;
		at = e->end;
	}
	return at + size <= VM_USER_TOP && at + size > at ? at : 0;
}

/* Whether [start, end) is free of regions. */
static int range_free(struct vm_map *m, uint64_t start, uint64_t end)
{
	struct vm_entry *e = vm_map_next(m, start);

	return !e || e->start >= end;
}

/* Put region e, charged and filled in, into m in address order (its range is free). */
static void entry_link(struct vm_map *m, struct vm_entry *e)
{
	struct vm_entry *next = vm_map_next(m, e->start);

	list_push_back(next ? &next->link : &m->entries, &e->link);
	m->entry_count++;
	m->size += e->end - e->start;
}

int vm_map_enter(struct vm_map *m, uint64_t *addr, uint64_t size, int fixed, struct vm_object *obj,
		 uint64_t offset, unsigned prot, unsigned max_prot, unsigned inherit)
{
	uint64_t start = page_round_down(*addr);

	size = page_round_up(size);
	if (m->terminated)
		return KERN_TERMINATED;
	if (size == 0 || (prot & ~max_prot) || (max_prot & ~VM_PROT_ALL) ||
	    inherit > VM_INHERIT_ZERO)
		return KERN_INVALID_ARGUMENT;
	if (fixed) {
		if (!range_ok(start, start + size))
			return KERN_INVALID_ADDRESS;
		if (!range_free(m, start, start + size))
			return KERN_NO_SPACE;
	} else if (!(start = find_space(m, start, size))) {
		return KERN_NO_SPACE;
	}
	struct vm_entry *e = entry_alloc(m);
	if (!e)
		return KERN_RESOURCE_SHORTAGE;
	*e = (struct vm_entry){ .start = start,
				.end = start + size,
				.object = obj,
				.offset = offset,
				.prot = prot,
				.max_prot = max_prot,
				.inherit = inherit };
	entry_link(m, e);
	*addr = start;
	return KERN_SUCCESS;
}

int vm_map_remove(struct vm_map *m, uint64_t start, uint64_t end)
{
	if (!range_ok(start, end))
		return KERN_INVALID_ADDRESS;
	int err = clip_range(m, start, end);
	if (err)
		return err;
	pmap_remove(&m->pmap, start, end);
	for (struct vm_entry *e = vm_map_next(m, start); e && e->start < end;) {
		struct vm_entry *next = e->link.next == &m->entries ? NULL : entry_of(e->link.next);
		entry_free(m, e);
		e = next;
	}
	return KERN_SUCCESS;
}

/* Every address of [start, end) is in some region. */
static int range_mapped(struct vm_map *m, uint64_t start, uint64_t end)
{
	uint64_t at = start;

	for (struct vm_entry *e = vm_map_next(m, start); e && e->start <= at && at < end;
	     e = e->link.next == &m->entries ? NULL : entry_of(e->link.next))
		at = e->end;
	return at >= end;
}

#define for_each_entry_in(m, e, lo, hi)                                     \
	for (struct vm_entry *e = vm_map_next(m, lo); e && e->start < (hi); \
	     e = e->link.next == &(m)->entries ? NULL : entry_of(e->link.next))

/* How many regions [start, end) holds. */
static uint64_t entries_in(struct vm_map *m, uint64_t start, uint64_t end)
{
	uint64_t n = 0;

	for_each_entry_in(m, e, start, end) n++;
	return n;
}

int vm_map_protect(struct vm_map *m, uint64_t start, uint64_t end, unsigned prot, int set_max)
{
	if (!range_ok(start, end) || (prot & ~VM_PROT_ALL))
		return KERN_INVALID_ARGUMENT;
	if (!range_mapped(m, start, end))
		return KERN_INVALID_ADDRESS;
	/* neither the protection nor the maximum may rise above the maximum: so pages the
	 * kernel maps read-only (the clock page) stay so */
	for_each_entry_in(m, e, start, end) if (prot & ~e->max_prot) return KERN_NO_ACCESS;
	int err = clip_range(m, start, end);
	if (err)
		return err;
	for_each_entry_in(m, e, start, end)
	{
		if (set_max) {
			e->max_prot = prot;
			e->prot &= prot;
		} else {
			e->prot = prot;
		}
		pmap_protect(&m->pmap, e->start, e->end, e->prot);
	}
	return KERN_SUCCESS;
}

int vm_map_inherit(struct vm_map *m, uint64_t start, uint64_t end, unsigned inherit)
{
	int fork_flag = inherit == VM_INHERIT_NOFORK || inherit == VM_INHERIT_FORK;

	if (!range_ok(start, end) || (inherit > VM_INHERIT_ZERO && !fork_flag))
		return KERN_INVALID_ARGUMENT;
	if (!range_mapped(m, start, end))
		return KERN_INVALID_ADDRESS;
	int err = clip_range(m, start, end);
	if (err)
		return err;
	for_each_entry_in(m, e, start, end)
	{
		if (fork_flag)
			e->no_fork = inherit == VM_INHERIT_NOFORK;
		else
			e->inherit = inherit;
	}
	return KERN_SUCCESS;
}

/* Put a private shadow object in front of e's shared one before its first write. */
int vm_entry_shadow(struct vm_entry *e)
{
	if (e->object->refs == 1 && !vm_object_external(e->object)) { /* nobody shares it now */
		e->needs_copy = 0;
		return KERN_SUCCESS;
	}
	struct vm_object *s = vm_object_create(e->end - e->start);
	if (!s)
		return KERN_RESOURCE_SHORTAGE;
	vm_object_set_shadow(s, e->object, e->offset);
	e->object = s;
	e->offset = 0;
	e->needs_copy = 0;
	return KERN_SUCCESS;
}

/* VM_INHERIT_ZERO: the new task gets zero-filled memory where e is. */
static int fork_zeroed(struct vm_entry *e, struct vm_map *dst)
{
	uint64_t addr = e->start;
	struct vm_object *o = vm_object_create(e->end - e->start);
	int err = o ? vm_map_enter(dst, &addr, e->end - e->start, 1, o, 0, e->prot, e->max_prot,
				   e->inherit)
		    : KERN_RESOURCE_SHORTAGE;

	if (err && o)
		vm_object_deallocate(o);
	return err;
}

/* dst maps what e maps, at the same place, the same object: both see one memory. */
static int share_entry(struct vm_entry *e, struct vm_map *dst)
{
	uint64_t addr = e->start;

	if (e->needs_copy) {
		int err = vm_entry_shadow(e); /* share what e sees, not what it copied from */
		if (err)
			return err;
	}
	int err = vm_map_enter(dst, &addr, e->end - e->start, 1, e->object, e->offset, e->prot,
			       e->max_prot, e->inherit);
	if (!err)
		vm_object_ref(e->object);
	return err;
}

static int fork_entry(struct vm_map *src, struct vm_entry *e, struct vm_map *dst)
{
	uint64_t addr = e->start;

	if (e->inherit == VM_INHERIT_ZERO)
		return fork_zeroed(e, dst);
	if (e->inherit == VM_INHERIT_SHARE)
		return share_entry(e, dst);
	int err = vm_map_enter(dst, &addr, e->end - e->start, 1, e->object, e->offset, e->prot,
			       e->max_prot, e->inherit);
	if (err)
		return err;
	vm_object_ref(e->object);
	if (e->inherit == VM_INHERIT_COPY) {
		struct vm_entry *d = vm_map_lookup(dst, addr);
		d->needs_copy = e->needs_copy = 1;
		pmap_protect(&src->pmap, e->start, e->end, e->prot & ~VM_PROT_WRITE);
	}
	return KERN_SUCCESS;
}

int vm_map_fork(struct vm_map *src, struct vm_map *dst)
{
	list_for_each(l, &src->entries)
	{
		struct vm_entry *e = entry_of(l);
		if (e->inherit == VM_INHERIT_NONE || e->no_fork)
			continue;
		int err = fork_entry(src, e, dst);
		if (err)
			return err;
	}
	return KERN_SUCCESS;
}

/* Give back what entries_reserve took. */
static void entries_unreserve(struct list *spare)
{
	while (!list_empty(spare))
		kmem_free(entry_of(list_pop_front(spare)), sizeof(struct vm_entry));
}

/* Memory for n regions, taken before anything changes (nothing charged yet): into
 * spare, or KERN_RESOURCE_SHORTAGE and none. */
static int entries_reserve(struct list *spare, uint64_t n)
{
	list_init(spare);
	for (; n; n--) {
		struct vm_entry *e = kmem_alloc(sizeof(*e));
		if (!e) {
			entries_unreserve(spare);
			return KERN_RESOURCE_SHORTAGE;
		}
		list_push_back(spare, &e->link);
	}
	return KERN_SUCCESS;
}

/* Whether dst's quota has room for vm_map_share's [start, end): the splits at its
 * ends, then n regions of src where dst's own are gone. */
static int share_room(struct vm_map *dst, uint64_t start, uint64_t end, uint64_t n)
{
	uint64_t splits = inside(dst, start) + inside(dst, end), gone = entries_in(dst, start, end);

	return ledger_room(dst->ledger, QUOTA_MAP_ENTRIES, splits + (n > gone ? n - gone : 0));
}

/* The regions of src's [start, end), whole, shadowed where they copy (so that dst
 * shares what they see, not what they copied from), with dst's quota and memory for
 * as many: everything vm_map_share can lack, checked or taken before dst changes. */
static int share_decide(struct vm_map *src, uint64_t start, uint64_t end, struct vm_map *dst,
			struct list *spare)
{
	int err = src == dst		  ? KERN_INVALID_ARGUMENT
		  : !range_ok(start, end) ? KERN_INVALID_ADDRESS
		  : dst->terminated	  ? KERN_TERMINATED
					  : clip_range(src, start, end);
	uint64_t n;

	if (err || (err = share_room(dst, start, end, n = entries_in(src, start, end))))
		return err;
	for_each_entry_in(src, e, start, end)
	{
		if (e->needs_copy && (err = vm_entry_shadow(e)))
			return err;
	}
	return entries_reserve(spare, n);
}

/* dst maps what e maps, at the same place, in a region of spare: one memory. */
static void share_into(struct vm_entry *e, struct vm_map *dst, struct list *spare)
{
	struct vm_entry *d = entry_of(list_pop_front(spare));
	int err = ledger_charge(dst->ledger, QUOTA_MAP_ENTRIES, 1);

	assert(!err); /* share_room saw to it */
	*d = (struct vm_entry){ .start = e->start,
				.end = e->end,
				.object = e->object,
				.offset = e->offset,
				.prot = e->prot,
				.max_prot = e->max_prot,
				.inherit = e->inherit };
	vm_object_ref(e->object);
	entry_link(dst, d);
}

/* Decide, then perform: once dst's regions there are gone nothing can fail. */
int vm_map_share(struct vm_map *src, uint64_t start, uint64_t end, struct vm_map *dst)
{
	struct list spare;
	int err = share_decide(src, start, end, dst, &spare);

	if (err)
		return err;
	if ((err = vm_map_remove(dst, start, end))) {
		entries_unreserve(&spare);
		return err;
	}
	for_each_entry_in(src, e, start, end) share_into(e, dst, &spare);
	return KERN_SUCCESS;
}

/* The object at the bottom of o's copy-on-write chain, *off turned into an offset there. */
static struct vm_object *chain_bottom(struct vm_object *o, uint64_t *off)
{
	for (; o->shadow; o = o->shadow)
		*off += o->shadow_offset;
	return o;
}

/* Whether a region maps its object in place and shares it: what it holds is not its
 * own to drop, and more of it is the same object further on. */
static int maps_shared(const struct vm_entry *e)
{
	return e->inherit == VM_INHERIT_SHARE && !e->needs_copy && !e->object->shadow;
}

/* What size bytes of e read from offset off of its object when it holds nothing of its
 * own: its object itself if shared, else the file at the bottom of its chain copied on
 * write, or zero-filled memory when that bottom is anonymous. Referenced for the caller. */
static int fresh_source(struct vm_entry *e, uint64_t off, uint64_t size, struct vm_object **out,
			uint64_t *out_off, int *copy)
{
	struct vm_object *b = chain_bottom(e->object, &off);

	if (b->device)
		return KERN_INVALID_ARGUMENT;
	*copy = !maps_shared(e);
	if (vm_object_external(b)) {
		vm_object_ref(b);
		if (off + size > b->size)
			b->size = off + size;
		*out = b;
		*out_off = off;
		return KERN_SUCCESS;
	}
	*out = vm_object_create(size);
	*out_off = 0;
	*copy = 0;
	return *out ? KERN_SUCCESS : KERN_RESOURCE_SHORTAGE;
}

/* Move the whole regions of [start, end) to begin at to, where nothing is mapped. They
 * keep their objects, so the pages go along uncopied; the page tables forget the old
 * addresses and the next touch finds the pages at the new ones. */
static void move_entries(struct vm_map *m, uint64_t start, uint64_t end, uint64_t to)
{
	struct list moved;
	struct vm_entry *after;

	list_init(&moved);
	pmap_remove(&m->pmap, start, end);
	for (struct vm_entry *e = vm_map_next(m, start), *next; e && e->start < end; e = next) {
		next = e->link.next == &m->entries ? NULL : entry_of(e->link.next);
		list_remove(&e->link);
		list_push_back(&moved, &e->link);
		e->start = e->start - start + to;
		e->end = e->end - start + to;
	}
	m->hint = NULL;
	after = vm_map_next(m, to);
	while (!list_empty(&moved)) {
		struct vm_entry *e = entry_of(moved.next);
		list_remove(&e->link);
		list_push_back(after ? &after->link : &m->entries, &e->link);
	}
}

/* Where [start, start + size) goes as new_size bytes: KERN_NO_SPACE if it cannot. */
static int remap_target(struct vm_map *m, uint64_t start, uint64_t size, uint64_t *to,
			uint64_t new_size, int fixed)
{
	if (fixed && *to == start) {
		if (new_size <= size)
			return KERN_SUCCESS;
		if (!range_ok(start, start + new_size))
			return KERN_NO_SPACE;
		return range_free(m, start + size, start + new_size) ? KERN_SUCCESS : KERN_NO_SPACE;
	}
	if (fixed) {
		if (!range_ok(*to, *to + new_size))
			return KERN_INVALID_ADDRESS;
		return range_free(m, *to, *to + new_size) ? KERN_SUCCESS : KERN_NO_SPACE;
	}
	*to = find_space(m, *to, new_size);
	return *to ? KERN_SUCCESS : KERN_NO_SPACE;
}

/* Map the growth of a region that now ends at end: grow bytes more of what it maps. */
static int grow_after(struct vm_map *m, struct vm_entry *e, struct vm_object *o, uint64_t off,
		      int copy, uint64_t grow)
{
	uint64_t at = e->end;
	int err = vm_map_enter(m, &at, grow, 1, o, off, e->prot, e->max_prot, e->inherit);

	if (err)
		return err;
	struct vm_entry *grown = vm_map_lookup(m, at);
	grown->needs_copy = copy;
	grown->no_fork = e->no_fork;
	return KERN_SUCCESS;
}

/* Map at start again what each region moved to [to, to + size) read before it held
 * anything of its own: the same object if shared, else as fresh_source says. */
static int leave_behind(struct vm_map *m, uint64_t start, uint64_t to, uint64_t size)
{
	for_each_entry_in(m, e, to, to + size)
	{
		uint64_t at = e->start - to + start, off = e->offset;
		struct vm_object *o = e->object;
		int copy = 0, err = KERN_SUCCESS;
		if (maps_shared(e))
			vm_object_ref(o);
		else
			err = fresh_source(e, e->offset, e->end - e->start, &o, &off, &copy);
		if (!err && (err = vm_map_enter(m, &at, e->end - e->start, 1, o, off, e->prot,
						e->max_prot, e->inherit)))
			vm_object_deallocate(o);
		if (err)
			return err;
		vm_map_lookup(m, at)->needs_copy = copy;
	}
	return KERN_SUCCESS;
}

int vm_map_remap(struct vm_map *m, uint64_t start, uint64_t size, uint64_t *to, uint64_t new_size,
		 unsigned flags)
{
	int fixed = flags & VM_FIXED, keep_old;
	uint64_t end = start + size, keep = new_size < size ? new_size : size;
	struct vm_object *o = NULL;
	uint64_t off = 0;
	int copy = 0, err;

	if (m->terminated)
		return KERN_TERMINATED;
	if (!range_ok(start, end) || !new_size || !page_aligned(new_size) ||
	    (fixed && !page_aligned(*to)))
		return KERN_INVALID_ARGUMENT;
	if (!range_mapped(m, start, end))
		return KERN_INVALID_ADDRESS;
	if ((err = remap_target(m, start, size, to, new_size, fixed)))
		return err;
	keep_old = (flags & VM_REMAP_KEEP) && *to != start;
	/* the splits at start, at the cut and at end, and the growth: checked before any */
	err = ledger_room(m->ledger, QUOTA_MAP_ENTRIES,
			  inside(m, start) + inside(m, start + keep) +
				  (new_size < size ? inside(m, end) : new_size > size));
	if (!err && new_size > size) {
		struct vm_entry *last = vm_map_lookup(m, end - 1);
		err = fresh_source(last, last->offset + (end - last->start), new_size - size, &o,
				   &off, &copy);
	}
	if (!err && new_size < size)
		err = vm_map_remove(m, start + keep, end);
	if (!err)
		err = clip_range(m, start, start + keep);
	if (!err && keep_old) /* the copies left behind: one region each */
		err = ledger_room(m->ledger, QUOTA_MAP_ENTRIES,
				  entries_in(m, start, start + keep) + (o != NULL));
	if (err) {
		if (o)
			vm_object_deallocate(o);
		return err;
	}
	if (*to != start)
		move_entries(m, start, start + keep, *to);
	if (o &&
	    (err = grow_after(m, vm_map_lookup(m, *to + keep - 1), o, off, copy, new_size - keep)))
		vm_object_deallocate(o);
	return err || !keep_old ? err : leave_behind(m, start, *to, keep);
}

/* Whether e's pages are its own to free: its object is anonymous memory in memory
 * (no pager, not even the default one holding some of it), copied by nobody, and used
 * by m's regions alone, which map other parts of it (pieces of one region). */
static int owns_pages(struct vm_map *m, struct vm_entry *e)
{
	struct vm_object *o = e->object;
	uint32_t users = 0;

	if (e->needs_copy || o->pager || o->device || o->shadow || !list_empty(&o->shadowers))
		return 0;
	list_for_each(l, &m->entries) users += entry_of(l)->object == o;
	return users == o->refs;
}

/* Drop what e holds for itself unless it shares its object: its own pages freed, or
 * its object replaced (see fresh_source) when others may still see those pages. */
static int discard_entry(struct vm_map *m, struct vm_entry *e)
{
	struct vm_object *o;
	uint64_t off;
	int copy, err;

	if (maps_shared(e) || e->object->device || e->object->wired)
		return KERN_SUCCESS; /* DMA buffers keep their frames */
	if (owns_pages(m, e)) {
		vm_object_free_range(e->object, e->offset, e->end - e->start);
		return KERN_SUCCESS;
	}
	if ((err = fresh_source(e, e->offset, e->end - e->start, &o, &off, &copy)))
		return err;
	pmap_remove(&m->pmap, e->start, e->end);
	vm_object_deallocate(e->object);
	e->object = o;
	e->offset = off;
	e->needs_copy = copy;
	return KERN_SUCCESS;
}

int vm_map_discard(struct vm_map *m, uint64_t start, uint64_t end)
{
	if (!range_ok(start, end))
		return KERN_INVALID_ARGUMENT;
	if (!range_mapped(m, start, end))
		return KERN_INVALID_ADDRESS;
	int err = clip_range(m, start, end);
	for_each_entry_in(m, e, start, end) if (!err) err = discard_entry(m, e);
	return err;
}
