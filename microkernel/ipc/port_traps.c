/* The port traps: allocation, destruction, references, rights for other tasks,
 * port sets, notifications, status. */
#include <masque/error.h>
#include "ipc/capspace.h"
#include "ipc/notify.h"
#include "ipc/port.h"
#include "ipc/right.h"
#include "sched/sched.h"
#include "kern/syscall.h"
#include "task/task.h"
#include "task/thread.h"
#include "vm/kmem.h"
#include "vm/usercopy.h"

static struct capspace *my_space(void)
{
	return &current->task->space;
}

int64_t sys_port_allocate(uint32_t right)
{
	struct capspace *s = my_space();
	port_name_t name;
	struct cap *e;
	int err;

	if (right != RIGHT_RECEIVE && right != RIGHT_PORT_SET)
		return KERN_INVALID_ARGUMENT;
	void *object = right == RIGHT_RECEIVE ? (void *)port_alloc() : (void *)portset_alloc();
	if (!object)
		return KERN_RESOURCE_SHORTAGE;
	if (!(err = cap_alloc(s, &name, &e))) {
		e->object = object;
		if (!(err = cap_reverse_insert(s, object, name))) {
			e->rights = right;
			if (right == RIGHT_RECEIVE)
				((struct port *)object)->receiver = s;
			else
				((struct portset *)object)->owner = s;
			return name;
		}
		cap_free(s, name);
	}
	if (right == RIGHT_RECEIVE) {
		((struct port *)object)->active = 0;
		port_release(object);
	} else {
		portset_release(object);
	}
	return err;
}

int64_t sys_port_destroy(port_name_t name)
{
	return right_destroy_name(my_space(), name);
}

int64_t sys_port_mod_refs(port_name_t name, uint32_t right, int32_t delta)
{
	return right_mod_refs(my_space(), name, right, delta);
}

/* Give t, at name (or a fresh name), the right made from our right_name. */
static int64_t give_to(struct task *t, port_name_t name, port_name_t right_name,
		       uint32_t disposition)
{
	struct port *p;
	unsigned transit;
	int err = right_take_one(my_space(), right_name, disposition, &p, &transit);

	if (err)
		return err;
	if (!p)
		return KERN_PORT_DEAD;
	if (name == PORT_NULL) {
		name = right_give(&t->space, p, transit);
		return name == PORT_NULL ? KERN_NO_SPACE : (int64_t)name;
	}
	if ((err = right_give_at(&t->space, name, p, transit))) {
		right_drop(p, transit);
		return err;
	}
	return name;
}

int64_t sys_port_insert_right(port_name_t task_name, port_name_t name, port_name_t right_name,
			      uint32_t disposition)
{
	struct task *t;
	int err;

	if (name != PORT_NULL && (name >> 31 || NAME_INDEX(name) == 0))
		return KERN_INVALID_NAME;
	if ((err = task_from_name(my_space(), task_name, &t)))
		return err;
	int64_t r = give_to(t, name, right_name, disposition);
	task_release(t);
	return r;
}

/* The port set named set in s, into *out. */
static int lookup_set(struct capspace *s, port_name_t set, struct portset **out)
{
	struct cap *e = right_lookup(s, set);

	if (!e)
		return KERN_INVALID_NAME;
	if (!(e->rights & RIGHT_PORT_SET))
		return KERN_INVALID_RIGHT;
	*out = e->object;
	return KERN_SUCCESS;
}

int64_t sys_port_move_member(port_name_t member, port_name_t set)
{
	struct capspace *s = my_space();
	struct cap *m = right_lookup(s, member);

	if (!m)
		return KERN_INVALID_NAME;
	if (!(m->rights & RIGHT_RECEIVE))
		return KERN_INVALID_RIGHT;
	struct port *p = m->object;
	if (set == PORT_NULL) {
		if (!p->set)
			return KERN_BUSY;
		portset_remove(p);
		return KERN_SUCCESS;
	}
	struct portset *ps;
	int err = lookup_set(s, set, &ps);
	return err ? err : portset_add(ps, p);
}

/* A send-once right to the port whose receive right notify is, for a notification. */
static int notify_right(port_name_t notify, struct port **so)
{
	unsigned transit;

	*so = NULL;
	if (notify == PORT_NULL)
		return KERN_SUCCESS;
	return right_take_one(my_space(), notify, MSG_MAKE_SEND_ONCE, so, &transit);
}

static int request_dead_name(struct capspace *s, port_name_t name, struct cap *e,
			     port_name_t notify)
{
	struct port *so;
	int err;

	if (!(e->rights & (RIGHT_SEND | RIGHT_SEND_ONCE | RIGHT_DEAD_NAME)))
		return KERN_INVALID_RIGHT;
	struct dn_request *r = notify != PORT_NULL ? kmem_alloc(sizeof(*r)) : NULL;
	if (notify != PORT_NULL && !r)
		return KERN_RESOURCE_SHORTAGE;
	if ((err = notify_right(notify, &so))) {
		kmem_free(r, sizeof(*r));
		return err;
	}
	if (e->dn) { /* replace the previous request */
		struct dn_request *old = e->dn;
		e->dn = NULL;
		list_remove(&old->link);
		right_drop(old->notify, TRANSIT_SEND_ONCE);
		kmem_free(old, sizeof(*old));
	}
	if (!so)
		return KERN_SUCCESS;
	if (e->rights & RIGHT_DEAD_NAME) { /* already dead: say so at once */
		kmem_free(r, sizeof(*r));
		notify_dead_name(so, name);
		return KERN_SUCCESS;
	}
	*r = (struct dn_request){ .space = s, .name = name, .notify = so };
	list_push_back(&((struct port *)e->object)->dn_requests, &r->link);
	e->dn = r;
	return KERN_SUCCESS;
}

static int request_no_senders(struct cap *e, port_name_t notify)
{
	struct port *p = e->object, *so;
	int err;

	if (!(e->rights & RIGHT_RECEIVE))
		return KERN_INVALID_RIGHT;
	if ((err = notify_right(notify, &so)))
		return err;
	if (p->ns_request)
		right_drop(p->ns_request, TRANSIT_SEND_ONCE);
	p->ns_request = so;
	/* send rights existed and are gone already: the notification is due now */
	if (p->make_sends)
		port_check_no_senders(p);
	return KERN_SUCCESS;
}

int64_t sys_port_request_notify(port_name_t name, uint32_t kind, port_name_t notify)
{
	struct capspace *s = my_space();
	struct cap *e = right_lookup(s, name);

	if (!e)
		return KERN_INVALID_NAME;
	if (kind == NOTIFY_DEAD_NAME)
		return request_dead_name(s, name, e, notify);
	if (kind == NOTIFY_NO_SENDERS)
		return request_no_senders(e, notify);
	return KERN_INVALID_ARGUMENT;
}

int64_t sys_port_allocate_member(port_name_t set, uint32_t flags)
{
	struct capspace *s = my_space();
	struct portset *ps;
	int err = lookup_set(s, set, &ps);

	if (err)
		return err;
	if (flags & ~(uint32_t)PORT_NOTIFY_NO_SENDERS)
		return KERN_INVALID_ARGUMENT;
	int64_t name = sys_port_allocate(RIGHT_RECEIVE);
	if (name < 0)
		return name;
	struct cap *m = cap_lookup(s, (port_name_t)name);
	err = portset_add(ps, m->object);
	if (!err && (flags & PORT_NOTIFY_NO_SENDERS))
		err = request_no_senders(m, (port_name_t)name);
	if (err) {
		right_destroy_name(s, (port_name_t)name);
		return err;
	}
	return name;
}

int64_t sys_port_status(port_name_t name, uaddr_t out)
{
	struct capspace *s = my_space();
	struct cap *e = right_lookup(s, name);
	struct port_status st = { 0 };

	if (!e)
		return KERN_INVALID_NAME;
	st.rights = e->rights;
	st.send_refs = e->rights & (RIGHT_SEND | RIGHT_DEAD_NAME) ? e->urefs : 0;
	if (e->rights & RIGHT_RECEIVE) {
		struct port *p = e->object;
		st.msg_count = p->msg_count;
		st.qlimit = p->qlimit;
		st.make_sends = p->make_sends;
		st.has_senders = p->send_rights > 0;
		st.set = p->set ? cap_reverse_lookup(s, p->set) : PORT_NULL;
	}
	if (e->rights & RIGHT_PORT_SET)
		st.set_members = ((struct portset *)e->object)->member_count;
	return copyout(current->task->map, out, &st, sizeof(st));
}

int64_t sys_port_set_qlimit(port_name_t name, uint32_t qlimit)
{
	struct cap *e = right_lookup(my_space(), name);

	if (!e)
		return KERN_INVALID_NAME;
	if (!(e->rights & RIGHT_RECEIVE))
		return KERN_INVALID_RIGHT;
	if (qlimit == 0 || qlimit > PORT_QLIMIT_MAX)
		return KERN_INVALID_ARGUMENT;
	struct port *p = e->object;
	p->qlimit = qlimit;
	thread_wakeup_all(&p->senders, KERN_SUCCESS); /* there may be room now */
	return KERN_SUCCESS;
}
