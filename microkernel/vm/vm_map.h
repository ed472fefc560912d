/*
 * Address maps: a task's address space as a sorted list of regions, each mapping a
 * range of a memory object with a protection, a maximum protection and an
 * inheritance. Unallocated addresses have no region; allocated pages not yet
 * touched have no frame; the page tables (pmap) are only a cache of this.
 */
#ifndef VM_VM_MAP_H
#define VM_VM_MAP_H

#include <stdint.h>
#include "arch/x86_64/pmap.h"
#include "kern/list.h"

struct ledger;
struct vm_object;

struct vm_entry {
	struct list link; /* in map->entries, by address */
	uint64_t start, end;
	struct vm_object *object;
	uint64_t offset; /* of start within object */
	uint8_t prot, max_prot, inherit;
	uint8_t needs_copy; /* object is shared copy-on-write: shadow it before writing */
	uint8_t no_fork;    /* left out of new tasks, whatever its inheritance */
};

struct vm_map {
	uint32_t refs;	    /* its task's, and traps' working on it (see task/task.h) */
	uint8_t terminated; /* its task is gone: no regions, none can be entered */
	struct list entries;
	struct vm_entry *hint; /* the region last looked up (faults come in runs), or NULL */
	struct pmap pmap;
	uint32_t entry_count;
	uint64_t size;	       /* bytes mapped */
	struct ledger *ledger; /* the owner's, charged per region and page table */
};

#define VM_MAP_MIN VM_USER_MIN /* NULL pointers fault */

/* A new, empty map with one reference. */
int vm_map_create(struct vm_map **out);
void vm_map_ref(struct vm_map *m);
/* Drop a reference; the last one frees the map and its page tables. */
void vm_map_release(struct vm_map *m);
/* Remove every region for good: later enters fail with KERN_TERMINATED. */
void vm_map_terminate(struct vm_map *m);
/* Charge the map's regions and page tables to l from now on (a reference). */
void vm_map_set_ledger(struct vm_map *m, struct ledger *l);
struct vm_entry *vm_map_lookup(struct vm_map *m, uint64_t addr);
/* The first region at or after addr, or NULL. */
struct vm_entry *vm_map_next(struct vm_map *m, uint64_t addr);
/* Map size bytes of obj (whose reference the map takes on success) at *addr. */
int vm_map_enter(struct vm_map *m, uint64_t *addr, uint64_t size, int fixed, struct vm_object *obj,
		 uint64_t offset, unsigned prot, unsigned max_prot, unsigned inherit);
int vm_map_remove(struct vm_map *m, uint64_t start, uint64_t end);
int vm_map_protect(struct vm_map *m, uint64_t start, uint64_t end, unsigned prot, int set_max);
int vm_map_inherit(struct vm_map *m, uint64_t start, uint64_t end, unsigned inherit);
/* Move the regions of [start, start + size) to *to (VM_FIXED: exactly there, or in
 * place when *to is start; else the first gap at or above it), cut or grown to
 * new_size bytes; *to is where they went. VM_REMAP_KEEP: see vm_remap. */
int vm_map_remap(struct vm_map *m, uint64_t start, uint64_t size, uint64_t *to, uint64_t new_size,
		 unsigned flags);
/* Make the private regions of [start, end) read again what they copy (see vm_discard). */
int vm_map_discard(struct vm_map *m, uint64_t start, uint64_t end);
/* Fill dst (empty) from src by each region's inheritance. */
int vm_map_fork(struct vm_map *src, struct vm_map *dst);
/* dst's [start, end) becomes what src maps there, shared (vm_share); an error leaves
 * dst's regions as they were. */
int vm_map_share(struct vm_map *src, uint64_t start, uint64_t end, struct vm_map *dst);
/* Give a copy-on-write region its private shadow object (before a write). */
int vm_entry_shadow(struct vm_entry *e);
/* What the fault path counts, for vm_statistics. */
struct vm_counters {
	uint64_t faults, zero_fills, cow_copies, pager_requests, pageouts;
};
extern struct vm_counters vm_counters;

/* Resolve a fault at addr for access (VM_PROT_*): KERN_SUCCESS or why not (a fault
 * that waited for a pager may also end with KERN_ABORTED). */
int vm_fault(struct vm_map *m, uint64_t addr, unsigned access);

#endif
