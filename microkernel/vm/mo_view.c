/*
 * Views of memory objects: a port standing for a memory object, with the most a shared
 * mapping of it may allow. A pager gives a client that may only read a file a read-only
 * view instead of the object itself: a shared mapping of the view can never be written,
 * and the view, a kernel object, takes no message (a client holding the object could
 * send the pager messages of its own). A private, copy-on-write mapping of a view may
 * be written: the writes go to the copy. A view of a view bounds both ways. A view
 * holds a send right to its object, so the object has senders while views of it do.
 */
#include <masque/error.h>
#include <masque/vm.h>
#include "ipc/capspace.h"
#include "ipc/port.h"
#include "ipc/right.h"
#include "task/task.h"
#include "task/thread.h"
#include "vm/kmem.h"
#include "vm/mo_view.h"

struct mo_view {
	struct port *self;   /* the view's port */
	struct port *object; /* the memory object port: a send right, so that its pager
				hears of no senders only once its views are gone too */
	uint32_t max_prot;
};

struct port *mo_view_object(struct port *p, int copy, uint32_t *max_prot)
{
	struct mo_view *v = port_kobject(p, KOBJ_VIEW);

	if (!v)
		return p;
	if (!copy)
		*max_prot &= v->max_prot;
	return v->object;
}

void mo_view_unreachable(struct mo_view *v)
{
	port_destroy_kobject(v->self);
	right_drop(v->object, TRANSIT_SEND);
	kmem_free(v, sizeof(*v));
}

/* The memory object name denotes by a send or receive right, with what views of it
 * allow already. */
static int view_target(port_name_t name, struct port **object, uint32_t *max_prot)
{
	struct cap *e = right_lookup(&current->task->space, name);

	if (!e)
		return KERN_INVALID_NAME;
	if (!(e->rights & (RIGHT_SEND | RIGHT_RECEIVE)))
		return e->rights & RIGHT_DEAD_NAME ? KERN_PORT_DEAD : KERN_INVALID_RIGHT;
	struct port *p = e->object;
	if (p->kobject_type != KOBJ_NONE && p->kobject_type != KOBJ_VIEW)
		return KERN_INVALID_RIGHT;
	*object = mo_view_object(p, 0, max_prot);
	return KERN_SUCCESS;
}

int64_t sys_memory_object_view(port_name_t object, uint32_t max_prot)
{
	struct port *target;
	int err;

	if (max_prot & ~VM_PROT_ALL)
		return KERN_INVALID_ARGUMENT;
	if ((err = view_target(object, &target, &max_prot)))
		return err;
	struct mo_view *v = kmem_alloc(sizeof(*v));
	if (!v)
		return KERN_RESOURCE_SHORTAGE;
	if (!(v->self = port_alloc_kobject(KOBJ_VIEW, v))) {
		kmem_free(v, sizeof(*v));
		return KERN_RESOURCE_SHORTAGE;
	}
	v->object = port_make_send(target);
	v->max_prot = max_prot;
	port_name_t name = right_give(&current->task->space, port_make_send(v->self), TRANSIT_SEND);
	return name == PORT_NULL ? KERN_NO_SPACE : (int64_t)name;
}
