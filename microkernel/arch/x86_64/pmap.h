/*
 * Hardware page tables (the "physical map" in Mach's terms): the machine-dependent
 * cache of what address maps say. Everything here can be rebuilt from the vm_map,
 * so the VM layer may drop mappings at any time.
 */
#ifndef ARCH_PMAP_H
#define ARCH_PMAP_H

#include <stdint.h>

struct ledger;

struct pmap {
	uint64_t *pml4; /* through the physmap */
	uint64_t pml4_phys;
	uint64_t table_pages;  /* page-table pages below the PML4, for accounting */
	int wired;	       /* a system task's: what it maps stays in memory */
	struct ledger *ledger; /* its map's: charged per page-table page */
};

#define PTE_PRESENT  0x1ull
#define PTE_WRITE    0x2ull
#define PTE_USER     0x4ull
#define PTE_NOCACHE  0x10ull
#define PTE_ACCESSED 0x20ull
#define PTE_DIRTY    0x40ull
#define PTE_HUGE     0x80ull
#define PTE_GLOBAL   0x100ull
#define PTE_NX	     (1ull << 63)
#define PTE_ADDR     0x000ffffffffff000ull

void pmap_bootstrap(void);
int pmap_create(struct pmap *p);
void pmap_destroy(struct pmap *p);
/* Remove every mapping of the lower half and free its page tables (a map that ends):
 * one walk, where a remove of the whole range would leave the tables to walk again. */
void pmap_clear(struct pmap *p);
/* Map one page; prot is VM_PROT_*; flags PTE_NOCACHE for device memory. */
int pmap_enter(struct pmap *p, uint64_t va, uint64_t pa, unsigned prot, uint64_t flags);
void pmap_remove(struct pmap *p, uint64_t start, uint64_t end);
/* Reduce the protection of present mappings in [start, end) to prot. */
void pmap_protect(struct pmap *p, uint64_t start, uint64_t end, unsigned prot);
/* Reduce every mapping of a frame, in any address space, to prot (NONE: remove).
 * This is what lets the VM layer replace or evict a page that others map. */
struct vm_page;
void pmap_page_protect(struct vm_page *page, unsigned prot);
/* Whether any mapping of the frame has been written through (and clear the marks). */
int pmap_page_test_dirty(struct vm_page *page);
/* Whether some address space that maps the frame keeps it in memory. */
int pmap_page_wired(const struct vm_page *page);
/* Whether any mapping of the frame was used since the last test (and clear the marks). */
int pmap_page_test_referenced(struct vm_page *page);

/* The page-table entry for va, or 0 if none. */
uint64_t pmap_lookup(const struct pmap *p, uint64_t va);
void pmap_activate(struct pmap *p);
struct pmap *pmap_kernel(void);

#endif
