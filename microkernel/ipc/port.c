/* Ports and port sets: allocation, references, message queues, death. */
#include <masque/error.h>
#include <masque/rights.h>
#include "ipc/capspace.h"
#include "ipc/kmsg.h"
#include "ipc/notify.h"
#include "ipc/port.h"
#include "ipc/right.h"
#include "kern/console.h"
#include "sched/sched.h"
#include "task/task.h"
#include "task/thread.h"
#include "vm/mo_view.h"
#include "vm/kmem.h"
#include "vm/pager.h"

struct port *port_alloc(void)
{
	struct port *p = kmem_alloc(sizeof(*p));

	if (!p)
		return NULL;
	p->refs = 1;
	p->active = 1;
	p->qlimit = PORT_QLIMIT_DEFAULT;
	list_init(&p->messages);
	list_init(&p->receivers);
	list_init(&p->senders);
	list_init(&p->set_link);
	list_init(&p->ready_link);
	list_init(&p->dn_requests);
	return p;
}

struct port *port_alloc_kobject(enum kobject_type type, void *kobject)
{
	struct port *p = port_alloc();

	if (p) {
		p->kobject_type = type;
		p->kobject = kobject;
	}
	return p;
}

void port_ref(struct port *p)
{
	p->refs++;
}

struct port *port_make_send(struct port *p)
{
	p->refs++;
	p->send_rights++;
	return p;
}

struct port *port_make_send_once(struct port *p)
{
	p->refs++;
	p->sendonce_rights++;
	return p;
}

void port_free(struct port *p)
{
	assert(!p->active);
	kmem_free(p, sizeof(*p));
}

void *port_kobject(struct port *p, enum kobject_type type)
{
	if (!p || !p->active || p->kobject_type != type)
		return NULL;
	return p->kobject;
}

void port_check_no_senders(struct port *p)
{
	if (p->active && p->kobject_type == KOBJ_TASK)
		task_lost_sender(p->kobject, p->send_rights);
	if (!p->active || p->send_rights)
		return;
	if (p->ns_request) {
		struct port *so = p->ns_request;
		p->ns_request = NULL;
		notify_no_senders(so, p->make_sends);
	}
	if (p->kobject_type == KOBJ_THREAD)
		thread_unreachable(p->kobject);
	else if (p->kobject_type == KOBJ_VIEW)
		mo_view_unreachable(p->kobject);
}

static void fire_dead_name_requests(struct port *p)
{
	struct list *l;

	while ((l = list_pop_front(&p->dn_requests))) {
		struct dn_request *r = list_entry(l, struct dn_request, link);
		struct cap *e = cap_lookup(r->space, r->name);
		if (e && e->dn == r)
			e->dn = NULL;
		notify_dead_name(r->notify, r->name);
		kmem_free(r, sizeof(*r));
	}
}

void port_destroy_receive(struct port *p)
{
	struct list *l;

	assert(p->active);
	p->active = 0;
	p->receiver = NULL;
	p->transit_dest = NULL;
	if (p->set)
		portset_remove(p);
	thread_wakeup_all(&p->receivers, KERN_PORT_DEAD);
	thread_wakeup_all(&p->senders, KERN_PORT_DEAD);
	while ((l = list_pop_front(&p->messages))) {
		p->msg_count--;
		kmsg_destroy(list_entry(l, struct kmsg, link));
	}
	if (p->ns_request) {
		struct port *so = p->ns_request;
		p->ns_request = NULL;
		right_drop(so, TRANSIT_SEND_ONCE);
	}
	fire_dead_name_requests(p);
	if (p->vm_object)
		pager_port_died(p->vm_object);
}

void port_destroy_kobject(struct port *p)
{
	p->kobject = NULL;
	p->kobject_type = KOBJ_NONE;
	port_destroy_receive(p);
	port_release(p);
}

struct thread *port_waiting_receiver(struct port *p)
{
	if (!list_empty(&p->receivers))
		return list_entry(p->receivers.next, struct thread, queue_link);
	if (p->set && !list_empty(&p->set->receivers))
		return list_entry(p->set->receivers.next, struct thread, queue_link);
	return NULL;
}

struct thread *port_deliver(struct kmsg *k)
{
	struct port *p = k->dest;
	struct thread *t = port_waiting_receiver(p);

	if (t) {
		t->ipc.kmsg = k;
		thread_wakeup(t, KERN_SUCCESS);
		/* a woken sender that hands over directly frees no slot a dequeue would see:
		 * the room it found is the next sender's */
		thread_wakeup_one(&p->senders, KERN_SUCCESS);
		return t;
	}
	list_push_back(&p->messages, &k->link);
	p->msg_count++;
	if (p->set && list_empty(&p->ready_link))
		list_push_back(&p->set->ready, &p->ready_link);
	return NULL;
}

struct kmsg *port_dequeue(struct port *p)
{
	struct list *l = list_pop_front(&p->messages);

	if (!l)
		return NULL;
	p->msg_count--;
	if (!p->msg_count)
		list_remove(&p->ready_link);
	thread_wakeup_one(&p->senders, KERN_SUCCESS);
	return list_entry(l, struct kmsg, link);
}

struct portset *portset_alloc(void)
{
	struct portset *s = kmem_alloc(sizeof(*s));

	if (!s)
		return NULL;
	s->refs = 1;
	s->active = 1;
	list_init(&s->members);
	list_init(&s->ready);
	list_init(&s->receivers);
	return s;
}

void portset_release(struct portset *s)
{
	assert(s->refs > 0);
	if (--s->refs == 0)
		kmem_free(s, sizeof(*s));
}

struct kmsg *portset_dequeue(struct portset *s)
{
	if (list_empty(&s->ready))
		return NULL;
	return port_dequeue(list_entry(s->ready.next, struct port, ready_link));
}

int portset_add(struct portset *s, struct port *p)
{
	if (p->set == s)
		return KERN_BUSY;
	if (p->set)
		portset_remove(p);
	p->set = s;
	list_push_back(&s->members, &p->set_link);
	s->member_count++;
	if (p->msg_count)
		list_push_back(&s->ready, &p->ready_link);
	/* receivers already waiting on the set take what the new member holds */
	while (!list_empty(&s->receivers) && p->msg_count) {
		struct thread *t = list_entry(s->receivers.next, struct thread, queue_link);
		t->ipc.kmsg = port_dequeue(p);
		thread_wakeup(t, KERN_SUCCESS);
	}
	return KERN_SUCCESS;
}

void portset_remove(struct port *p)
{
	struct portset *s = p->set;

	list_remove(&p->set_link);
	list_remove(&p->ready_link);
	s->member_count--;
	p->set = NULL;
}

void portset_destroy(struct portset *s)
{
	s->active = 0;
	while (!list_empty(&s->members))
		portset_remove(list_entry(s->members.next, struct port, set_link));
	thread_wakeup_all(&s->receivers, KERN_PORT_DEAD);
}

int kobject_lookup(struct capspace *s, port_name_t name, enum kobject_type type, void **out)
{
	struct cap *e = right_lookup(s, name);

	if (!e)
		return KERN_INVALID_NAME;
	if (e->rights & RIGHT_DEAD_NAME)
		return KERN_TERMINATED;
	if (!(e->rights & RIGHT_SEND))
		return KERN_INVALID_RIGHT;
	if (!(*out = port_kobject(e->object, type)))
		return KERN_INVALID_RIGHT;
	return KERN_SUCCESS;
}
