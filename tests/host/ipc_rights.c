/*
 * Host test of port rights and message queues, run by ipc_rights.t: the kernel's
 * microkernel/ipc/{capspace,port,right,notify,kmsg,port_traps}.c as they are, with
 * tests/host/ipc_stubs.c standing in for the scheduler and the VM. Three tasks pass
 * rights around by port_insert_right and in messages; the counts behind dead names
 * and notifications, the queues, port sets and port death are checked, and each
 * test ends by tearing the tasks down and checking that every byte came back.
 * Prints TAP.
 */
#include <masque/error.h>
#include <masque/msg.h>
#include <masque/rights.h>
#include <stdlib.h>
#include <string.h>
#include "ipc/capspace.h"
#include "ipc/kmsg.h"
#include "ipc/port.h"
#include "ipc/right.h"
#include "ipc_stubs.h"
#include "kern/syscall.h"
#include "kmem_shim.h"
#include "notify_ksend.h"
#include "task/task.h"
#include "task/thread.h"
#include "tap.h"

#define NTASKS	    3
#define DESCS	    4
#define CHAIN	    10000
#define STACK_BOUND (64 * 1024) /* what destroying any number of ports may use */

static struct task tasks[NTASKS];
static struct task *const A = &tasks[0], *const B = &tasks[1], *const C = &tasks[2];
static struct thread me;		      /* the thread making the traps */
static port_name_t task_name[NTASKS][NTASKS]; /* [i][j]: task j's port in i's space */
static size_t world_base;

/* A message as a sender writes it and a receiver finds it. */
struct test_msg {
	struct msg_header h;
	struct msg_desc d[DESCS];
	uint32_t body;
};

/* Make the traps that follow come from a thread of t. */
static struct capspace *as(struct task *t)
{
	me.task = t;
	return &t->space;
}

/* Three tasks, each with a send right to every task's port (as task_self gives). */
static void world_begin(void)
{
	world_base = kmem_in_use();
	current = &me;
	for (int i = 0; i < NTASKS; i++) {
		if (cap_space_init(&tasks[i].space))
			abort();
		tasks[i].self = port_alloc_kobject(KOBJ_TASK, &tasks[i]);
	}
	for (int i = 0; i < NTASKS; i++) {
		for (int j = 0; j < NTASKS; j++) {
			struct port *p = port_make_send(tasks[j].self);
			task_name[i][j] = right_give(&tasks[i].space, p, TRANSIT_SEND);
		}
	}
}

/* Tear the tasks down as the kernel does; whether all since world_begin was freed. */
static int world_end(void)
{
	for (int i = 0; i < NTASKS; i++)
		right_destroy_space(&tasks[i].space);
	for (int i = 0; i < NTASKS; i++)
		port_destroy_kobject(tasks[i].self);
	return kmem_in_use() == world_base;
}

static port_name_t allocate(struct task *t, unsigned right)
{
	as(t);
	int64_t r = sys_port_allocate(right);
	return r < 0 ? PORT_NULL : (port_name_t)r;
}

static port_name_t new_port(struct task *t)
{
	return allocate(t, RIGHT_RECEIVE);
}

/* The object a name of t's denotes, seen without right_lookup's side effects. */
static void *object_at(struct task *t, port_name_t name)
{
	struct cap *e = cap_lookup(&t->space, name);

	return e ? e->object : NULL;
}

/* port_status of a name of t's; all zero if the name denotes nothing. */
static struct port_status status(struct task *t, port_name_t name)
{
	struct port_status st = { 0 };

	as(t);
	sys_port_status(name, (uaddr_t)&st);
	return st;
}

/* port_insert_right of from's right to task to, under a new name or at want. */
static int64_t insert_at(struct task *from, port_name_t name, unsigned disposition, struct task *to,
			 port_name_t want)
{
	as(from);
	return sys_port_insert_right(task_name[from - tasks][to - tasks], want, name, disposition);
}

static int64_t insert(struct task *from, port_name_t name, unsigned disposition, struct task *to)
{
	return insert_at(from, name, disposition, to, PORT_NULL);
}

static int64_t destroy(struct task *t, port_name_t name)
{
	as(t);
	return sys_port_destroy(name);
}

static int64_t mod_refs(struct task *t, port_name_t name, unsigned right, int delta)
{
	as(t);
	return sys_port_mod_refs(name, right, delta);
}

static int64_t request(struct task *t, port_name_t name, unsigned kind, port_name_t notify)
{
	as(t);
	return sys_port_request_notify(name, kind, notify);
}

static int64_t move_member(struct task *t, port_name_t member, port_name_t set)
{
	as(t);
	return sys_port_move_member(member, set);
}

static int64_t set_qlimit(struct task *t, port_name_t name, uint32_t qlimit)
{
	as(t);
	return sys_port_set_qlimit(name, qlimit);
}

static struct msg_desc port_desc(port_name_t name, unsigned disposition)
{
	return (struct msg_desc){ .type = MSG_DESC_PORT,
				  .disposition = disposition,
				  .value = name };
}

/* Send as the msg trap does when there is room: copy the message in, check every
 * right it names, take them, deliver it. The body holds the id. */
static int send(struct task *t, port_name_t remote, unsigned rdisp, port_name_t local,
		unsigned ldisp, uint32_t id, uint32_t ndesc, const struct msg_desc *descs)
{
	struct test_msg m = { 0 };
	struct kmsg *k;
	struct port *dest;

	m.h = (struct msg_header){
		.bits = MSG_BITS(rdisp, ldisp),
		.size = sizeof(m.h) + ndesc * sizeof(struct msg_desc) + sizeof(uint32_t),
		.remote = remote,
		.local = local,
		.id = id,
		.ndesc = ndesc,
	};
	if (ndesc)
		memcpy(m.d, descs, ndesc * sizeof(*descs));
	memcpy(msg_body(&m.h), &id, sizeof(id));
	int err = kmsg_copyin(NULL, (uintptr_t)&m, &k);
	if (err)
		return err;
	if ((err = kmsg_check_rights(&t->space, k, &dest))) {
		kmsg_discard(k);
		return err;
	}
	kmsg_take_rights(&t->space, NULL, k);
	port_deliver(k);
	return KERN_SUCCESS;
}

static int send_plain(struct task *t, port_name_t remote, unsigned rdisp, uint32_t id)
{
	return send(t, remote, rdisp, PORT_NULL, 0, id, 0, NULL);
}

static int send_one(struct task *t, port_name_t remote, unsigned rdisp, uint32_t id,
		    port_name_t name, unsigned disposition)
{
	struct msg_desc d = port_desc(name, disposition);

	return send(t, remote, rdisp, PORT_NULL, 0, id, 1, &d);
}

/* Receive the next message queued on a port or set of t's without waiting: as a
 * receive with a zero timeout, KERN_TIMED_OUT if there is none. */
static int receive(struct task *t, port_name_t name, struct test_msg *m)
{
	struct cap *e = right_lookup(&t->space, name);
	struct kmsg *k;

	if (!e)
		return KERN_INVALID_NAME;
	if (e->rights & RIGHT_RECEIVE)
		k = port_dequeue(e->object);
	else if (e->rights & RIGHT_PORT_SET)
		k = portset_dequeue(e->object);
	else
		return KERN_INVALID_RIGHT;
	if (!k)
		return KERN_TIMED_OUT;
	memset(m, 0, sizeof(*m));
	return kmsg_copyout(k, &t->space, NULL, (uintptr_t)m, sizeof(*m), 0);
}

/* The id of the next message of a port or set, -1 if none. */
static int64_t next_id(struct task *t, port_name_t name)
{
	struct test_msg m;

	return receive(t, name, &m) ? -1 : (int64_t)m.h.id;
}

static int queue_empty(struct task *t, port_name_t port)
{
	struct port *p = object_at(t, port);

	return p && !p->msg_count;
}

/* Whether the next message of port is a notification of that kind from the kernel,
 * about name arg (dead names) or with make-send count arg (no senders). */
static int notification(struct task *t, port_name_t port, unsigned kind, uint32_t arg)
{
	struct test_msg m;
	union { /* the layouts of interfaces/notify.defs */
		struct msg_header hdr;
		struct notify_dead_name_request_msg dead_name;
		struct notify_no_senders_request_msg no_senders;
		struct notify_send_once_request_msg send_once;
	} n;
	int err = receive(t, port, &m);

	if (err) {
		diag("no notification on %#x: %d", port, err);
		return 0;
	}
	memcpy(&n, &m, sizeof(n));
	uint32_t id = kind == NOTIFY_DEAD_NAME	  ? NOTIFY_DEAD_NAME_ID
		      : kind == NOTIFY_NO_SENDERS ? NOTIFY_NO_SENDERS_ID
						  : NOTIFY_SEND_ONCE_ID;
	uint32_t size = kind == NOTIFY_DEAD_NAME    ? sizeof(n.dead_name)
			: kind == NOTIFY_NO_SENDERS ? sizeof(n.no_senders)
						    : sizeof(n.send_once);
	int good = n.hdr.id == id && n.hdr.size == size && n.hdr.remote == PORT_NULL &&
		   n.hdr.local == port &&
		   n.hdr.bits == (MSG_BITS(0, MSG_MOVE_SEND_ONCE) | MSG_FROM_KERNEL) &&
		   (kind != NOTIFY_DEAD_NAME || n.dead_name.name == arg) &&
		   (kind != NOTIFY_NO_SENDERS || n.no_senders.make_sends == arg);
	if (!good)
		diag("got id %#x size %u bits %#x", n.hdr.id, n.hdr.size, n.hdr.bits);
	return good;
}

/* notification, and nothing after it. */
static int one_notification(struct task *t, port_name_t port, unsigned kind, uint32_t arg)
{
	struct test_msg m;

	if (!notification(t, port, kind, arg))
		return 0;
	if (receive(t, port, &m) != KERN_TIMED_OUT) {
		diag("and another message after it: id %#x", m.h.id);
		return 0;
	}
	return 1;
}

static void test_allocate(void)
{
	world_begin();
	port_name_t p = new_port(A);
	struct port_status st = status(A, p);
	struct port *port = object_at(A, p);

	ok(p != PORT_NULL && !(p >> 31) && port, "port_allocate: a name below 2^31");
	ok(st.rights == RIGHT_RECEIVE && st.qlimit == PORT_QLIMIT_DEFAULT && !st.msg_count &&
		   !st.make_sends && !st.has_senders && st.set == PORT_NULL,
	   "... for a receive right, an empty queue of the default limit, no senders");
	ok(port->active && port->receiver == &A->space && port->refs == 1 && !port->send_rights &&
		   !port->sendonce_rights,
	   "... the port is active, received in A, referenced once (by the name)");
	is(cap_reverse_lookup(&A->space, port), p, "... and found by A's reverse map");
	port_name_t s = allocate(A, RIGHT_PORT_SET);
	st = status(A, s);
	ok(s && st.rights == RIGHT_PORT_SET && !st.set_members, "port_allocate of a port set");
	as(A);
	is(sys_port_allocate(RIGHT_SEND), KERN_INVALID_ARGUMENT,
	   "port_allocate of a send right: refused");
	kmem_fail_nth(1);
	is(sys_port_allocate(RIGHT_RECEIVE), KERN_RESOURCE_SHORTAGE,
	   "port_allocate without memory");
	is(destroy(A, p), KERN_SUCCESS, "port_destroy");
	ok(!status(A, p).rights, "... frees the name");
	ok(world_end(), "nothing leaked");
}

static void test_send_rights(void)
{
	world_begin();
	port_name_t p = new_port(A);
	struct port *port = object_at(A, p);
	port_name_t nb = insert(A, p, MSG_MAKE_SEND, B);
	struct port_status st = status(B, nb);

	ok(st.rights == RIGHT_SEND && st.send_refs == 1,
	   "MAKE_SEND into B: a send right with one reference");
	ok(port->send_rights == 1 && port->make_sends == 1,
	   "... one send right exists, one was made");
	is(insert(A, p, MSG_MAKE_SEND, B), nb, "MAKE_SEND into B again merges into B's name");
	ok(status(B, nb).send_refs == 2 && port->send_rights == 1 && port->make_sends == 2,
	   "... two references to one send right; two made");
	port_name_t nc = insert(B, nb, MSG_COPY_SEND, C);
	ok(status(C, nc).send_refs == 1 && status(B, nb).send_refs == 2 && port->send_rights == 2 &&
		   port->make_sends == 2,
	   "COPY_SEND to C: a second send right, B keeps its references, none made");
	is(insert(B, nb, MSG_MOVE_SEND, C), nc,
	   "MOVE_SEND of one of B's two references merges into C's name");
	ok(status(B, nb).send_refs == 1 && status(C, nc).send_refs == 2 && port->send_rights == 2,
	   "... B has 1, C 2 references; still two send rights");
	is(insert(B, nb, MSG_MOVE_SEND, C), nc, "MOVE_SEND of B's last reference");
	ok(!status(B, nb).rights && status(C, nc).send_refs == 3 && port->send_rights == 1,
	   "... B's name is gone; C has 3 references to the one send right left");
	is(insert(C, nc, MSG_COPY_SEND, A), p,
	   "a send right into the receiver's space joins the receive right's name");
	st = status(A, p);
	ok(st.rights == (RIGHT_RECEIVE | RIGHT_SEND) && st.send_refs == 1 &&
		   port->send_rights == 2 && port->refs == 2,
	   "... one name for both; two send rights; a reference per name (A's, C's)");

	port_name_t want = NAME_MAKE(77, 3);
	is(insert_at(A, p, MSG_MAKE_SEND, B, want), want, "port_insert_right at a chosen name");
	is(insert_at(A, p, MSG_MAKE_SEND, B, NAME_MAKE(78, 0)), KERN_NAME_EXISTS,
	   "... at another name while B names the port: KERN_NAME_EXISTS");
	ok(port->send_rights == 3 && status(B, want).send_refs == 1,
	   "... the right made for it is gone again");
	is(insert_at(A, p, MSG_MAKE_SEND, B, want), want,
	   "... at the name B uses for the port: merged");
	is(status(B, want).send_refs, 2, "... two references");
	is(insert_at(A, p, MSG_MAKE_SEND, B, 0x80000001u), KERN_INVALID_NAME,
	   "... at a name with bit 31: refused");

	is(mod_refs(B, want, RIGHT_SEND, 5), KERN_SUCCESS, "port_mod_refs +5");
	ok(status(B, want).send_refs == 7 && port->send_rights == 3,
	   "... 7 references, no new send right");
	is(mod_refs(B, want, RIGHT_SEND, -8), KERN_INVALID_ARGUMENT, "-8 of 7 references: refused");
	is(mod_refs(B, want, RIGHT_RECEIVE, -1), KERN_INVALID_RIGHT,
	   "a receive right B lacks: refused");
	is(mod_refs(B, want, RIGHT_SEND, UREFS_MAX), KERN_NO_SPACE,
	   "past UREFS_MAX: KERN_NO_SPACE");
	is(mod_refs(B, want, RIGHT_SEND, UREFS_MAX - 7), KERN_SUCCESS, "up to UREFS_MAX");
	is(insert(A, p, MSG_MAKE_SEND, B), KERN_NO_SPACE,
	   "a right to merge into a name at UREFS_MAX: refused");
	ok(port->send_rights == 3 && status(B, want).send_refs == UREFS_MAX, "... and destroyed");
	is(mod_refs(B, want, RIGHT_SEND, -(int)UREFS_MAX), KERN_SUCCESS,
	   "dropping every reference");
	ok(!status(B, want).rights && port->send_rights == 2,
	   "... frees the name and its send right");
	ok(world_end(), "nothing leaked");
}

static void test_send_once(void)
{
	struct test_msg m;

	world_begin();
	port_name_t p = new_port(A);
	struct port *port = object_at(A, p);
	port_name_t so1 = insert(A, p, MSG_MAKE_SEND_ONCE, B);
	port_name_t so2 = insert(A, p, MSG_MAKE_SEND_ONCE, B);

	ok(so1 && so2 && so1 != so2 && status(B, so1).rights == RIGHT_SEND_ONCE,
	   "two MAKE_SEND_ONCE into B: two names, each a send-once right");
	ok(port->sendonce_rights == 2 && !port->send_rights && !port->make_sends,
	   "... counted apart from send rights");
	port_name_t so3 = insert(B, so1, MSG_MOVE_SEND_ONCE, C);
	ok(!status(B, so1).rights && status(C, so3).rights == RIGHT_SEND_ONCE &&
		   port->sendonce_rights == 2,
	   "MOVE_SEND_ONCE to C: B's name goes, C has it, the count stays");
	is(insert(B, so2, MSG_COPY_SEND, C), KERN_INVALID_RIGHT,
	   "COPY_SEND of a send-once right: refused");
	is(insert(B, so2, MSG_MOVE_SEND, C), KERN_INVALID_RIGHT, "MOVE_SEND of it: refused");
	is(status(B, so2).rights, RIGHT_SEND_ONCE, "... B keeps it");

	is(send_plain(B, so2, MSG_MOVE_SEND_ONCE, 7), KERN_SUCCESS,
	   "a message through a send-once right");
	ok(!status(B, so2).rights && port->sendonce_rights == 2, "... the right travels with it");
	ok(receive(A, p, &m) == KERN_SUCCESS && m.h.id == 7 &&
		   m.h.bits == MSG_BITS(0, MSG_MOVE_SEND_ONCE) && m.h.local == p,
	   "... received, saying it came through a send-once right");
	is(send_plain(A, p, MSG_MAKE_SEND | MSG_FROM_KERNEL, 8), KERN_INVALID_MSG,
	   "a message that says it is the kernel's: refused");
	ok(port->sendonce_rights == 1 && queue_empty(A, p), "... used up, with no notification");

	is(destroy(C, so3), KERN_SUCCESS, "destroying an unused send-once right");
	ok(port->sendonce_rights == 1 && port->msg_count == 1,
	   "... its right now carries the notification");
	ok(one_notification(A, p, NOTIFY_SEND_ONCE, 0), "... a send-once notification to its port");
	is(port->sendonce_rights, 0, "... and then no send-once right is left");
	port_name_t so4 = insert(A, p, MSG_MAKE_SEND_ONCE, B);
	is(mod_refs(B, so4, RIGHT_SEND_ONCE, -1), KERN_SUCCESS,
	   "port_mod_refs -1 of a send-once right");
	ok(one_notification(A, p, NOTIFY_SEND_ONCE, 0), "... the same notification");

	port_name_t so5 = insert(A, p, MSG_MAKE_SEND_ONCE, B);
	kmem_fail_nth(1);
	is(destroy(B, so5), KERN_SUCCESS, "destroying one with no memory for the notification");
	ok(queue_empty(A, p) && !port->sendonce_rights,
	   "... the notice is lost, the right still goes");
	ok(world_end(), "nothing leaked");
}

/* right_batch_check of t's rights given as name, disposition, name, disposition...
 * with no message destination to check circularity against. */
#define BATCH(t, dest_first, ...)                               \
	batch(t, dest_first, (const uint32_t[]){ __VA_ARGS__ }, \
	      sizeof((const uint32_t[]){ __VA_ARGS__ }) / sizeof(uint32_t) / 2)

static int batch(struct task *t, int dest_first, const uint32_t *pairs, int n)
{
	struct right_batch b = { .count = n };

	for (int i = 0; i < n; i++) {
		b.item[i].name = pairs[2 * i];
		b.item[i].disposition = pairs[2 * i + 1];
	}
	return right_batch_check(&t->space, &b, dest_first, NULL);
}

static void test_batch(void)
{
	struct test_msg m;

	world_begin();
	port_name_t q = new_port(A);
	struct port *port = object_at(A, q);
	port_name_t nb = insert(A, q, MSG_MAKE_SEND, B);
	struct cap before = *cap_lookup(&B->space, nb);
	uint32_t refs = port->refs;
#define UNCHANGED()                                                                               \
	(!memcmp(cap_lookup(&B->space, nb), &before, sizeof(before)) && port->send_rights == 1 && \
	 port->refs == refs && !port->msg_count)

	is(BATCH(B, 0, nb, MSG_MOVE_SEND, nb, MSG_MOVE_SEND), KERN_INVALID_RIGHT,
	   "MOVE_SEND twice of a name with one reference: refused");
	ok(UNCHANGED(), "... nothing changed");
	is(BATCH(B, 0, nb, MSG_COPY_SEND, nb, MSG_MOVE_SEND), KERN_SUCCESS,
	   "COPY_SEND then MOVE_SEND: fine");
	ok(UNCHANGED(), "... and the check alone changed nothing");
	is(BATCH(B, 0, nb, MSG_MOVE_SEND, nb, MSG_COPY_SEND), KERN_INVALID_RIGHT,
	   "MOVE_SEND then COPY_SEND: refused");
	is(BATCH(B, 0, nb, MSG_MOVE_SEND, NAME_MAKE(900, 0), MSG_COPY_SEND), KERN_INVALID_NAME,
	   "a name that denotes nothing: KERN_INVALID_NAME");
	is(BATCH(B, 0, nb, MSG_MAKE_SEND), KERN_INVALID_RIGHT,
	   "MAKE_SEND from a send right: refused");
	is(BATCH(B, 0, nb, MSG_MOVE_SEND_ONCE), KERN_INVALID_RIGHT,
	   "MOVE_SEND_ONCE of a send right: refused");
	is(BATCH(B, 0, nb, 9), KERN_INVALID_ARGUMENT, "an unknown disposition: refused");
	ok(UNCHANGED(), "... none of which changed anything");
	is(BATCH(A, 0, q, MSG_MOVE_RECEIVE, q, MSG_MAKE_SEND), KERN_INVALID_RIGHT,
	   "MAKE_SEND after the receive right moved: refused");
	is(BATCH(A, 0, q, MSG_MAKE_SEND, q, MSG_MOVE_RECEIVE), KERN_SUCCESS,
	   "MAKE_SEND, then MOVE_RECEIVE: fine");
	is(BATCH(A, 0, q, MSG_MOVE_RECEIVE, q, MSG_MOVE_RECEIVE), KERN_INVALID_RIGHT,
	   "MOVE_RECEIVE twice: refused");
	ok(port->receiver == &A->space && port->make_sends == 1,
	   "... A keeps its receive right; no send right was made");

	is(send_one(B, nb, MSG_MOVE_SEND, 1, nb, MSG_MOVE_SEND), KERN_INVALID_RIGHT,
	   "a message moving B's one reference as destination and again in a descriptor: refused");
	ok(UNCHANGED(), "... with nothing changed or queued");
	is(send_one(B, nb, MSG_COPY_SEND, 2, nb, MSG_MOVE_SEND), KERN_SUCCESS,
	   "with COPY_SEND as destination: sent");
	ok(!status(B, nb).rights && port->send_rights == 2, "... B's right left in the descriptor");
	ok(receive(A, q, &m) == KERN_SUCCESS && m.h.ndesc == 1 && m.d[0].value == q &&
		   m.d[0].disposition == MSG_MOVE_SEND && m.h.local == q,
	   "... and arrives in A under the receive right's name");
	ok(status(A, q).rights == (RIGHT_RECEIVE | RIGHT_SEND) && port->send_rights == 1,
	   "... merged with it; the destination's right was used up");

	/* dead names: allowed in a message, except as its destination */
	port_name_t d = new_port(C);
	port_name_t nd = insert(C, d, MSG_MAKE_SEND, B);
	mod_refs(B, nd, RIGHT_SEND, 1);
	destroy(C, d);
	is(BATCH(B, 1, nd, MSG_COPY_SEND), KERN_PORT_DEAD,
	   "a dead name as destination: KERN_PORT_DEAD");
	is(BATCH(B, 0, nd, MSG_MOVE_SEND), KERN_SUCCESS, "a dead name elsewhere: fine");
	is(send_plain(B, nd, MSG_COPY_SEND, 3), KERN_PORT_DEAD,
	   "a message to a dead name: KERN_PORT_DEAD");
	nb = insert(A, q, MSG_MAKE_SEND, B);
	is(send_one(B, nb, MSG_MOVE_SEND, 4, nd, MSG_MOVE_SEND), KERN_SUCCESS,
	   "a dead name in a descriptor: sent");
	is(status(B, nd).send_refs, 1, "... it took one of the dead name's references");
	ok(receive(A, q, &m) == KERN_SUCCESS && m.d[0].value == PORT_DEAD,
	   "... and arrives as PORT_DEAD");
	ok(world_end(), "nothing leaked");
#undef UNCHANGED
}

static void test_circular(void)
{
	struct test_msg m;

	world_begin();
	port_name_t p = new_port(A), q = new_port(A), r = new_port(A);
	struct port *P = object_at(A, p), *Q = object_at(A, q), *R = object_at(A, r);
	insert(A, p, MSG_MAKE_SEND, A);
	insert(A, q, MSG_MAKE_SEND, A);
	insert(A, r, MSG_MAKE_SEND, A);

	is(send_one(A, p, MSG_COPY_SEND, 1, p, MSG_MOVE_RECEIVE), KERN_INVALID_RIGHT,
	   "a port's receive right in a message to itself: refused");
	is(send(A, q, MSG_COPY_SEND, q, MSG_MOVE_RECEIVE, 2, 0, NULL), KERN_INVALID_RIGHT,
	   "... as the reply port of a message to itself: refused");
	is(send_one(A, p, MSG_COPY_SEND, 3, q, MSG_MOVE_RECEIVE), KERN_SUCCESS,
	   "q's receive right into p's queue");
	ok(!Q->receiver && Q->transit_dest == P && status(A, q).rights == RIGHT_SEND,
	   "... q is in transit to p; A keeps its send right to q");
	is(send_one(A, q, MSG_COPY_SEND, 4, p, MSG_MOVE_RECEIVE), KERN_INVALID_RIGHT,
	   "p's receive right into q's queue, which p's queue holds: refused");
	is(send_one(A, q, MSG_COPY_SEND, 5, r, MSG_MOVE_RECEIVE), KERN_SUCCESS,
	   "r's receive right into q's queue");
	is(send_one(A, r, MSG_COPY_SEND, 6, p, MSG_MOVE_RECEIVE), KERN_INVALID_RIGHT,
	   "p's into r's, which is in q's, which is in p's: refused");
	is(send(A, r, MSG_COPY_SEND, p, MSG_MOVE_RECEIVE, 7, 0, NULL), KERN_INVALID_RIGHT,
	   "... as a reply port too");
	ok(P->receiver == &A->space && P->msg_count == 1 && Q->msg_count == 1 && !R->msg_count,
	   "... nothing moved");
	ok(receive(A, p, &m) == KERN_SUCCESS && m.d[0].value == q && Q->receiver == &A->space &&
		   !Q->transit_dest && status(A, q).rights == (RIGHT_RECEIVE | RIGHT_SEND),
	   "q's receive right received back into A, joining its send right");
	is(send_one(A, r, MSG_COPY_SEND, 8, p, MSG_MOVE_RECEIVE), KERN_SUCCESS,
	   "now p's receive right can go into r's queue (r in q's, q in A)");
	ok(world_end(), "nothing leaked (q's death takes r's and p's)");
}

static void test_dead_names(void)
{
	struct test_msg m;

	world_begin();
	port_name_t p = new_port(A);
	struct port *port = object_at(A, p);
	port_name_t nb = insert(A, p, MSG_MAKE_SEND, B);
	insert(A, p, MSG_MAKE_SEND, B);
	insert(A, p, MSG_MAKE_SEND, B);
	port_name_t so = insert(A, p, MSG_MAKE_SEND_ONCE, C);

	is(destroy(A, p), KERN_SUCCESS, "port_destroy of a receive right B and C hold rights to");
	ok(!port->active && port->refs == 2 && port->send_rights == 1 && port->sendonce_rights == 1,
	   "... the port is dead, kept by B's and C's names");
	is(cap_lookup(&B->space, nb)->rights, RIGHT_SEND, "... B's entry says send until B looks");
	struct port_status st = status(B, nb);
	ok(st.rights == RIGHT_DEAD_NAME && st.send_refs == 3,
	   "then it is a dead name with B's 3 references");
	ok(!port->send_rights && port->refs == 1 &&
		   cap_reverse_lookup(&B->space, port) == PORT_NULL,
	   "... which gave up the send right, the reference and the reverse entry");
	st = status(C, so);
	ok(st.rights == RIGHT_DEAD_NAME && st.send_refs == 1,
	   "C's send-once right: a dead name with one reference");
	is(send_plain(B, nb, MSG_COPY_SEND, 1), KERN_PORT_DEAD,
	   "a message to a dead name: KERN_PORT_DEAD");
	is(insert(B, nb, MSG_COPY_SEND, C), KERN_PORT_DEAD,
	   "port_insert_right of a dead name: KERN_PORT_DEAD");
	is(mod_refs(B, nb, RIGHT_SEND, -1), KERN_INVALID_RIGHT,
	   "port_mod_refs of a dead name's send right: refused");
	is(mod_refs(B, nb, RIGHT_DEAD_NAME, -1), KERN_SUCCESS, "port_mod_refs -1 of the dead name");
	is(status(B, nb).send_refs, 2, "... two references left");
	is(mod_refs(B, nb, RIGHT_DEAD_NAME, -2), KERN_SUCCESS, "-2 more");
	ok(!status(B, nb).rights, "... frees the name");
	is(destroy(C, so), KERN_SUCCESS, "port_destroy of the dead send-once name");

	/* a right whose port dies while the right is in a message */
	port_name_t box = new_port(A), x = new_port(C);
	port_name_t nx = insert(C, x, MSG_MAKE_SEND, A);
	is(send_one(A, box, MSG_MAKE_SEND, 2, nx, MSG_COPY_SEND), KERN_SUCCESS,
	   "a send right to x in a message");
	destroy(C, x);
	ok(receive(A, box, &m) == KERN_SUCCESS && m.d[0].value == PORT_DEAD,
	   "x dies before it is received: it arrives as PORT_DEAD");
	ok(world_end(), "nothing leaked");
}

static void test_dead_name_requests(void)
{
	world_begin();
	port_name_t p = new_port(A);
	port_name_t nb = insert(A, p, MSG_MAKE_SEND, B), nc = insert(A, p, MSG_MAKE_SEND, C);
	port_name_t so = insert(A, p, MSG_MAKE_SEND_ONCE, B);
	port_name_t bn = new_port(B), cn = new_port(C);

	is(request(B, nb, NOTIFY_DEAD_NAME, bn), KERN_SUCCESS,
	   "B asks for a dead-name notification of its send right");
	is(((struct port *)object_at(B, bn))->sendonce_rights, 1,
	   "... the kernel holds a send-once right for it");
	is(request(C, nc, NOTIFY_DEAD_NAME, cn), KERN_SUCCESS, "C asks too, for its own name");
	is(request(B, so, NOTIFY_DEAD_NAME, bn), KERN_SUCCESS, "B asks for its send-once right");
	is(request(B, bn, NOTIFY_DEAD_NAME, bn), KERN_INVALID_RIGHT,
	   "... but not for a receive right");
	is(request(B, nb, 9, bn), KERN_INVALID_ARGUMENT, "an unknown kind: refused");
	ok(queue_empty(B, bn) && queue_empty(C, cn), "nothing arrives while the port lives");
	destroy(A, p);
	ok(notification(B, bn, NOTIFY_DEAD_NAME, nb) &&
		   one_notification(B, bn, NOTIFY_DEAD_NAME, so),
	   "the port dies: B gets a notification for each of its two names, so last");
	ok(one_notification(C, cn, NOTIFY_DEAD_NAME, nc), "... C one for its name");
	ok(status(B, nb).rights == RIGHT_DEAD_NAME && status(B, so).rights == RIGHT_DEAD_NAME,
	   "... the names are dead names");
	destroy(B, nb);
	destroy(B, so);
	destroy(C, nc);
	ok(queue_empty(B, bn) && queue_empty(C, cn), "destroying them sends nothing more");

	port_name_t q = new_port(A), nq = insert(A, q, MSG_MAKE_SEND, B);
	destroy(A, q);
	is(request(B, nq, NOTIFY_DEAD_NAME, bn), KERN_SUCCESS, "a request for a name already dead");
	ok(one_notification(B, bn, NOTIFY_DEAD_NAME, nq), "... is answered at once");
	destroy(B, nq);

	port_name_t r = new_port(A), nr = insert(A, r, MSG_MAKE_SEND, B);
	request(B, nr, NOTIFY_DEAD_NAME, bn);
	destroy(B, nr);
	ok(one_notification(B, bn, NOTIFY_SEND_ONCE, 0),
	   "the name destroyed first: the request's right is destroyed unused");
	destroy(A, r);
	ok(queue_empty(B, bn), "... and the port's death later sends nothing");

	port_name_t s = new_port(A), ns = insert(A, s, MSG_MAKE_SEND, B), bn2 = new_port(B);
	request(B, ns, NOTIFY_DEAD_NAME, bn);
	request(B, ns, NOTIFY_DEAD_NAME, bn2);
	ok(one_notification(B, bn, NOTIFY_SEND_ONCE, 0), "a second request replaces the first");
	destroy(A, s);
	ok(one_notification(B, bn2, NOTIFY_DEAD_NAME, ns) && queue_empty(B, bn),
	   "... only the second is answered");
	port_name_t t = new_port(A), nt = insert(A, t, MSG_MAKE_SEND, B);
	request(B, nt, NOTIFY_DEAD_NAME, bn);
	is(request(B, nt, NOTIFY_DEAD_NAME, PORT_NULL), KERN_SUCCESS, "a request with PORT_NULL");
	ok(one_notification(B, bn, NOTIFY_SEND_ONCE, 0), "... cancels the one there was");
	destroy(A, t);
	ok(queue_empty(B, bn), "... and nothing comes when the port dies");

	/* the send right leaves a name that keeps the receive right */
	port_name_t u = new_port(A), an = new_port(A);
	insert(A, u, MSG_MAKE_SEND, A);
	request(A, u, NOTIFY_DEAD_NAME, an);
	mod_refs(A, u, RIGHT_SEND, -1);
	ok(status(A, u).rights == RIGHT_RECEIVE && one_notification(A, an, NOTIFY_SEND_ONCE, 0),
	   "a request on a name with receive and send rights goes with the send right");
	destroy(A, u);
	ok(queue_empty(A, an), "... destroying the receive right after it sends nothing");
	port_name_t v = new_port(A);
	insert(A, v, MSG_MAKE_SEND, A);
	request(A, v, NOTIFY_DEAD_NAME, an);
	port_name_t nv = insert(A, v, MSG_MOVE_SEND, B);
	ok(status(A, v).rights == RIGHT_RECEIVE && one_notification(A, an, NOTIFY_SEND_ONCE, 0),
	   "... also when the send right is moved away");
	destroy(A, v);
	ok(queue_empty(A, an) && status(B, nv).rights == RIGHT_DEAD_NAME,
	   "... then the receive right's death only leaves B a dead name");
	ok(world_end(), "nothing leaked");
}

static void test_no_senders(void)
{
	struct test_msg m;

	world_begin();
	port_name_t p = new_port(A), n = new_port(A), box = new_port(A);
	struct port *port = object_at(A, p);

	is(request(A, p, NOTIFY_NO_SENDERS, n), KERN_SUCCESS, "a no-senders request");
	ok(port->ns_request && queue_empty(A, n),
	   "... held, and not answered while no send right was ever made");
	is(request(B, task_name[1][0], NOTIFY_NO_SENDERS, PORT_NULL), KERN_INVALID_RIGHT,
	   "... only a receive right can ask");
	port_name_t nb = insert(A, p, MSG_MAKE_SEND, B);
	insert(A, p, MSG_MAKE_SEND, B);
	port_name_t nc = insert(B, nb, MSG_COPY_SEND, C);
	mod_refs(B, nb, RIGHT_SEND, -1);
	ok(queue_empty(A, n), "B drops one of two references: nothing");
	destroy(B, nb);
	ok(queue_empty(A, n), "B destroys its send right, C still has one: nothing");
	port_name_t nbox = insert(A, box, MSG_MAKE_SEND, C);
	is(send_one(C, nbox, MSG_MOVE_SEND, 1, nc, MSG_MOVE_SEND), KERN_SUCCESS,
	   "C moves the last send right into a message");
	ok(!status(C, nc).rights && queue_empty(A, n), "... in transit it still counts: nothing");
	ok(receive(A, box, &m) == KERN_SUCCESS && m.d[0].value == p && queue_empty(A, n),
	   "... received into A, under the receive right's name: nothing");
	mod_refs(A, p, RIGHT_SEND, -1);
	ok(one_notification(A, n, NOTIFY_NO_SENDERS, 2),
	   "the last send right goes: one notification, 2 made");
	ok(!port->ns_request, "... the request is used up");
	nb = insert(A, p, MSG_MAKE_SEND, B);
	destroy(B, nb);
	ok(queue_empty(A, n), "... a send right made and destroyed after it: nothing");

	request(A, p, NOTIFY_NO_SENDERS, n);
	ok(one_notification(A, n, NOTIFY_NO_SENDERS, 3),
	   "a request after send rights were made and all went: answered at once");

	nb = insert(A, p, MSG_MAKE_SEND, B);
	request(A, p, NOTIFY_NO_SENDERS, n);
	request(A, p, NOTIFY_NO_SENDERS, n);
	ok(one_notification(A, n, NOTIFY_SEND_ONCE, 0),
	   "a request replacing one: its right is dropped unused");
	nbox = insert(A, box, MSG_MAKE_SEND, B);
	send_one(B, nbox, MSG_MOVE_SEND, 2, nb, MSG_MOVE_SEND);
	ok(queue_empty(A, n), "the last send right queued in a message: nothing");
	destroy(A, box);
	ok(one_notification(A, n, NOTIFY_NO_SENDERS, 4),
	   "... the message destroyed with its port: the notification");

	nb = insert(A, p, MSG_MAKE_SEND, B);
	request(A, p, NOTIFY_NO_SENDERS, n);
	is(send_plain(B, nb, MSG_MOVE_SEND, 3), KERN_SUCCESS,
	   "the last send right carrying a message to its port");
	ok(queue_empty(A, n), "... not before the message is received");
	ok(next_id(A, p) == 3 && one_notification(A, n, NOTIFY_NO_SENDERS, 5),
	   "... then the notification");

	nb = insert(A, p, MSG_MAKE_SEND, B);
	request(A, p, NOTIFY_NO_SENDERS, n);
	destroy(A, p);
	ok(one_notification(A, n, NOTIFY_SEND_ONCE, 0),
	   "the port dies with senders: the request's right is destroyed unused");
	ok(world_end(), "nothing leaked");
}

static void test_kobject(void)
{
	world_begin();
	unreachable_tasks = 0;
	destroy(A, task_name[0][1]);
	destroy(C, task_name[2][1]);
	is(unreachable_tasks, 0,
	   "a task port loses two of three send rights: the task is still reachable");
	destroy(B, task_name[1][1]);
	ok(unreachable_tasks == 1 && last_unreachable_task == B,
	   "... the last: the task is told no sender is left, once");
	ok(world_end(), "nothing leaked");
}

static void test_queue(void)
{
	static struct thread s1, s2, r1;
	struct test_msg m;
	int fifo = 1;

	world_begin();
	port_name_t p = new_port(A);
	struct port *port = object_at(A, p);
	port_name_t nb = insert(A, p, MSG_MAKE_SEND, B);

	for (uint32_t id = 1; id <= 5; id++)
		send_plain(B, nb, MSG_COPY_SEND, id);
	ok(port->msg_count == 5 && status(A, p).msg_count == 5 &&
		   status(A, p).qlimit == port->msg_count,
	   "five messages queued: the count reaches the limit");
	for (uint32_t id = 1; id <= 5; id++) {
		uint32_t body = 0;
		fifo &= receive(A, p, &m) == KERN_SUCCESS && m.h.id == id &&
			port->msg_count == 5 - id;
		memcpy(&body, msg_body(&m.h), sizeof(body));
		fifo &= body == id;
	}
	ok(fifo, "... received in the order sent, the count going down");
	is(receive(A, p, &m), KERN_TIMED_OUT, "an empty queue gives nothing");
	is(set_qlimit(A, p, 0), KERN_INVALID_ARGUMENT, "port_set_qlimit 0: refused");
	is(set_qlimit(A, p, PORT_QLIMIT_MAX + 1), KERN_INVALID_ARGUMENT,
	   "past PORT_QLIMIT_MAX: refused");
	is(set_qlimit(B, nb, 3), KERN_INVALID_RIGHT, "on a send right: refused");
	is(set_qlimit(A, p, PORT_QLIMIT_MAX), KERN_SUCCESS, "PORT_QLIMIT_MAX");
	is(status(A, p).qlimit, PORT_QLIMIT_MAX, "... reported by port_status");

	stub_block(&s1, &port->senders);
	stub_block(&s2, &port->senders);
	send_plain(B, nb, MSG_COPY_SEND, 6);
	send_plain(B, nb, MSG_COPY_SEND, 7);
	wake_log_reset();
	ok(next_id(A, p) == 6 && wake_count == 1 && wake_log[0].t == &s1 &&
		   wake_log[0].result == KERN_SUCCESS,
	   "taking a message wakes one sender waiting for room, the first");
	wake_log_reset();
	set_qlimit(A, p, 8);
	ok(wake_count == 1 && wake_log[0].t == &s2 && wake_log[0].result == KERN_SUCCESS,
	   "port_set_qlimit wakes the senders waiting");
	is(next_id(A, p), 7, "... the queue is as it was");

	stub_block(&r1, &port->receivers);
	wake_log_reset();
	send_plain(B, nb, MSG_COPY_SEND, 8);
	ok(r1.ipc.kmsg && r1.ipc.kmsg->msg.id == 8 && !port->msg_count && wake_count == 1 &&
		   wake_log[0].t == &r1 && r1.wait_result == KERN_SUCCESS,
	   "a message for a waiting receiver is handed to it, not queued");
	ok(kmsg_copyout(r1.ipc.kmsg, &A->space, NULL, (uintptr_t)&m, sizeof(m), 0) ==
			   KERN_SUCCESS &&
		   m.h.local == p && m.h.id == 8,
	   "... and copied out by it");
	r1.ipc.kmsg = NULL;

	uint32_t senders = port->send_rights;
	send_plain(B, nb, MSG_COPY_SEND, 9);
	is(kmsg_copyout(port_dequeue(port), &A->space, NULL, (uintptr_t)&m,
			sizeof(struct msg_header), 0),
	   KERN_MSG_TOO_LARGE, "a message larger than the buffer: KERN_MSG_TOO_LARGE");
	ok(port->send_rights == senders && !port->msg_count, "... it is destroyed, with its right");

	stub_block(&s1, &port->senders);
	send_plain(B, nb, MSG_COPY_SEND, 10);
	stub_block(&r1, &port->receivers);
	wake_log_reset();
	destroy(A, p);
	ok(wake_count == 2 && wake_log[0].t == &r1 && wake_log[0].result == KERN_INVALID_RIGHT &&
		   wake_log[1].t == &s1 && wake_log[1].result == KERN_PORT_DEAD,
	   "port_destroy wakes its receivers (KERN_INVALID_RIGHT: the name lost the right) "
	   "and its senders (KERN_PORT_DEAD)");
	ok(!port->active && !port->msg_count && list_empty(&port->messages),
	   "... and destroys its queued message");

	port_name_t q = new_port(A);
	struct port *Q = object_at(A, q);
	stub_block(&r1, &Q->receivers);
	wake_log_reset();
	port_name_t bq = insert(A, q, MSG_MOVE_RECEIVE, B);
	ok(wake_count == 1 && wake_log[0].t == &r1 && wake_log[0].result == KERN_INVALID_RIGHT,
	   "a receive right moved away wakes its receivers with KERN_INVALID_RIGHT");

	port_name_t box = new_port(B);
	send_one(B, box, MSG_MAKE_SEND, 11, bq, MSG_MOVE_RECEIVE);
	stub_block(&s1, &Q->senders);
	wake_log_reset();
	destroy(B, box);
	ok(wake_count == 1 && wake_log[0].t == &s1 && wake_log[0].result == KERN_PORT_DEAD,
	   "a port dying in transit (its message destroyed) wakes its senders with KERN_PORT_DEAD");
	ok(world_end(), "nothing leaked");
}

static void test_port_sets(void)
{
	static struct thread w;
	struct test_msg m;
	port_name_t pn[5], nb[5];
	int order = 1;

	world_begin();
	port_name_t s = allocate(A, RIGHT_PORT_SET);
	struct portset *set = object_at(A, s);
	for (int i = 0; i < 5; i++) {
		pn[i] = new_port(A);
		nb[i] = insert(A, pn[i], MSG_MAKE_SEND, B);
	}
	for (int i = 0; i < 3; i++)
		move_member(A, pn[i], s);
	ok(status(A, s).set_members == 3 && status(A, pn[0]).set == s,
	   "three members in a port set");
	is(move_member(A, pn[0], s), KERN_BUSY, "adding one again: KERN_BUSY");
	is(move_member(A, pn[3], PORT_NULL), KERN_BUSY,
	   "taking out a port that is in no set: KERN_BUSY");
	is(move_member(A, s, s), KERN_INVALID_RIGHT, "a set as a member: refused");
	is(move_member(A, pn[0], pn[1]), KERN_INVALID_RIGHT, "a port as the set: refused");
	is(move_member(B, nb[3], task_name[1][1]), KERN_INVALID_RIGHT,
	   "a send right as a member: refused");

	static const int to[] = { 1, 0, 1, 2, 3 }, want[] = { 1, 3, 2, 4 };
	for (int i = 0; i < 5; i++)
		send_plain(B, nb[to[i]], MSG_COPY_SEND, i + 1);
	for (int i = 0; i < 4; i++)
		order &= receive(A, s, &m) == KERN_SUCCESS && m.h.id == (uint32_t)want[i] &&
			 m.h.local == pn[to[want[i] - 1]];
	ok(order, "the set gives members' messages by when each member became ready, each member's "
		  "in order");
	is(receive(A, s, &m), KERN_TIMED_OUT, "... not a non-member's");
	is(next_id(A, pn[3]), 5, "... which stays on its port");

	send_plain(B, nb[0], MSG_COPY_SEND, 6);
	is(move_member(A, pn[0], PORT_NULL), KERN_SUCCESS, "a member with a message taken out");
	ok(status(A, s).set_members == 2 && status(A, pn[0]).set == PORT_NULL &&
		   list_empty(&set->ready),
	   "... leaves the set and its ready list");
	ok(receive(A, s, &m) == KERN_TIMED_OUT && next_id(A, pn[0]) == 6,
	   "... its message stays on the port");
	send_plain(B, nb[3], MSG_COPY_SEND, 7);
	send_plain(B, nb[3], MSG_COPY_SEND, 8);
	move_member(A, pn[3], s);
	ok(next_id(A, s) == 7 && next_id(A, s) == 8,
	   "a port with messages added: the set gives them");

	stub_block(&w, &set->receivers);
	send_plain(B, nb[2], MSG_COPY_SEND, 9);
	ok(w.ipc.kmsg && w.ipc.kmsg->msg.id == 9 && w.wait_result == KERN_SUCCESS &&
		   list_empty(&set->ready),
	   "a thread waiting on the set is handed a member's message");
	kmsg_copyout(w.ipc.kmsg, &A->space, NULL, (uintptr_t)&m, sizeof(m), 0);
	w.ipc.kmsg = NULL;
	send_plain(B, nb[0], MSG_COPY_SEND, 10);
	send_plain(B, nb[0], MSG_COPY_SEND, 11);
	stub_block(&w, &set->receivers);
	move_member(A, pn[0], s);
	ok(w.ipc.kmsg && w.ipc.kmsg->msg.id == 10 && next_id(A, s) == 11,
	   "a port added while a thread waits: it is handed the first message, the set keeps the "
	   "next");
	kmsg_copyout(w.ipc.kmsg, &A->space, NULL, (uintptr_t)&m, sizeof(m), 0);
	w.ipc.kmsg = NULL;

	port_name_t s2 = allocate(A, RIGHT_PORT_SET);
	send_plain(B, nb[0], MSG_COPY_SEND, 12);
	move_member(A, pn[0], s2);
	ok(status(A, s).set_members == 3 && status(A, s2).set_members == 1 &&
		   status(A, pn[0]).set == s2,
	   "a member moved to another set leaves the first");
	ok(receive(A, s, &m) == KERN_TIMED_OUT && next_id(A, s2) == 12,
	   "... and takes its messages along");
	insert(A, pn[1], MSG_MOVE_RECEIVE, C);
	is(status(A, s).set_members, 2, "a member's receive right sent away: it leaves the set");
	destroy(A, pn[2]);
	is(status(A, s).set_members, 1, "a member destroyed leaves the set");
	struct port *last = object_at(A, pn[3]);
	stub_block(&w, &set->receivers);
	wake_log_reset();
	destroy(A, s);
	ok(wake_count == 1 && w.wait_result == KERN_PORT_DEAD && !last->set &&
		   status(A, pn[3]).set == PORT_NULL,
	   "the set destroyed: its waiters get KERN_PORT_DEAD, its members leave it");
	ok(world_end(), "nothing leaked");
}

static void test_death_with_messages(void)
{
	world_begin();
	port_name_t p = new_port(A), nb = insert(A, p, MSG_MAKE_SEND, B);
	port_name_t x = new_port(B), y = new_port(B), z = new_port(B), bn = new_port(B);
	port_name_t cn = new_port(C);
	struct port *Z = object_at(B, z);

	request(B, x, NOTIFY_NO_SENDERS, bn);
	port_name_t nz = insert(B, z, MSG_MAKE_SEND, C);
	request(C, nz, NOTIFY_DEAD_NAME, cn);
	struct msg_desc d[3] = { port_desc(x, MSG_MAKE_SEND), port_desc(y, MSG_MAKE_SEND_ONCE),
				 port_desc(z, MSG_MOVE_RECEIVE) };
	is(send(B, nb, MSG_COPY_SEND, PORT_NULL, 0, 1, 3, d), KERN_SUCCESS,
	   "a message with a send right to x, a send-once right to y, the receive right of z");
	ok(!Z->receiver && queue_empty(B, bn) && queue_empty(B, y) && queue_empty(C, cn),
	   "... queued on A's port");
	destroy(A, p);
	ok(one_notification(B, bn, NOTIFY_NO_SENDERS, 1),
	   "A's port dies: x's only send right with it (no senders)");
	ok(one_notification(B, y, NOTIFY_SEND_ONCE, 0), "... y's send-once right destroyed unused");
	ok(one_notification(C, cn, NOTIFY_DEAD_NAME, nz),
	   "... z's receive right, so C's send right to z dies");
	is(status(C, nz).rights, RIGHT_DEAD_NAME, "... and is a dead name");

	port_name_t r = new_port(A), k = new_port(B), nk = insert(B, k, MSG_MAKE_SEND, A);
	is(send(A, nk, MSG_COPY_SEND, r, MSG_MAKE_SEND_ONCE, 2, 0, NULL), KERN_SUCCESS,
	   "a request with a send-once reply right");
	destroy(B, k);
	ok(one_notification(A, r, NOTIFY_SEND_ONCE, 0),
	   "... destroyed unanswered: the reply port hears of it");
	ok(world_end(), "nothing leaked");
}

/* Ports 0..CHAIN-1, each but the first in transit in the queue of the one before:
 * destroying the first destroys them all, without recursing once per port. */
static void test_chain(void)
{
	port_name_t *c = calloc(CHAIN, sizeof(*c));
	int good = 1;

	world_begin();
	size_t base = kmem_in_use();
	uint32_t size = A->space.size, rsize = A->space.rsize;
	for (int i = 0; i < CHAIN; i++)
		good &= (c[i] = new_port(A)) != PORT_NULL;
	for (int i = CHAIN - 1; i >= 1; i--)
		good &= send_one(A, c[i - 1], MSG_MAKE_SEND, i, c[i], MSG_MOVE_RECEIVE) ==
			KERN_SUCCESS;
	ok(good && A->space.used == NTASKS + 1,
	   "a chain of %d ports, each in a message on the one before", CHAIN);
	stack_mark();
	destroy(A, c[0]);
	ok(stack_used() < STACK_BOUND,
	   "destroying the first destroys the chain using %zu bytes of stack", stack_used());
	is(kmem_in_use() - base,
	   (A->space.size - size) * sizeof(struct cap) +
		   (A->space.rsize - rsize) * sizeof(uint32_t),
	   "... every port and message of it freed");
	ok(world_end(), "nothing leaked");
	free(c);
}

/* Most of the above in one run, tolerating any allocation failing. */
static void busy_run(void)
{
	struct test_msg m;
	port_name_t keep[70];

	port_name_t p = new_port(A), n = new_port(A), s = allocate(A, RIGHT_PORT_SET);
	request(A, p, NOTIFY_NO_SENDERS, n);
	port_name_t nb = insert(A, p, MSG_MAKE_SEND, B), so = insert(A, p, MSG_MAKE_SEND_ONCE, B);
	port_name_t bn = new_port(B);
	request(B, nb, NOTIFY_DEAD_NAME, bn);
	move_member(A, p, s);
	for (int i = 0; i < 70; i++) {
		keep[i] = new_port(C);
		port_name_t q = new_port(B);
		struct msg_desc d[2] = { port_desc(q, MSG_MOVE_RECEIVE),
					 port_desc(bn, MSG_MAKE_SEND_ONCE) };
		send(B, nb, MSG_COPY_SEND, PORT_NULL, 0, i, 2, d);
	}
	for (int i = 0; i < 40; i++)
		receive(A, s, &m);
	for (int i = 0; i < 70; i += 2)
		insert(C, keep[i], MSG_MAKE_SEND, A);
	send_plain(B, so, MSG_MOVE_SEND_ONCE, 99);
	destroy(A, p);
	receive(B, bn, &m);
	destroy(B, nb);
}

static void test_out_of_memory(void)
{
	int good = 1, points = 0;

	for (unsigned long n = 1;; n++) {
		world_begin();
		kmem_fail_nth(n);
		busy_run();
		int hit = kmem_failed();
		kmem_fail_nth(0);
		if (!world_end()) {
			diag("allocation %lu failing: %zu bytes leaked", n,
			     kmem_in_use() - world_base);
			good = 0;
			break;
		}
		if (!hit)
			break;
		points++;
	}
	ok(good && points > 100,
	   "each of the %d allocations of a busy run failing in turn: no leak, no crash", points);
}

int main(void)
{
	test_allocate();
	test_send_rights();
	test_send_once();
	test_batch();
	test_circular();
	test_dead_names();
	test_dead_name_requests();
	test_no_senders();
	test_kobject();
	test_queue();
	test_port_sets();
	test_death_with_messages();
	test_chain();
	test_out_of_memory();
	is(kmem_in_use(), 0, "every port, set, message and table allocated was freed");
	is(kmem_size_mismatches(), 0, "every block was freed with the size it was allocated with");
	return done_testing();
}
