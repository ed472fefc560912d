/*
 * The external pager protocol. A memory object is a port whose receiver, the pager,
 * supplies the object's contents. When a task maps the object (vm_map), the kernel
 * sends the pager messages on that port; the pager answers with traps on the
 * object's control port, which the first message gives it:
 *
 *   kernel -> pager (messages to the memory object port, no replies; declared in
 *   interfaces/pager.defs, and the default pager's create in default_pager.defs):
 *     init                the object is mapped; here is its control port
 *     request             a task needs these pages: supply them (or say why not)
 *     return              dirty pages coming back (cleaned, flushed or evicted)
 *     unlock              a task needs more access than a lock allows
 *     terminate           nobody maps the object any more: forget the control port
 *   pager -> kernel (traps on the control port):
 *     pager_supply        the data of pages (or zero fill), into the kernel's cache
 *     pager_error         the pages cannot be had: the faulting tasks get exceptions
 *     pager_lock          clean, flush, and lock or unlock access to pages
 *
 * A page fault on a missing page thus costs the seed's two IPCs: a request, and the
 * supply that wakes the faulting thread.
 *
 * A pager cannot hold the machine: the pages it supplies that nobody asked for count
 * against its task's QUOTA_UNASKED_PAGES until a fault uses them or they leave the
 * cache (pager_supply refuses a range that does not fit, before supplying any of it);
 * the kernel sends each memory object port at most a bounded number of pages to page
 * out until their frames come back; and when the port dies, every fault waiting on
 * its object ends with a memory error.
 */
#ifndef MASQUE_PAGER_H
#define MASQUE_PAGER_H

#include <masque/types.h>

/* pager_supply flags */
#define PAGER_SUPPLY_ZERO 0x1 /* no data: the pages are zero-filled */
#define PAGER_SUPPLY_DIRTY \
	0x2 /* the pager keeps no copy: a page it could not take back
				* (the default pager out of swap); the kernel stops sending
				* the object's pages out */

/* pager_lock flags */
#define PAGER_LOCK_CLEAN 0x1 /* send dirty pages back, keep them */
#define PAGER_LOCK_FLUSH 0x2 /* send dirty pages back, drop every page */

/* What vm_map maps. */
struct vm_map_args {
	uint64_t addr; /* where (VM_FIXED) or the lowest acceptable (VM_ANYWHERE) */
	uint64_t size;
	uint64_t offset;    /* into the object */
	port_name_t object; /* send right to a memory object port; PORT_NULL: anonymous */
	uint32_t flags;	    /* VM_FIXED, VM_MAP_COPY */
	uint32_t protection, max_protection, inheritance;
	uint32_t pad;
};

#define VM_MAP_COPY 0x100 /* a private copy-on-write copy of the object */

#endif
