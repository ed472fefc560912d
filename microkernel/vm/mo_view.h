/* Views of memory objects: a bound on how a memory object may be mapped shared. */
#ifndef VM_MO_VIEW_H
#define VM_MO_VIEW_H

#include <stdint.h>

struct port;
struct mo_view;

/* The memory object port p stands for (p itself if it is no view), and in *max_prot
 * the most a shared mapping (copy = 0) of it may allow. */
struct port *mo_view_object(struct port *p, int copy, uint32_t *max_prot);
/* Nobody holds the view's port any more: it goes. */
void mo_view_unreachable(struct mo_view *v);

#endif
