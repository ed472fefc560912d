/*
 * Moving port rights between capability spaces and messages. The rules are Mach's:
 * a port has one name per space for its receive and send rights, send rights count
 * user references, every send-once right has its own name, and a right to a dead
 * port becomes a dead name the next time its holder touches it.
 */
#include <masque/error.h>
#include "ipc/notify.h"
#include "ipc/port.h"
#include "ipc/right.h"
#include "sched/sched.h"
#include "vm/kmem.h"

#define RECV_OR_SEND (RIGHT_RECEIVE | RIGHT_SEND)
/* the rights whose object is in the space's reverse map */
#define REVERSE_RIGHTS (RIGHT_RECEIVE | RIGHT_SEND | RIGHT_PORT_SET)

struct cap *right_lookup(struct capspace *s, port_name_t name)
{
	struct cap *e = cap_lookup(s, name);

	if (!e || !(e->rights & (RIGHT_SEND | RIGHT_SEND_ONCE)))
		return e;
	struct port *p = e->object;
	if (p->active)
		return e;
	if (e->rights & RIGHT_SEND) {
		p->send_rights--;
		cap_reverse_remove(s, p);
	} else {
		p->sendonce_rights--;
		e->urefs = 1;
	}
	e->rights = RIGHT_DEAD_NAME;
	e->object = NULL;
	port_release(p);
	return e;
}

static void cancel_dead_name_request(struct cap *e)
{
	struct dn_request *r = e->dn;

	e->dn = NULL;
	list_remove(&r->link);
	right_drop(r->notify, TRANSIT_SEND_ONCE);
	kmem_free(r, sizeof(*r));
}

/* After e's rights changed from old: keep the reverse map right, and free the entry
 * (with the reference it held) once it holds nothing. */
static void entry_update(struct capspace *s, port_name_t name, struct cap *e, uint16_t old)
{
	if ((old & REVERSE_RIGHTS) && !(e->rights & REVERSE_RIGHTS))
		cap_reverse_remove(s, e->object);
	/* a request is about a send or send-once right: it goes with the last of them,
	 * even if a receive right keeps the name (its death would not find the request) */
	if (e->dn && !(e->rights & (RIGHT_SEND | RIGHT_SEND_ONCE | RIGHT_DEAD_NAME)))
		cancel_dead_name_request(e);
	if (e->rights)
		return;
	if (old & (RECV_OR_SEND | RIGHT_SEND_ONCE))
		port_release(e->object);
	else if (old & RIGHT_PORT_SET)
		portset_release(e->object);
	cap_free(s, name);
}

/* What a disposition does to an entry's own rights and references; an error if it
 * cannot. Used on scratch copies to check a whole message first. */
static int entry_effect(struct cap *e, unsigned disp, int allow_dead)
{
	if (e->rights & RIGHT_DEAD_NAME) {
		if (disp != MSG_COPY_SEND && disp != MSG_MOVE_SEND && disp != MSG_MOVE_SEND_ONCE)
			return KERN_INVALID_RIGHT;
		if (!allow_dead)
			return KERN_PORT_DEAD;
		if (disp != MSG_COPY_SEND && --e->urefs == 0)
			e->rights = 0;
		return KERN_SUCCESS;
	}
	switch (disp) {
	case MSG_MOVE_RECEIVE:
	case MSG_MAKE_SEND:
	case MSG_MAKE_SEND_ONCE:
		if (!(e->rights & RIGHT_RECEIVE))
			return KERN_INVALID_RIGHT;
		if (disp == MSG_MOVE_RECEIVE)
			e->rights &= ~RIGHT_RECEIVE;
		return KERN_SUCCESS;
	case MSG_COPY_SEND:
	case MSG_MOVE_SEND:
		if (!(e->rights & RIGHT_SEND))
			return KERN_INVALID_RIGHT;
		if (disp == MSG_MOVE_SEND && --e->urefs == 0)
			e->rights &= ~RIGHT_SEND;
		return KERN_SUCCESS;
	case MSG_MOVE_SEND_ONCE:
		if (!(e->rights & RIGHT_SEND_ONCE))
			return KERN_INVALID_RIGHT;
		e->rights &= ~RIGHT_SEND_ONCE;
		return KERN_SUCCESS;
	default:
		return KERN_INVALID_ARGUMENT;
	}
}

/* Would sending p's receive right to dest make a message unreachable: p's queue
 * holding (through in-transit ports) the message that carries p? */
static int circular(struct port *p, struct port *dest)
{
	for (struct port *d = dest; d; d = d->receiver ? NULL : d->transit_dest)
		if (d == p)
			return 1;
	return 0;
}

int right_batch_check(struct capspace *s, const struct right_batch *b, int dest_first,
		      struct port *dest)
{
	struct cap scratch[RIGHT_BATCH_MAX];
	port_name_t names[RIGHT_BATCH_MAX];
	int n = 0;

	for (int i = 0; i < b->count; i++) {
		port_name_t name = b->item[i].name;
		int j = 0;
		while (j < n && names[j] != name)
			j++;
		if (j == n) {
			struct cap *e = right_lookup(s, name);
			if (!e)
				return KERN_INVALID_NAME;
			scratch[n] = *e;
			names[n++] = name;
		}
		void *object = scratch[j].object;
		int err =
			entry_effect(&scratch[j], b->item[i].disposition, !(dest_first && i == 0));
		if (err)
			return err;
		if (b->item[i].disposition == MSG_MOVE_RECEIVE && circular(object, dest))
			return KERN_INVALID_RIGHT;
	}
	return KERN_SUCCESS;
}

/* The receive right leaves its space: receivers waiting there give up. */
static void receive_leave_space(struct port *p)
{
	p->receiver = NULL;
	if (p->set)
		portset_remove(p);
	thread_wakeup_all(&p->receivers, KERN_INVALID_RIGHT);
}

struct port *right_take(struct capspace *s, port_name_t name, unsigned disposition,
			unsigned *transit)
{
	struct cap *e = right_lookup(s, name);
	uint16_t old = e->rights;
	struct port *p = e->object;

	*transit = disposition == MSG_MOVE_SEND_ONCE || disposition == MSG_MAKE_SEND_ONCE
			   ? TRANSIT_SEND_ONCE
		   : disposition == MSG_MOVE_RECEIVE ? TRANSIT_RECEIVE
						     : TRANSIT_SEND;
	if (old & RIGHT_DEAD_NAME) {
		if (disposition != MSG_COPY_SEND && --e->urefs == 0) {
			e->rights = 0;
			entry_update(s, name, e, old);
		}
		return NULL;
	}
	switch (disposition) {
	case MSG_MOVE_RECEIVE:
		e->rights &= ~RIGHT_RECEIVE;
		receive_leave_space(p);
		break;
	case MSG_COPY_SEND:
		p->send_rights++;
		break;
	case MSG_MOVE_SEND:
		if (--e->urefs == 0)
			e->rights &= ~RIGHT_SEND; /* the entry's right itself travels */
		else
			p->send_rights++;
		break;
	case MSG_MAKE_SEND:
		p->send_rights++;
		p->make_sends++;
		break;
	case MSG_MAKE_SEND_ONCE:
		p->sendonce_rights++;
		break;
	case MSG_MOVE_SEND_ONCE:
		e->rights &= ~RIGHT_SEND_ONCE;
		break;
	}
	port_ref(p);
	entry_update(s, name, e, old);
	return p;
}

int right_take_one(struct capspace *s, port_name_t name, unsigned disposition, struct port **port,
		   unsigned *transit)
{
	struct right_batch b = { .count = 1, .item = { { name, disposition } } };
	int err = right_batch_check(s, &b, 1, NULL);

	if (err)
		return err;
	*port = right_take(s, name, disposition, transit);
	return KERN_SUCCESS;
}

static void receive_enter_space(struct port *p, struct capspace *s)
{
	p->receiver = s;
	p->transit_dest = NULL;
}

/* Merge a right in transit into the entry e that already names p. */
static int merge(struct cap *e, struct port *p, unsigned transit)
{
	if (transit == TRANSIT_SEND) {
		if (e->rights & RIGHT_SEND) {
			if (e->urefs >= UREFS_MAX)
				return KERN_NO_SPACE;
			e->urefs++;
			p->send_rights--; /* two rights became one with more references */
		} else {
			e->rights |= RIGHT_SEND;
			e->urefs = 1;
		}
	} else {
		e->rights |= RIGHT_RECEIVE;
	}
	port_release(p); /* the entry holds its own reference */
	return KERN_SUCCESS;
}

/* Fill a fresh entry with a right in transit; its reference becomes the entry's. */
static int fill(struct capspace *s, port_name_t name, struct cap *e, struct port *p,
		unsigned transit)
{
	e->object = p;
	if (transit == TRANSIT_SEND_ONCE) {
		e->rights = RIGHT_SEND_ONCE;
		e->urefs = 1;
		return KERN_SUCCESS;
	}
	int err = cap_reverse_insert(s, p, name);
	if (err) {
		cap_free(s, name);
		return err;
	}
	e->rights = transit == TRANSIT_SEND ? RIGHT_SEND : RIGHT_RECEIVE;
	e->urefs = transit == TRANSIT_SEND;
	if (transit == TRANSIT_RECEIVE)
		receive_enter_space(p, s);
	return KERN_SUCCESS;
}

static int give(struct capspace *s, port_name_t want, struct port *p, unsigned transit,
		port_name_t *out)
{
	struct cap *e;
	int err;

	if (transit != TRANSIT_SEND_ONCE) {
		port_name_t name = cap_reverse_lookup(s, p);
		if (name != PORT_NULL) {
			if (want != PORT_NULL && want != name)
				return KERN_NAME_EXISTS;
			e = cap_lookup(s, name);
			if (transit == TRANSIT_RECEIVE)
				receive_enter_space(p, s);
			err = merge(e, p, transit);
			if (!err)
				*out = name;
			return err;
		}
	}
	if (want == PORT_NULL)
		err = cap_alloc(s, &want, &e);
	else
		err = cap_alloc_at(s, want, &e);
	if (!err)
		err = fill(s, want, e, p, transit);
	if (!err)
		*out = want;
	return err;
}

port_name_t right_give(struct capspace *s, struct port *p, unsigned transit)
{
	port_name_t name;

	if (!p)
		return PORT_DEAD;
	if (transit != TRANSIT_RECEIVE && !p->active) {
		right_drop_silently(p, transit);
		return PORT_DEAD;
	}
	if (give(s, PORT_NULL, p, transit, &name)) {
		right_drop(p, transit);
		return PORT_NULL;
	}
	return name;
}

int right_give_at(struct capspace *s, port_name_t name, struct port *p, unsigned transit)
{
	port_name_t got;

	if (!p || (transit != TRANSIT_RECEIVE && !p->active))
		return KERN_PORT_DEAD;
	return give(s, name, p, transit, &got);
}

void right_drop_silently(struct port *p, unsigned transit)
{
	if (!p)
		return;
	switch (transit) {
	case TRANSIT_RECEIVE:
		port_destroy_receive(p);
		break;
	case TRANSIT_SEND:
		p->send_rights--;
		port_check_no_senders(p);
		break;
	case TRANSIT_SEND_ONCE:
		p->sendonce_rights--;
		break;
	}
	port_release(p);
}

void right_drop(struct port *p, unsigned transit)
{
	if (p && transit == TRANSIT_SEND_ONCE && p->active) {
		notify_send_once(p); /* consumes the right */
		return;
	}
	right_drop_silently(p, transit);
}

int right_destroy_name(struct capspace *s, port_name_t name)
{
	struct cap *e = right_lookup(s, name);

	if (!e)
		return KERN_INVALID_NAME;
	uint16_t old = e->rights;
	struct port *p = e->object;
	if (old & RIGHT_RECEIVE) {
		e->rights &= ~RIGHT_RECEIVE;
		receive_leave_space(p);
		port_destroy_receive(p);
	}
	if (old & RIGHT_SEND) {
		p->send_rights--;
		port_check_no_senders(p);
	}
	if (old & RIGHT_SEND_ONCE) {
		port_ref(p);
		right_drop(p, TRANSIT_SEND_ONCE);
	}
	if (old & RIGHT_PORT_SET)
		portset_destroy(e->object);
	e->rights = 0;
	entry_update(s, name, e, old);
	return KERN_SUCCESS;
}

static int mod_urefs(struct capspace *s, port_name_t name, struct cap *e, int delta)
{
	uint16_t old = e->rights;

	if (delta > 0) {
		if (e->urefs + (uint64_t)delta > UREFS_MAX)
			return KERN_NO_SPACE;
		e->urefs += delta;
		return KERN_SUCCESS;
	}
	if ((uint32_t) - (int64_t)delta > e->urefs)
		return KERN_INVALID_ARGUMENT;
	e->urefs += delta;
	if (e->urefs)
		return KERN_SUCCESS;
	if (old & RIGHT_SEND) {
		struct port *p = e->object;
		e->rights &= ~RIGHT_SEND;
		p->send_rights--;
		port_check_no_senders(p);
	} else {
		e->rights = 0;
	}
	entry_update(s, name, e, old);
	return KERN_SUCCESS;
}

int right_mod_refs(struct capspace *s, port_name_t name, unsigned right, int delta)
{
	struct cap *e = right_lookup(s, name);

	if (!e)
		return KERN_INVALID_NAME;
	if (right != RIGHT_SEND && right != RIGHT_DEAD_NAME && delta != 0 && delta != -1)
		return KERN_INVALID_ARGUMENT;
	switch (right) {
	case RIGHT_SEND:
	case RIGHT_DEAD_NAME:
		if (!(e->rights & right))
			return KERN_INVALID_RIGHT;
		return delta ? mod_urefs(s, name, e, delta) : KERN_SUCCESS;
	case RIGHT_RECEIVE:
	case RIGHT_SEND_ONCE:
	case RIGHT_PORT_SET:
		if (!(e->rights & right))
			return KERN_INVALID_RIGHT;
		if (delta == 0)
			return KERN_SUCCESS;
		if (e->rights == right)
			return right_destroy_name(s, name);
		/* a receive right beside send rights: only the receive right goes */
		uint16_t old = e->rights;
		struct port *p = e->object;
		e->rights &= ~RIGHT_RECEIVE;
		receive_leave_space(p);
		port_destroy_receive(p);
		entry_update(s, name, e, old);
		return KERN_SUCCESS;
	default:
		return KERN_INVALID_ARGUMENT;
	}
}

void right_destroy_space(struct capspace *s)
{
	for (uint32_t i = 1; i < s->size; i++)
		if (s->table[i].rights)
			right_destroy_name(s, NAME_MAKE(i, s->table[i].gen));
	cap_space_free(s);
}
