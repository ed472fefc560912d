/* The kernel side of the external pager protocol (include/masque/pager.h). */
#ifndef VM_PAGER_H
#define VM_PAGER_H

#include <stdint.h>

struct port;
struct vm_object;
struct vm_page;

/* The object the kernel caches for memory object port mo (made, and its pager told,
 * on first use), with a reference for the caller; size: at least this many bytes. */
int pager_object(struct port *mo, uint64_t size, struct vm_object **out);
/* Ask the pager for the page at offset; the caller marked it busy and waits. */
int pager_request(struct vm_object *o, uint64_t offset, unsigned access);
/* Ask the pager to lift a lock that denies access. */
int pager_unlock_request(struct vm_object *o, uint64_t offset, unsigned access);
/* Send a page out to o's pager, the frame with it; 1 if it went. */
int pager_page_out(struct vm_object *o, struct vm_page *p);
/* Give anonymous object o the default pager as its pager. */
int pager_create_default(struct vm_object *o);
/* o's memory object port died: the pages asked for fail, their waiters wake. */
void pager_port_died(struct vm_object *o);
/* The object lost its last reference: dirty pages go back, the pager is told. */
void pager_terminate(struct vm_object *o);

#endif
