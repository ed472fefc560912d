/*
 * A task's capability space: the table from its local names to the rights it
 * holds. Pure bookkeeping: what a right means is ipc/right.c's business. One port
 * has at most one name per space for its receive and send rights (found through the
 * reverse map); every send-once right has a name of its own.
 */
#ifndef IPC_CAPSPACE_H
#define IPC_CAPSPACE_H

#include <masque/types.h>
#include <stddef.h>
#include <stdint.h>

#define CAP_SPACE_MAX 65536 /* names per task */
#define UREFS_MAX     0x10000000

struct dn_request;
struct ledger;

struct cap {
	void *object;	 /* struct port or struct portset; next free index if free */
	uint32_t urefs;	 /* user references of send or dead-name rights */
	uint16_t rights; /* RIGHT_* bits; 0: the slot is free */
	uint8_t gen;	 /* generation of the name now using this slot */
	uint8_t pad;
	struct dn_request *dn; /* dead-name notification request, if any */
};

struct capspace {
	struct cap *table;  /* table[0] is never used: PORT_NULL */
	uint32_t size;	    /* slots in table */
	uint32_t free_head; /* first free slot, 0 if none */
	uint32_t used;	    /* slots in use, the spare included */
	uint32_t spare;	    /* a freed slot kept charged for the next fresh name; 0: none */
	/* reverse map: object -> index, open addressing over rsize slots */
	uint32_t *reverse;
	uint32_t rsize, rused;
	struct ledger *ledger; /* the owner's, charged a name per slot in use; NULL: none */
};

int cap_space_init(struct capspace *s);
void cap_space_free(struct capspace *s);
/* The entry a name denotes, or NULL if the name is free, stale or out of range.
 * Inline: every message looks up two to four names. */
static inline struct cap *cap_lookup(const struct capspace *s, port_name_t name)
{
	uint32_t i = NAME_INDEX(name);

	if (i >= s->size)
		return NULL;
	/* slot 0 never has rights; a name with its top bit set matches no generation */
	struct cap *e = &s->table[i];
	if (!e->rights || e->gen != name >> 24)
		return NULL;
	return e;
}
/* Take a fresh name; its entry has no rights yet. */
int cap_alloc(struct capspace *s, port_name_t *name, struct cap **entry);
/* The same from the spare slot (see cap_free_to_spare), inline for the fast path:
 * its entry, or NULL if there is no spare. */
static inline struct cap *cap_alloc_spare(struct capspace *s, port_name_t *name)
{
	if (!s->spare)
		return NULL;
	struct cap *e = &s->table[s->spare];
	*name = NAME_MAKE(s->spare, e->gen);
	s->spare = 0;
	return e;
}
/* Take a name the caller chose; KERN_NAME_EXISTS if it is in use. */
int cap_alloc_at(struct capspace *s, port_name_t name, struct cap **entry);
/* Give the name back; its slot's next name gets a new generation. */
void cap_free(struct capspace *s, port_name_t name);
/* Clear entry e for the next name of its slot, of a new generation. */
static inline void cap_clear(struct cap *e)
{
	e->rights = 0;
	e->urefs = 0;
	e->dn = NULL;
	e->object = NULL;
	e->gen = (e->gen + 1) & 0x7f;
}
/* cap_free, but the slot stays charged as the space's spare (if it has none yet), for
 * the next cap_alloc to take without the free list or the ledger: the fast path's
 * reply rights come and go one per call. The spare counts against the names quota. */
static inline void cap_free_to_spare(struct capspace *s, port_name_t name)
{
	if (s->spare) {
		cap_free(s, name);
		return;
	}
	s->spare = NAME_INDEX(name);
	cap_clear(&s->table[s->spare]);
}
/* The name under which object's receive or send rights are held, or PORT_NULL. */
port_name_t cap_reverse_lookup(const struct capspace *s, const void *object);
int cap_reverse_insert(struct capspace *s, const void *object, port_name_t name);
void cap_reverse_remove(struct capspace *s, const void *object);
/* The name of the entry e (which must be in use). */
port_name_t cap_name(const struct capspace *s, const struct cap *e);

#endif
