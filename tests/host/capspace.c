/*
 * Host test of microkernel/ipc/capspace.c, run by capspace.t: names and their
 * generations, growth to CAP_SPACE_MAX, names chosen by the caller, the reverse map
 * under random churn checked against a model, and running out of memory at every
 * allocation, and the names quota of a ledger. Prints TAP. Usage: capspace [SEED]
 */
#include <masque/error.h>
#include <masque/rights.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ipc/capspace.h"
#include "kern/ledger.h"
#include "kmem_shim.h"
#include "tap.h"

#define INITIAL_SLOTS 64   /* capspace.c's first table and reverse map */
#define POOL	      4096 /* objects for the reverse-map churn */
#define CHURN_OPS     100000

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;
static char pool[POOL]; /* distinct addresses standing for ports */

static uint32_t rnd(uint32_t n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)(rng_state % n);
}

/* What the reverse map should hold: pool object i under name_of[i] (0: absent). */
struct model {
	port_name_t name_of[POOL];
	uint32_t live;
};

/* Whether a name is well formed: not PORT_NULL, below 2^31, inside the table. */
static int name_ok(const struct capspace *s, port_name_t name)
{
	return name != PORT_NULL && !(name >> 31) && NAME_INDEX(name) < s->size;
}

/* Take a name and make it hold a receive right, as port_allocate does. */
static int take(struct capspace *s, void *object, port_name_t *name)
{
	struct cap *e;
	int err = cap_alloc(s, name, &e);

	if (!err) {
		e->object = object;
		e->rights = RIGHT_RECEIVE;
	}
	return err;
}

/* take, and enter the object in the reverse map; undone if that fails. */
static int take_mapped(struct capspace *s, struct model *m, int i)
{
	port_name_t name;
	int err = take(s, &pool[i], &name);

	if (!err && (err = cap_reverse_insert(s, &pool[i], name)))
		cap_free(s, name);
	if (!err) {
		m->name_of[i] = name;
		m->live++;
	}
	return err;
}

/* Undo take_mapped: the reverse entry first, as ipc/right.c's entry_update does. */
static void drop_mapped(struct capspace *s, struct model *m, int i)
{
	cap_reverse_remove(s, &pool[i]);
	cap_free(s, m->name_of[i]);
	m->name_of[i] = PORT_NULL;
	m->live--;
}

/* The free list: its length, or -1 (with a diagnostic) if it is not a list of
 * distinct free slots. */
static int64_t free_list_length(const struct capspace *s)
{
	char *seen = calloc(s->size, 1);
	int64_t n = 0;

	for (uint32_t i = s->free_head; i; i = (uint32_t)(uintptr_t)s->table[i].object, n++) {
		if (i >= s->size || seen[i] || s->table[i].rights) {
			diag("free list: bad slot %u after %lld", i, (long long)n);
			n = -1;
			break;
		}
		seen[i] = 1;
	}
	free(seen);
	return n;
}

/* Every invariant of the table, and the reverse map against the model (if any). */
static int space_consistent(const struct capspace *s, const struct model *m)
{
	uint32_t unused = 0, live = 0;

	if (s->size < INITIAL_SLOTS || s->size > CAP_SPACE_MAX || (s->size & (s->size - 1))) {
		diag("table size %u", s->size);
		return 0;
	}
	for (uint32_t i = 1; i < s->size; i++)
		unused += !s->table[i].rights;
	if (s->spare && (s->spare >= s->size || s->table[s->spare].rights)) {
		diag("spare slot %u", s->spare);
		return 0;
	}
	/* the spare is unused but off the free list, and counted as used */
	int64_t nfree = free_list_length(s);
	uint32_t spares = s->spare != 0;
	if (nfree != unused - spares || s->used != s->size - 1 - unused + spares) {
		diag("free list %lld, unused slots %u, spare %u, used %u, size %u",
		     (long long)nfree, unused, s->spare, s->used, s->size);
		return 0;
	}
	if (s->rsize < INITIAL_SLOTS || (s->rsize & (s->rsize - 1)) || s->rused * 2 > s->rsize) {
		diag("reverse map: %u used of %u", s->rused, s->rsize);
		return 0;
	}
	for (uint32_t h = 0; h < s->rsize; h++) {
		uint32_t idx = s->reverse[h];
		if (idx == 0 || idx >= s->size) /* empty or a tombstone */
			continue;
		const struct cap *e = &s->table[idx];
		if (!e->rights || cap_reverse_lookup(s, e->object) != cap_name(s, e)) {
			diag("reverse slot %u: index %u does not map back", h, idx);
			return 0;
		}
		live++;
	}
	if (!m)
		return 1;
	for (int i = 0; i < POOL; i++) {
		if (cap_reverse_lookup(s, &pool[i]) != m->name_of[i]) {
			diag("object %d: reverse lookup %#x, model %#x", i,
			     cap_reverse_lookup(s, &pool[i]), m->name_of[i]);
			return 0;
		}
	}
	if (live != m->live) {
		diag("reverse map holds %u objects, model %u", live, m->live);
		return 0;
	}
	return 1;
}

static void test_init(void)
{
	struct capspace s;
	size_t base = kmem_in_use();

	is(cap_space_init(&s), KERN_SUCCESS, "cap_space_init");
	ok(s.size == INITIAL_SLOTS && s.used == 0 && s.free_head != 0,
	   "a new space: %u slots, none used", s.size);
	ok(space_consistent(&s, NULL), "a new space is consistent");
	cap_space_free(&s);
	ok(kmem_in_use() == base && !s.table && !s.reverse && !s.size,
	   "cap_space_free of a new space frees its table and reverse map");
	for (int n = 1; n <= 2; n++) {
		kmem_fail_nth(n);
		is(cap_space_init(&s), KERN_RESOURCE_SHORTAGE,
		   "cap_space_init with allocation %d failing", n);
		is(kmem_in_use(), base, "... leaves nothing allocated");
	}
	kmem_fail_nth(0);
}

static void test_names(void)
{
	struct capspace s;
	port_name_t names[200];
	struct cap *e;
	int good = 1, distinct = 1;

	cap_space_init(&s);
	for (int i = 0; i < 200; i++) {
		good &= cap_alloc(&s, &names[i], &e) == KERN_SUCCESS && name_ok(&s, names[i]) &&
			cap_lookup(&s, names[i]) == NULL;
		e->rights = RIGHT_SEND; /* the pointer lasts only until the table grows */
		e->object = &pool[i];
		for (int j = 0; j < i; j++)
			distinct &= names[j] != names[i];
	}
	ok(good, "200 names: never PORT_NULL, below 2^31, unresolved until they hold a right");
	ok(distinct, "... all distinct");
	ok(s.size == 256 && s.used == 200, "... the table grew from 64 to %u slots", s.size);
	good = 1;
	for (int i = 0; i < 200; i++) {
		struct cap *e = cap_lookup(&s, names[i]);
		good &= e && e->object == &pool[i] && cap_name(&s, e) == names[i];
	}
	ok(good, "each live name resolves to its entry, which keeps its object across growth");

	port_name_t n = names[17];
	ok(!cap_lookup(&s, n | 0x80000000u), "a name with bit 31 set does not resolve");
	ok(!cap_lookup(&s, NAME_MAKE(NAME_INDEX(n), NAME_GEN(n) + 1)),
	   "a live slot under another generation does not resolve");
	ok(!cap_lookup(&s, PORT_NULL) && !cap_lookup(&s, NAME_MAKE(0, 1)),
	   "index 0 never resolves");
	ok(!cap_lookup(&s, NAME_MAKE(s.size, 0)) && !cap_lookup(&s, NAME_MAKE(0xffffff, 0)) &&
		   !cap_lookup(&s, PORT_DEAD),
	   "indexes past the table do not resolve");
	cap_free(&s, n);
	ok(!cap_lookup(&s, n), "a freed name does not resolve");
	ok(!cap_lookup(&s, NAME_MAKE(250, 0)), "a slot never used does not resolve");
	ok(space_consistent(&s, NULL), "the table is consistent");
	cap_space_free(&s);
}

/* Fill the first table, then free and retake one name again and again: the only free
 * slot is reused each time, under a new generation. */
static void test_stale_names(void)
{
	struct capspace s;
	port_name_t name, gens[128];
	struct cap *e;

	cap_space_init(&s);
	for (int i = 1; i < INITIAL_SLOTS; i++)
		take(&s, &pool[i], &name);
	gens[0] = name;
	int reused = 1, stale_fails = 1, fresh_works = 1;
	for (int r = 1; r < 128; r++) {
		cap_free(&s, gens[r - 1]);
		cap_alloc(&s, &gens[r], &e);
		e->rights = RIGHT_SEND;
		reused &= NAME_INDEX(gens[r]) == NAME_INDEX(name) && s.size == INITIAL_SLOTS;
		fresh_works &= cap_lookup(&s, gens[r]) == e;
		for (int q = 0; q < r; q++)
			stale_fails &= gens[q] != gens[r] && !cap_lookup(&s, gens[q]);
	}
	ok(reused, "the one free slot is reused 127 times");
	ok(fresh_works, "... each new name resolves");
	ok(stale_fails, "... and no earlier name of the slot does, through 127 reuses");
	cap_free(&s, gens[127]);
	cap_alloc(&s, &name, &e);
	diag("generations wrap after 128 uses of a slot (7 bits): use 128 is %#x, use 0 was %#x",
	     name, gens[0]);
	cap_space_free(&s);
}

static void test_growth_limit(void)
{
	struct capspace s;
	struct cap *e;
	port_name_t name;
	int err = KERN_SUCCESS, good = 1;
	uint32_t n = 0;
	size_t base = kmem_in_use();
	char *seen = calloc(CAP_SPACE_MAX, 1);

	cap_space_init(&s);
	while ((err = cap_alloc(&s, &name, &e)) == KERN_SUCCESS) {
		good &= name_ok(&s, name) && !seen[NAME_INDEX(name)];
		seen[NAME_INDEX(name)] = 1;
		e->rights = RIGHT_SEND;
		e->object = &pool[n % POOL];
		n++;
	}
	is(n, CAP_SPACE_MAX - 1, "names until the table is full");
	ok(good, "... each well formed and in a slot of its own");
	is(err, KERN_NO_SPACE, "then cap_alloc fails with KERN_NO_SPACE");
	ok(s.size == CAP_SPACE_MAX && s.used == CAP_SPACE_MAX - 1,
	   "... the table at CAP_SPACE_MAX slots");
	is(cap_alloc_at(&s, NAME_MAKE(500, 1), &e), KERN_NAME_EXISTS,
	   "cap_alloc_at a used name of a full table: KERN_NAME_EXISTS");
	is(cap_alloc_at(&s, NAME_MAKE(CAP_SPACE_MAX, 0), &e), KERN_INVALID_NAME,
	   "cap_alloc_at past CAP_SPACE_MAX: KERN_INVALID_NAME");
	good = 1;
	for (uint32_t i = 1; i < CAP_SPACE_MAX; i++)
		good &= cap_lookup(&s, NAME_MAKE(i, 0)) == &s.table[i];
	ok(good, "every name of the full table resolves");
	cap_free(&s, NAME_MAKE(40000, 0));
	is(cap_alloc(&s, &name, &e), KERN_SUCCESS, "a freed slot can be taken again");
	is(name, NAME_MAKE(40000, 1), "... under the next generation");
	e->rights = RIGHT_SEND;
	ok(space_consistent(&s, NULL), "the full table is consistent");
	cap_space_free(&s);
	is(kmem_in_use(), base, "cap_space_free of the full table frees it all");
	free(seen);
}

static void test_alloc_at(void)
{
	struct capspace s;
	struct cap *e, *e2;
	port_name_t name;

	cap_space_init(&s);
	is(cap_alloc_at(&s, NAME_MAKE(10, 5), &e), KERN_SUCCESS,
	   "cap_alloc_at index 10, generation 5");
	e->rights = RIGHT_SEND;
	ok(e == &s.table[10] && cap_lookup(&s, NAME_MAKE(10, 5)) == e &&
		   cap_name(&s, e) == NAME_MAKE(10, 5),
	   "... resolves under that generation");
	ok(!cap_lookup(&s, NAME_MAKE(10, 0)), "... and not under the slot's old one");
	is(cap_alloc_at(&s, NAME_MAKE(10, 5), &e2), KERN_NAME_EXISTS,
	   "the same name again: KERN_NAME_EXISTS");
	is(cap_alloc_at(&s, NAME_MAKE(10, 6), &e2), KERN_NAME_EXISTS,
	   "its slot under another generation: KERN_NAME_EXISTS");
	static const port_name_t bad[] = { PORT_NULL,
					   NAME_MAKE(0, 3),
					   0x80000005u,
					   NAME_MAKE(CAP_SPACE_MAX, 0),
					   NAME_MAKE(0xffffff, 0),
					   PORT_DEAD };
	int all_bad = 1;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		all_bad &= cap_alloc_at(&s, bad[i], &e2) == KERN_INVALID_NAME;
	ok(all_bad, "index 0, bit 31, indexes from CAP_SPACE_MAX: KERN_INVALID_NAME");
	ok(s.size == INITIAL_SLOTS && s.used == 1, "... without changing the table");

	/* the head, the middle and the tail of the first free list */
	int good = 1;
	static const uint32_t spots[] = { 1, 33, INITIAL_SLOTS - 1 };
	for (size_t i = 0; i < 3; i++) {
		good &= cap_alloc_at(&s, NAME_MAKE(spots[i], 0), &e2) == KERN_SUCCESS;
		e2->rights = RIGHT_RECEIVE;
	}
	ok(good && space_consistent(&s, NULL), "slots 1, 33 and 63 taken out of the free list");
	is(cap_alloc_at(&s, NAME_MAKE(1000, 2), &e2), KERN_SUCCESS, "a name past the table's end");
	e2->rights = RIGHT_RECEIVE;
	ok(s.size == 1024 && cap_lookup(&s, NAME_MAKE(1000, 2)) == e2,
	   "... grows the table to hold it (%u slots)", s.size);
	is(cap_alloc_at(&s, NAME_MAKE(CAP_SPACE_MAX - 1, 3), &e2), KERN_SUCCESS, "the last name");
	e2->rights = RIGHT_RECEIVE;
	ok(s.size == CAP_SPACE_MAX && space_consistent(&s, NULL), "... grows it to CAP_SPACE_MAX");

	uint32_t n = 0;
	good = 1;
	while (cap_alloc(&s, &name, &e2) == KERN_SUCCESS) {
		uint32_t i = NAME_INDEX(name);
		good &= i != 10 && i != 1 && i != 33 && i != INITIAL_SLOTS - 1 && i != 1000 &&
			i != CAP_SPACE_MAX - 1;
		e2->rights = RIGHT_SEND;
		n++;
	}
	ok(good && n == CAP_SPACE_MAX - 1 - 6,
	   "cap_alloc hands out every other slot, none of the chosen ones (%u)", n);
	cap_free(&s, NAME_MAKE(33, 0));
	is(cap_alloc_at(&s, NAME_MAKE(33, 9), &e2), KERN_SUCCESS,
	   "a freed chosen name, retaken under another generation");
	e2->rights = RIGHT_SEND;
	ok(!cap_lookup(&s, NAME_MAKE(33, 0)) && cap_lookup(&s, NAME_MAKE(33, 9)) == e2,
	   "... only the new name resolves");
	ok(space_consistent(&s, NULL), "the table is consistent");
	cap_space_free(&s);
}

static void test_reverse_basics(void)
{
	struct capspace s;
	static struct model m;
	size_t base = kmem_in_use();

	memset(&m, 0, sizeof(m));
	cap_space_init(&s);
	ok(cap_reverse_lookup(&s, &pool[0]) == PORT_NULL, "an empty reverse map finds nothing");
	for (int i = 0; i < 40; i++)
		take_mapped(&s, &m, i);
	ok(space_consistent(&s, &m), "40 objects inserted are found under their names");
	for (int i = 0; i < 40; i += 2)
		drop_mapped(&s, &m, i);
	ok(space_consistent(&s, &m), "with every other one removed, the rest are still found");
	cap_reverse_remove(&s, &pool[100]);
	ok(space_consistent(&s, &m), "removing an object that is not there changes nothing");

	/* churn with few objects live: tombstones must not make the map grow */
	uint32_t rsize = s.rsize;
	for (int round = 0; round < 10000; round++) {
		int i = 1000 + round % 2000;
		take_mapped(&s, &m, i);
		drop_mapped(&s, &m, i);
	}
	ok(s.rsize == rsize && space_consistent(&s, &m),
	   "10,000 objects inserted and removed in turn: the reverse map keeps its size (%u)",
	   s.rsize);
	cap_space_free(&s);
	is(kmem_in_use(), base, "cap_space_free frees the grown reverse map");
}

/* Random inserts, removes and lookups, each checked against the model. */
static void test_reverse_churn(void)
{
	struct capspace s;
	static struct model m;
	int lookups_good = 1, consistent = 1;
	uint32_t peak = 0, shrinks = 0, inserts = 0, removes = 0;

	memset(&m, 0, sizeof(m));
	cap_space_init(&s);
	for (int op = 0; op < CHURN_OPS; op++) {
		int i = rnd(POOL);
		uint32_t r = rnd(100), before = s.rused;
		/* phases that favour inserting, then removing, so the live count swings */
		int insert_bias = (op / 20000) % 2 ? 30 : 60;
		if (r < (uint32_t)insert_bias && !m.name_of[i]) {
			consistent &= take_mapped(&s, &m, i) == KERN_SUCCESS;
			shrinks += s.rused <= before;
			inserts++;
		} else if (r < 90 && m.name_of[i]) {
			drop_mapped(&s, &m, i);
			removes++;
		} else {
			lookups_good &= cap_reverse_lookup(&s, &pool[i]) == m.name_of[i];
		}
		if (m.live > peak)
			peak = m.live;
		if (op % 5000 == 4999)
			consistent &= space_consistent(&s, &m);
	}
	ok(lookups_good,
	   "%d random operations (%u inserts, %u removes): every lookup agrees with the model",
	   CHURN_OPS, inserts, removes);
	ok(consistent && space_consistent(&s, &m),
	   "... and the whole map does, every 5,000 operations");
	ok(shrinks > 0, "... tombstones were cleared by rehashing (%u times)", shrinks);
	ok(s.rsize <= 8 * (peak + 1),
	   "... the map stayed in proportion: %u slots for at most %u objects", s.rsize, peak);
	cap_space_free(&s);
}

/* A run of table operations that allocate at every turn, tolerating any of them
 * failing for lack of memory. Returns 0 if something else went wrong. */
static int oom_scenario(struct model *m)
{
	struct capspace s;
	struct cap *e;
	int good = 1;

	memset(m, 0, sizeof(*m));
	int err = cap_space_init(&s);
	if (err)
		return err == KERN_RESOURCE_SHORTAGE;
	for (int i = 0; i < 300; i++) {
		err = take_mapped(&s, m, i);
		good &= err == KERN_SUCCESS || err == KERN_RESOURCE_SHORTAGE;
	}
	for (int i = 0; i < 300; i += 3)
		if (m->name_of[i])
			drop_mapped(&s, m, i);
	err = cap_alloc_at(&s, NAME_MAKE(5000, 3), &e);
	good &= err == KERN_SUCCESS || err == KERN_RESOURCE_SHORTAGE;
	if (!err) {
		e->object = &pool[POOL - 1];
		e->rights = RIGHT_SEND;
		if (cap_reverse_insert(&s, e->object, NAME_MAKE(5000, 3))) {
			cap_free(&s, NAME_MAKE(5000, 3));
		} else {
			m->name_of[POOL - 1] = NAME_MAKE(5000, 3);
			m->live++;
		}
	}
	for (int i = 300; i < 600; i++) {
		err = take_mapped(&s, m, i);
		good &= err == KERN_SUCCESS || err == KERN_RESOURCE_SHORTAGE;
	}
	good &= space_consistent(&s, m);
	cap_space_free(&s);
	return good;
}

static void test_out_of_memory(void)
{
	struct capspace s;
	static struct model m;
	port_name_t name;
	struct cap *e;
	size_t base = kmem_in_use();

	/* the table's growth failing */
	memset(&m, 0, sizeof(m));
	cap_space_init(&s);
	for (int i = 1; i < INITIAL_SLOTS; i++)
		take(&s, &pool[i], &name);
	kmem_fail_nth(1);
	is(cap_alloc(&s, &name, &e), KERN_RESOURCE_SHORTAGE, "cap_alloc when growing fails");
	ok(s.size == INITIAL_SLOTS && s.used == INITIAL_SLOTS - 1 && space_consistent(&s, NULL),
	   "... leaves the table as it was");
	is(cap_alloc(&s, &name, &e), KERN_SUCCESS, "... and the next cap_alloc grows it");
	e->rights = RIGHT_SEND;
	kmem_fail_nth(2);
	is(cap_alloc_at(&s, NAME_MAKE(1000, 0), &e), KERN_RESOURCE_SHORTAGE,
	   "cap_alloc_at 1000 when the second of its growths fails");
	ok(s.size == 256 && space_consistent(&s, NULL), "... keeps the first growth, consistent");
	cap_space_free(&s);

	/* the reverse map's rehash failing */
	memset(&m, 0, sizeof(m));
	cap_space_init(&s);
	for (int i = 0; i < INITIAL_SLOTS / 2; i++) /* a map half full: the next insert rehashes */
		take_mapped(&s, &m, i);
	kmem_fail_nth(1);
	int err = take(&s, &pool[INITIAL_SLOTS], &name);
	is(cap_reverse_insert(&s, &pool[INITIAL_SLOTS], name), KERN_RESOURCE_SHORTAGE,
	   "cap_reverse_insert when its rehash fails");
	cap_free(&s, name);
	ok(!err && s.rsize == INITIAL_SLOTS && space_consistent(&s, &m),
	   "... leaves the reverse map as it was");
	is(take_mapped(&s, &m, INITIAL_SLOTS), KERN_SUCCESS, "... and the next insert rehashes");
	ok(s.rsize > INITIAL_SLOTS && space_consistent(&s, &m), "... into %u slots", s.rsize);
	cap_space_free(&s);
	is(kmem_in_use(), base, "nothing leaked");

	/* every allocation of a longer run failing in turn */
	int failures_ok = 1, points = 0;
	for (unsigned long n = 1;; n++) {
		kmem_fail_nth(n);
		int good = oom_scenario(&m);
		int hit = kmem_failed();
		kmem_fail_nth(0);
		if (!good || kmem_in_use() != base) {
			diag("allocation %lu failing: %s", n, good ? "leak" : "inconsistent");
			failures_ok = 0;
		}
		if (!hit)
			break;
		points++;
	}
	ok(failures_ok && points > 10,
	   "each of the %d allocations of a run failing in turn: consistent, no leak", points);
}

/* A space charged to a ledger whose names limit is 10: the 11th name is refused, a
 * freed name can be taken again, and the ledger counts exactly what is in use. */
static void test_names_quota(void)
{
	struct capspace s;
	struct task_quota q;
	struct cap *e;
	port_name_t names[11];
	struct ledger *l = ledger_create(NULL);
	int err = KERN_SUCCESS;

	cap_space_init(&s);
	s.ledger = l;
	ledger_get(l, &q);
	q.limit[QUOTA_NAMES] = 10;
	is(ledger_set_limits(l, &q, 0), KERN_SUCCESS, "a limit may be lowered without privilege");
	for (int i = 0; i < 10 && !err; i++)
		if (!(err = cap_alloc(&s, &names[i], &e)))
			e->rights = RIGHT_RECEIVE;
	is(err, KERN_SUCCESS, "10 names within the quota");
	is(cap_alloc(&s, &names[10], &e), KERN_NO_SPACE, "the 11th is refused with KERN_NO_SPACE");
	is(cap_alloc_at(&s, NAME_MAKE(40, 0), &e), KERN_NO_SPACE, "so is a name of our choosing");
	is(s.used, 10, "the refusals took no slot");
	cap_free(&s, names[3]);
	is(l->used[QUOTA_NAMES], 9, "a freed name is credited");
	is(cap_alloc(&s, &names[3], &e), KERN_SUCCESS, "and can be taken again");
	e->rights = RIGHT_RECEIVE;
	q.limit[QUOTA_NAMES] = 11;
	is(ledger_set_limits(l, &q, 0), KERN_NO_ACCESS, "raising a limit needs privilege");
	is(ledger_set_limits(l, &q, 1), KERN_SUCCESS, "which may raise it");
	is(cap_alloc(&s, &names[10], &e), KERN_SUCCESS, "then the 11th fits");
	cap_space_free(&s);
	is(l->used[QUOTA_NAMES], 0, "freeing the space credits every name");
	ledger_release(l);
}

/* The spare slot (the fast path's reply names): a name freed to it stops resolving but
 * stays charged, and the next fresh name, or a name chosen at its index, takes it. */
static void test_spare(void)
{
	struct capspace s;
	struct cap *e;
	port_name_t a, b, c, d;
	struct ledger *l = ledger_create(NULL);

	cap_space_init(&s);
	s.ledger = l;
	cap_alloc(&s, &a, &e);
	*e = (struct cap){
		.object = &pool[0], .urefs = 1, .rights = RIGHT_SEND_ONCE, .gen = e->gen
	};
	cap_alloc(&s, &b, &e);
	*e = (struct cap){
		.object = &pool[1], .urefs = 1, .rights = RIGHT_SEND_ONCE, .gen = e->gen
	};
	cap_free_to_spare(&s, a);
	ok(!cap_lookup(&s, a), "a name freed to the spare does not resolve");
	is(s.spare, NAME_INDEX(a), "its slot is the spare");
	is(l->used[QUOTA_NAMES], 2, "and stays charged");
	ok(space_consistent(&s, NULL), "the table is consistent with a spare");
	cap_free_to_spare(&s, b);
	ok(!cap_lookup(&s, b) && s.spare == NAME_INDEX(a),
	   "a second such name is freed: one spare");
	is(l->used[QUOTA_NAMES], 1, "and credited");
	is(cap_alloc(&s, &c, &e), KERN_SUCCESS, "a fresh name");
	ok(NAME_INDEX(c) == NAME_INDEX(a) && c != a && !s.spare,
	   "comes from the spare's slot, under a new generation");
	ok(!e->rights && !e->urefs && !e->dn && !e->object, "its entry is clear");
	is(l->used[QUOTA_NAMES], 1, "and is not charged again");
	e->rights = RIGHT_SEND_ONCE;
	e->object = &pool[2];
	cap_free_to_spare(&s, c);
	d = NAME_MAKE(NAME_INDEX(c), 5);
	is(cap_alloc_at(&s, d, &e), KERN_SUCCESS, "a name chosen at the spare's index is taken");
	ok(!s.spare && e == &s.table[NAME_INDEX(c)], "from the spare");
	e->rights = RIGHT_SEND;
	e->object = &pool[3];
	ok(cap_lookup(&s, d) == e, "and resolves");
	is(l->used[QUOTA_NAMES], 1, "without a second charge");
	ok(space_consistent(&s, NULL), "the table is consistent");
	cap_alloc(&s, &a, &e);
	e->rights = RIGHT_SEND_ONCE;
	e->object = &pool[4];
	cap_free_to_spare(&s, a);
	cap_space_free(&s);
	is(l->used[QUOTA_NAMES], 0, "freeing the space credits the spare too");
	ledger_release(l);
}

int main(int argc, char **argv)
{
	if (argc > 1)
		rng_state = strtoull(argv[1], NULL, 0) | 1;
	diag("seed %#llx", (unsigned long long)rng_state);
	test_init();
	test_names();
	test_stale_names();
	test_growth_limit();
	test_alloc_at();
	test_reverse_basics();
	test_reverse_churn();
	test_out_of_memory();
	test_names_quota();
	test_spare();
	is(kmem_in_use(), 0, "every byte allocated was freed");
	is(kmem_size_mismatches(), 0, "every block was freed with the size it was allocated with");
	return done_testing();
}
