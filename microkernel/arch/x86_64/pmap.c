/* Four-level x86-64 page tables. The upper half (physmap and kernel image) is
 * built once at boot with global 2 MiB pages, and every address space shares its
 * PML4 entries; the lower half belongs to the task. */
#include <masque/error.h>
#include <masque/vm.h>
#include <string.h>
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/layout.h"
#include "arch/x86_64/pmap.h"
#include "kern/console.h"
#include "kern/ledger.h"
#include "vm/kmem.h"
#include "vm/page.h"

#define ENTRIES	   512
#define LARGE_PAGE (2ull << 20)

static struct pmap kernel_pmap;
static struct pmap *active;

static int index_of(uint64_t va, int level)
{
	return (va >> (12 + 9 * level)) & 511;
}

static uint64_t *table_of(uint64_t entry)
{
	return phys_to_virt(entry & PTE_ADDR);
}

static uint64_t *new_table(void)
{
	struct vm_page *pg = page_alloc_zeroed(0);

	return pg ? page_to_virt(pg) : NULL;
}

static void map_large(uint64_t *pml4, uint64_t va, uint64_t pa)
{
	uint64_t *t = pml4;

	for (int level = 3; level > 1; level--) {
		uint64_t *e = &t[index_of(va, level)];
		if (!(*e & PTE_PRESENT)) {
			uint64_t *nt = new_table();
			if (!nt)
				panic("out of memory building the kernel page tables");
			*e = virt_to_phys(nt) | PTE_PRESENT | PTE_WRITE;
		}
		t = table_of(*e);
	}
	t[index_of(va, 1)] = pa | PTE_PRESENT | PTE_WRITE | PTE_HUGE | PTE_GLOBAL;
}

/* The kernel's own tables: all RAM at PHYSMAP_BASE, the first GiB at KERNEL_VBASE,
 * nothing in the lower half (the boot identity map is gone from here on). */
void pmap_bootstrap(void)
{
	uint64_t *pml4 = new_table();
	uint64_t ram_top = ((page_count << PAGE_SHIFT) + LARGE_PAGE - 1) & ~(LARGE_PAGE - 1);

	if (!pml4)
		panic("no memory for the kernel page tables");
	for (uint64_t pa = 0; pa < ram_top || pa < (1ull << 30); pa += LARGE_PAGE)
		map_large(pml4, PHYSMAP_BASE + pa, pa);
	for (uint64_t pa = 0; pa < (1ull << 30); pa += LARGE_PAGE)
		map_large(pml4, KERNEL_VBASE + pa, pa);
	kernel_pmap.pml4 = pml4;
	kernel_pmap.pml4_phys = virt_to_phys(pml4);
	write_cr3(kernel_pmap.pml4_phys);
	write_cr4(read_cr4() | 1 << 7); /* PGE: global pages survive address-space switches */
	active = &kernel_pmap;
}

struct pmap *pmap_kernel(void)
{
	return &kernel_pmap;
}

int pmap_create(struct pmap *p)
{
	uint64_t *pml4 = new_table();

	if (!pml4)
		return KERN_RESOURCE_SHORTAGE;
	memcpy(pml4 + 256, kernel_pmap.pml4 + 256, 256 * sizeof(uint64_t));
	p->pml4 = pml4;
	p->pml4_phys = virt_to_phys(pml4);
	p->table_pages = 0;
	return KERN_SUCCESS;
}

static void clear_table(struct pmap *p, uint64_t *t, int level, uint64_t base, int entries);

/* Free the page tables of the lower half; the frames they mapped belong to memory
 * objects and are released there. */
void pmap_destroy(struct pmap *p)
{
	pmap_clear(p);
	page_free(virt_to_page(p->pml4), 0);
	p->pml4 = NULL;
}

void pmap_clear(struct pmap *p)
{
	uint64_t tables = p->table_pages;

	if (active == p) /* nothing of p stays cached while its tables go */
		pmap_activate(&kernel_pmap);
	clear_table(p, p->pml4, 3, 0, ENTRIES / 2);
	ledger_credit(p->ledger, QUOTA_PAGE_TABLES, tables - p->table_pages);
}

/* The level-0 entry for va, allocating tables on the way if alloc is set. Below the
 * first missing table every one is missing, so the quota is charged for all of them
 * there at once: all within it, or none. */
static uint64_t *walk(struct pmap *p, uint64_t va, int alloc)
{
	uint64_t *t = p->pml4;
	int charged = 0; /* tables charged and not yet made */

	for (int level = 3; level > 0; level--) {
		uint64_t *e = &t[index_of(va, level)];
		if (!(*e & PTE_PRESENT)) {
			uint64_t *nt;
			if (!alloc ||
			    (!charged && ledger_charge(p->ledger, QUOTA_PAGE_TABLES, level)))
				return NULL;
			charged = charged ? charged : level;
			if (!(nt = new_table())) {
				ledger_credit(p->ledger, QUOTA_PAGE_TABLES, charged);
				return NULL;
			}
			charged--;
			p->table_pages++;
			*e = virt_to_phys(nt) | PTE_PRESENT | PTE_WRITE | PTE_USER;
		}
		t = table_of(*e);
	}
	return &t[index_of(va, 0)];
}

static uint64_t pte_bits(unsigned prot)
{
	uint64_t bits = PTE_PRESENT | PTE_USER;

	if (prot & VM_PROT_WRITE)
		bits |= PTE_WRITE;
	if (!(prot & VM_PROT_EXEC))
		bits |= PTE_NX;
	return bits;
}

static void invalidate(struct pmap *p, uint64_t va)
{
	if (p == active)
		invlpg(va);
}

/* The reverse map: each RAM frame lists where it is mapped. Device memory outside
 * RAM is not tracked. */
struct pv_entry {
	struct pv_entry *next;
	struct pmap *pmap;
	uint64_t va;
};

static struct vm_page *tracked_page(uint64_t pa)
{
	return (pa >> PAGE_SHIFT) < page_count ? phys_to_page(pa) : NULL;
}

static void pv_remove(uint64_t pa, struct pmap *p, uint64_t va)
{
	struct vm_page *pg = tracked_page(pa);

	if (!pg)
		return;
	for (struct pv_entry **link = &pg->mappings; *link; link = &(*link)->next) {
		if ((*link)->pmap == p && (*link)->va == va) {
			struct pv_entry *pv = *link;
			*link = pv->next;
			kmem_free(pv, sizeof(*pv));
			return;
		}
	}
	panic("pmap: no reverse mapping for %lx at %lx", pa, va);
}

int pmap_enter(struct pmap *p, uint64_t va, uint64_t pa, unsigned prot, uint64_t flags)
{
	uint64_t *pte = walk(p, va, 1);
	struct vm_page *pg = tracked_page(pa);
	struct pv_entry *pv = NULL;

	if (!pte)
		return KERN_RESOURCE_SHORTAGE;
	if ((*pte & PTE_PRESENT) && (*pte & PTE_ADDR) == (pa & PTE_ADDR)) {
		*pte = (pa & PTE_ADDR) | pte_bits(prot) | flags | (*pte & PTE_DIRTY);
		invalidate(p, va);
		return KERN_SUCCESS;
	}
	if (pg && !(pv = kmem_alloc(sizeof(*pv))))
		return KERN_RESOURCE_SHORTAGE;
	if (*pte & PTE_PRESENT) {
		pv_remove(*pte & PTE_ADDR, p, va);
		invalidate(p, va);
	}
	*pte = (pa & PTE_ADDR) | pte_bits(prot) | flags;
	if (pv) {
		*pv = (struct pv_entry){ pg->mappings, p, va };
		pg->mappings = pv;
	}
	return KERN_SUCCESS;
}

/* Apply fn to every present level-0 entry in [start, end), skipping absent tables. The
 * table t maps from base; the range overlaps it. Only the entries the range covers are
 * looked at: a fork or an exit goes over every region, most of them a few pages. */
static void for_each_pte(struct pmap *p, uint64_t *t, int level, uint64_t base, uint64_t start,
			 uint64_t end,
			 void (*fn)(struct pmap *, uint64_t va, uint64_t *pte, unsigned),
			 unsigned arg)
{
	uint64_t span = 1ull << (12 + 9 * level);
	uint64_t first = start > base ? (start - base) / span : 0;
	uint64_t last = (end - 1 - base) / span;

	if (last >= ENTRIES)
		last = ENTRIES - 1;
	for (uint64_t i = first; i <= last; i++) {
		if (!(t[i] & PTE_PRESENT))
			continue;
		uint64_t lo = base + i * span;
		if (level == 0)
			fn(p, lo, &t[i], arg);
		else
			for_each_pte(p, table_of(t[i]), level - 1, lo, start, end, fn, arg);
	}
}

static void for_each_user_pte(struct pmap *p, uint64_t start, uint64_t end,
			      void (*fn)(struct pmap *, uint64_t va, uint64_t *pte, unsigned),
			      unsigned arg)
{
	if (end > VM_USER_TOP)
		end = VM_USER_TOP;
	if (start < end)
		for_each_pte(p, p->pml4, 3, 0, start, end, fn, arg);
}

static void remove_one(struct pmap *p, uint64_t va, uint64_t *pte, unsigned unused)
{
	(void)unused;
	if (*pte & PTE_DIRTY) {
		struct vm_page *pg = tracked_page(*pte & PTE_ADDR);
		if (pg)
			pg->dirty = 1;
	}
	pv_remove(*pte & PTE_ADDR, p, va);
	*pte = 0;
	invalidate(p, va);
}

static void protect_one(struct pmap *p, uint64_t va, uint64_t *pte, unsigned prot)
{
	uint64_t old = *pte;

	if (!(prot & VM_PROT_READ)) {
		remove_one(p, va, pte, 0);
		return;
	}
	if (!(prot & VM_PROT_WRITE))
		*pte &= ~PTE_WRITE;
	if (!(prot & VM_PROT_EXEC))
		*pte |= PTE_NX;
	if (*pte != old)
		invalidate(p, va);
}

/* Remove the mappings under the first entries of t (a table of this level, which
 * starts at base) and free the tables below it, all in one walk. */
static void clear_table(struct pmap *p, uint64_t *t, int level, uint64_t base, int entries)
{
	uint64_t span = 1ull << (12 + 9 * level);

	for (int i = 0; i < entries; i++) {
		if (!(t[i] & PTE_PRESENT))
			continue;
		if (level == 0) {
			remove_one(p, base + i * span, &t[i], 0);
			continue;
		}
		clear_table(p, table_of(t[i]), level - 1, base + i * span, ENTRIES);
		page_free(virt_to_page(table_of(t[i])), 0);
		t[i] = 0;
		p->table_pages--;
	}
}

void pmap_remove(struct pmap *p, uint64_t start, uint64_t end)
{
	for_each_user_pte(p, start, end, remove_one, 0);
}

void pmap_protect(struct pmap *p, uint64_t start, uint64_t end, unsigned prot)
{
	for_each_user_pte(p, start, end, protect_one, prot);
}

void pmap_page_protect(struct vm_page *page, unsigned prot)
{
	struct pv_entry *pv = page->mappings;

	while (pv) {
		struct pv_entry *next = pv->next; /* removal frees pv */
		uint64_t *pte = walk(pv->pmap, pv->va, 0);
		protect_one(pv->pmap, pv->va, pte, prot);
		pv = next;
	}
}

int pmap_page_wired(const struct vm_page *page)
{
	for (struct pv_entry *pv = page->mappings; pv; pv = pv->next)
		if (pv->pmap->wired)
			return 1;
	return 0;
}

int pmap_page_test_referenced(struct vm_page *page)
{
	int referenced = 0;

	for (struct pv_entry *pv = page->mappings; pv; pv = pv->next) {
		uint64_t *pte = walk(pv->pmap, pv->va, 0);
		if (*pte & PTE_ACCESSED) {
			referenced = 1;
			*pte &= ~PTE_ACCESSED;
			invalidate(pv->pmap, pv->va);
		}
	}
	return referenced;
}

int pmap_page_test_dirty(struct vm_page *page)
{
	int dirty = page->dirty;

	page->dirty = 0;
	for (struct pv_entry *pv = page->mappings; pv; pv = pv->next) {
		uint64_t *pte = walk(pv->pmap, pv->va, 0);
		if (*pte & PTE_DIRTY) {
			dirty = 1;
			*pte &= ~PTE_DIRTY;
			invalidate(pv->pmap, pv->va);
		}
	}
	return dirty;
}

uint64_t pmap_lookup(const struct pmap *p, uint64_t va)
{
	uint64_t *pte = walk((struct pmap *)p, va, 0);

	return pte ? *pte : 0;
}

void pmap_activate(struct pmap *p)
{
	if (p != active) {
		write_cr3(p->pml4_phys);
		active = p;
	}
}
