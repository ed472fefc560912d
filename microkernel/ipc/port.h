/*
 * Ports: kernel-protected message queues with one receiver and many senders, and
 * port sets, which let one receive from many ports. Tasks, threads and the host are
 * named by ports too (kernel objects): holding a send right is the permission.
 */
#ifndef IPC_PORT_H
#define IPC_PORT_H

#include <masque/types.h>
#include <stdint.h>
#include "kern/list.h"

struct capspace;
struct kmsg;
struct portset;
struct vm_object;

enum kobject_type {
	KOBJ_NONE,
	KOBJ_TASK,
	KOBJ_THREAD,
	KOBJ_HOST,
	KOBJ_REPLY, /* the kernel receives on it: an exception reply port */
	KOBJ_PAGER, /* a memory object's control port, for its pager's traps */
	KOBJ_VIEW,  /* a bound on how a memory object may be mapped (vm/mo_view.c) */
};

struct dn_request {
	struct list link;	/* in port->dn_requests */
	struct capspace *space; /* who asked ... */
	port_name_t name;	/* ... about which of its names */
	struct port *notify;	/* a send-once right for the notification */
};

struct port {
	uint32_t refs;	      /* kernel references: names, messages, requests */
	uint8_t active;	      /* the receive right exists */
	uint8_t kobject_type; /* enum kobject_type */
	void *kobject;	      /* the task, thread... it names */

	struct capspace *receiver; /* space holding the receive right; NULL: in transit
				      or the kernel's */
	port_name_t receive_name;  /* a hint: its name there when last looked up */
	struct port *transit_dest; /* in transit: the port whose queue holds it */

	struct list messages; /* queued kmsgs */
	uint32_t msg_count, qlimit;
	struct list receivers; /* threads waiting to receive on this port */
	struct list senders;   /* threads waiting for room in the queue */

	struct portset *set;	/* the set this port is a member of */
	struct list set_link;	/* in set->members */
	struct list ready_link; /* in set->ready while messages are queued */

	struct vm_object *vm_object; /* as a memory object port: the kernel's cache of it */
	uint32_t pageouts;	     /* ... and frames sent to it, not yet back free */

	uint32_t send_rights; /* send rights in spaces, in transit, held by the kernel */
	uint32_t sendonce_rights;
	uint32_t make_sends;	 /* send rights made from the receive right */
	struct port *ns_request; /* send-once right for the no-senders notification */
	struct list dn_requests; /* struct dn_request */
};

struct portset {
	uint32_t refs;
	uint8_t active;
	struct capspace *owner;
	struct list members;   /* struct port.set_link */
	struct list ready;     /* members with messages */
	struct list receivers; /* threads waiting on the set */
	uint32_t member_count;
};

struct port *port_alloc(void);
struct port *port_alloc_kobject(enum kobject_type type, void *kobject);
void port_ref(struct port *p);
/* A new send right (or send-once right) the kernel holds: a reference and a count. */
struct port *port_make_send(struct port *p);
struct port *port_make_send_once(struct port *p);
void port_free(struct port *p);
/* Drop a reference; the last one frees the port. Inline: every reply drops one. */
static inline void port_release(struct port *p)
{
	if (--p->refs == 0)
		port_free(p);
}
/* The receive right is destroyed: queued messages go, senders and receivers wake,
 * holders of send rights find dead names, requested notifications are sent. */
void port_destroy_receive(struct port *p);
/* A kernel object goes away: its port dies the same way. */
void port_destroy_kobject(struct port *p);
/* Send the no-senders notification if it is due. */
void port_check_no_senders(struct port *p);

/* Queue a message on its destination or hand it to a waiting receiver; returns the
 * receiver it was handed to, if any. The destination must be active. */
struct thread *port_deliver(struct kmsg *k);
/* The thread that will take the next message of p, if one waits. */
struct thread *port_waiting_receiver(struct port *p);
/* Take the first message of the port (or, for a set, of its first ready member). */
struct kmsg *port_dequeue(struct port *p);
struct kmsg *portset_dequeue(struct portset *s);

struct portset *portset_alloc(void);
void portset_release(struct portset *s);
void portset_destroy(struct portset *s);
int portset_add(struct portset *s, struct port *p);
void portset_remove(struct port *p);

/* The kobject a send right names, if it is of that type and alive. */
void *port_kobject(struct port *p, enum kobject_type type);
/* The kobject of that type that name denotes by a send right in s; KERN_* if none.
 * No reference is taken: a trap that keeps the object past its next block uses the
 * referencing lookups (task_from_name, thread_from_name; see task/task.h). */
int kobject_lookup(struct capspace *s, port_name_t name, enum kobject_type type, void **out);

#endif
