/*
 * One random call of a fuzzing task: half the time any trap with random arguments
 * (names from the pool, our scratch memory, the self-paged buffer, kernel addresses,
 * anything), else a well-formed operation: a message carrying rights of every
 * disposition and out-of-line memory, a receive that takes rights and memory in, a
 * right given to the peer, a copy to or from the peer through the paged buffer, the
 * peer's death. Every result is checked to be a kernel code or a non-negative value.
 *
 * Kept from the calls that would only end the fuzzing task early: terminating,
 * suspending or redirecting its own threads, unmapping or overwriting its code,
 * data and stacks, a thread of its own started at random, and, with the host port,
 * what would end the test machine itself: mapping physical memory, writing PCI
 * configuration, detaching an interrupt line from its driver, a default pager.
 */
#include <masque/error.h>
#include <masque/page_size.h>
#include <self.h>
#include <stddef.h>
#include <trap.h>
#include "fuzz.h"

#define SCRATCH	      8192 /* pointers into scratch, and the sizes written there */
#define MSG_ROOM      2048
#define DESCS	      6
#define OOL_MAX	      (4 * PAGE_SIZE)
#define PEER_DEATH_IN 3000 /* one call in this many kills the peer */

static char scratch[2 * SCRATCH] __attribute__((aligned(4096)));

struct fuzz_msg {
	struct msg_header h;
	struct msg_desc d[DESCS];
	uint64_t body[4];
};

union fuzz_buffer {
	struct msg_header h;
	struct fuzz_msg m;
	char room[MSG_ROOM];
};

/* Whether r is one of the kernel's codes. */
static int kernel_code(int64_t r)
{
#define KNOWN(v, name, text) \
	if (r == name)       \
		return 1;
	MASQUE_ERRORS(KNOWN)
#undef KNOWN
	return 0;
}

void fuzz_check(uint64_t trap, int64_t result)
{
	__atomic_fetch_add(&fuzz_shared->issued, 1, __ATOMIC_RELAXED);
	if (result >= 0 || kernel_code(result))
		return;
	uint64_t i = __atomic_fetch_add(&fuzz_shared->bad, 1, __ATOMIC_RELAXED);
	if (i < FUZZ_BAD_SHOWN) {
		fuzz_shared->bad_trap[i] = trap;
		fuzz_shared->bad_result[i] = (uint64_t)result;
	}
}

static int64_t checked(uint64_t n, int64_t r)
{
	fuzz_check(n, r);
	return r;
}

/* --- random traps ----------------------------------------------------------------- */

static uint64_t random_arg(struct fuzz_thread *t)
{
	switch (fuzz_rnd(t) % 10) {
	case 0:
		return fuzz_rnd(t);
	case 1:
		return fuzz_rnd(t) % 64;
	case 2:
		return fuzz_some_name(t);
	case 3:
		return (uint64_t)scratch + fuzz_rnd(t) % SCRATCH;
	case 4:
		return 0xffff800000000000ull + (fuzz_rnd(t) & 0xffffffffull);
	case 5:
		return VM_USER_TOP - fuzz_rnd(t) % 8192;
	case 6:
		return (uint64_t)-1 - fuzz_rnd(t) % 16;
	case 7: /* our paged buffer: a kernel copy from or to it sleeps on our pager */
		return fuzz_layout.paged + fuzz_rnd(t) % (fuzz_layout.paged_size + 1);
	case 8:
		return fuzz_rnd(t) & 0xffffffffull;
	default:
		return 0;
	}
}

/* A pointer the kernel writes through: anything but what we must keep. */
static uint64_t out_pointer(uint64_t a)
{
	return fuzz_protected(a, SCRATCH) ? (uint64_t)scratch : a;
}

/* Whether name is one of our own threads (which must go on running). */
static int our_thread(uint64_t name)
{
	for (int i = 0; i < FUZZ_WORKERS + 2; i++)
		if (name == fuzz_layout.keep_threads[i])
			return 1;
	return 0;
}

/* Whether name is one our calls must not lose: our task and threads (were the name
 * gone, a right to them received later would come under a new name that tame()
 * does not know), and the memory object and control port our pager serves with
 * (without them every copy waiting for a page would wait for good), and the port
 * the controller learns our peers by. */
static int kept(uint64_t name)
{
	return name == self_task || our_thread(name) || name == fuzz_layout.object ||
	       name == fuzz_layout.control || name == fuzz_shared->peers;
}

/* Bend the arguments of the calls that would only end this task or the test; 0:
 * skip the call. */
static int tame_privileged(uint64_t n, uint64_t *a, struct fuzz_thread *t)
{
	switch (n) {
	case TRAP_irq_attach:
		if (a[2] == PORT_NULL) /* would take the line from its driver */
			a[2] = fuzz_some_name(t);
		return a[2] != PORT_NULL;
	case TRAP_dma_allocate:
		a[1] %= 4 * PAGE_SIZE;
		a[2] = out_pointer(a[2]);
		return 1;
	case TRAP_pci_config:
		a[2] &= ~(uint64_t)PCI_CONFIG_WRITE;
		return 1;
	case TRAP_host_set_default_pager:
		a[1] = PORT_NULL;
		return 1;
	case TRAP_vm_map_physical:
		return 0;
	default:
		return 1;
	}
}

static int tame(uint64_t n, uint64_t *a, struct fuzz_thread *t)
{
	switch (n) {
	case TRAP_debug_write:
		a[1] = 0; /* random bytes on the console would garble the test output */
		return 1;
	case TRAP_msg_trap: /* not from our pager's port: its requests are for it alone */
		if (a[3] == fuzz_layout.object)
			return 0;
		a[0] |= MSG_SEND_TIMEOUT | MSG_RECEIVE_TIMEOUT;
		a[2] = out_pointer(a[2]);
		a[4] %= SCRATCH;
		a[5] %= 1000000;
		return 1;
	case TRAP_thread_create: /* elsewhere than in the peer, it could outlive us */
		return a[0] == fuzz_layout.peer;
	case TRAP_task_terminate:
	case TRAP_task_set_emulation:
		return a[0] != self_task;
	case TRAP_port_destroy:
	case TRAP_port_mod_refs:
	case TRAP_port_move_member:
		return !kept(a[0]);
	case TRAP_port_insert_right:
		return !kept(a[2]) || (a[3] != MSG_MOVE_RECEIVE && a[3] != MSG_MOVE_SEND);
	case TRAP_thread_terminate:
	case TRAP_thread_suspend:
	case TRAP_thread_set_state:
	case TRAP_thread_set_base:
		return !our_thread(a[0]);
	case TRAP_port_status:
	case TRAP_thread_get_state:
		a[1] = out_pointer(a[1]);
		return 1;
	case TRAP_vm_statistics:
		a[0] = out_pointer(a[0]);
		return 1;
	case TRAP_vm_region:
		a[2] = out_pointer(a[2]);
		return 1;
	case TRAP_vm_read:
		a[2] = out_pointer(a[2]);
		a[3] %= SCRATCH;
		return 1;
	case TRAP_pager_supply:
		a[3] %= OOL_MAX;
		return 1;
	case TRAP_futex_wait:
		a[3] = 1 + a[3] % 1000000;
		return 1;
	case TRAP_vm_write:
		return a[0] != self_task || !fuzz_protected(a[1], a[3]);
	case TRAP_vm_deallocate:
	case TRAP_vm_protect:
	case TRAP_vm_inherit:
	case TRAP_vm_remap:
	case TRAP_vm_discard:
		return a[0] != self_task || !fuzz_protected(a[1], a[2]);
	case TRAP_vm_share: /* it replaces what task "to" maps there */
		return a[3] != self_task || !fuzz_protected(a[1], a[2]);
	default:
		return tame_privileged(n, a, t);
	}
}

static void random_trap(struct fuzz_thread *t)
{
	uint64_t a[6], n = fuzz_rnd(t) % (TRAP_COUNT + 4);

	for (int j = 0; j < 6; j++)
		a[j] = random_arg(t);
	if (n == TRAP_task_create)
		a[1] &= 3;
	if (tame(n, a, t))
		fuzz_check(n, trap6(n, a[0], a[1], a[2], a[3], a[4], a[5]));
}

/* --- well-formed operations ------------------------------------------------------- */

/* A name of the pool that we hold now, as port_status says (a few tries), and what
 * it holds. */
static port_name_t held_name(struct fuzz_thread *t, uint32_t *rights)
{
	port_name_t name = PORT_NULL;
	struct port_status st = { 0 };

	for (int i = 0; i < 4; i++) {
		name = fuzz_some_name(t);
		if (checked(TRAP_port_status, port_status(name, &st)) == KERN_SUCCESS)
			break;
		st.rights = 0;
	}
	*rights = st.rights;
	return name;
}

/* A disposition that fits rights, held at name. */
static unsigned fitting_disposition(struct fuzz_thread *t, port_name_t name, uint32_t rights,
				    int as_dest)
{
	static const unsigned from_receive[] = { MSG_MOVE_RECEIVE, MSG_MAKE_SEND,
						 MSG_MAKE_SEND_ONCE };

	if (kept(name))
		return rights & RIGHT_RECEIVE ? MSG_MAKE_SEND : MSG_COPY_SEND;
	if ((rights & RIGHT_SEND) && fuzz_rnd(t) % 2)
		return fuzz_rnd(t) % 4 ? MSG_COPY_SEND : MSG_MOVE_SEND;
	if (rights & RIGHT_RECEIVE)
		return from_receive[as_dest + fuzz_rnd(t) % (3 - as_dest)];
	if (rights & RIGHT_SEND_ONCE)
		return MSG_MOVE_SEND_ONCE;
	return MSG_MOVE_RECEIVE + fuzz_rnd(t) % 6;
}

/* Out-of-line memory: from scratch, from the paged buffer (its capture waits for the
 * pager), or a range of its own moved away with the message. */
static struct msg_desc ool_desc(struct fuzz_thread *t)
{
	uint64_t size = 1 + fuzz_rnd(t) % OOL_MAX, choice = fuzz_rnd(t) % 3;
	struct msg_desc d = { .type = MSG_DESC_OOL, .value = size };

	if (choice == 0) {
		d.addr = (uint64_t)scratch + fuzz_rnd(t) % SCRATCH;
		d.value = size % SCRATCH;
	} else if (choice == 1 && fuzz_layout.paged) {
		d.addr = fuzz_layout.paged + fuzz_rnd(t) % fuzz_layout.paged_size;
	} else {
		int64_t a = checked(TRAP_vm_allocate, vm_allocate(self_task, 0, size, VM_ANYWHERE));
		d.addr = a > 0 ? (uint64_t)a : 0;
		d.flags = MSG_OOL_DEALLOCATE;
	}
	return d;
}

static void make_msg(struct fuzz_thread *t, struct fuzz_msg *m)
{
	uint32_t ndesc = fuzz_rnd(t) % (DESCS + 1), dest_rights, reply_rights = 0, rights;
	port_name_t dest = held_name(t, &dest_rights), reply = PORT_NULL;

	if (fuzz_rnd(t) % 2) {
		dest = fuzz_layout.peer_port;
		dest_rights = RIGHT_SEND;
	}
	if (fuzz_rnd(t) % 2)
		reply = held_name(t, &reply_rights);
	*m = (struct fuzz_msg){ .h = { .size = sizeof(m->h) + ndesc * sizeof(struct msg_desc) +
					       fuzz_rnd(t) % sizeof(m->body),
				       .remote = dest,
				       .local = reply,
				       .id = (uint32_t)fuzz_rnd(t),
				       .ndesc = ndesc } };
	m->h.bits = MSG_BITS(fitting_disposition(t, dest, dest_rights, 1),
			     reply ? fitting_disposition(t, reply, reply_rights, 0) : 0);
	for (uint32_t i = 0; i < ndesc; i++) {
		if (fuzz_rnd(t) % 4 == 0) {
			m->d[i] = ool_desc(t);
			continue;
		}
		port_name_t name = held_name(t, &rights);
		m->d[i] = (struct msg_desc){ .type = MSG_DESC_PORT,
					     .disposition = fitting_disposition(t, name, rights, 0),
					     .value = name };
	}
}

/* Take in what a received message carries: its rights into the pool, its memory
 * given back. */
static void harvest(struct fuzz_thread *t, struct msg_header *h)
{
	struct msg_desc *d = msg_descs(h);

	fuzz_shared->received++;
	fuzz_remember(t, h->remote);
	for (uint32_t i = 0; i < h->ndesc && i < DESCS; i++) {
		if (d[i].type == MSG_DESC_PORT)
			fuzz_remember(t, d[i].value);
		else if (d[i].value && !fuzz_protected(d[i].addr, d[i].value))
			checked(TRAP_vm_deallocate,
				vm_deallocate(self_task, d[i].addr, d[i].value));
	}
}

/* Send a well-formed message; with a reply port, wait a moment for the answer. */
static void send_message(struct fuzz_thread *t)
{
	union fuzz_buffer b;
	uint32_t options = MSG_SEND | MSG_SEND_TIMEOUT;

	make_msg(t, &b.m);
	port_name_t reply = b.h.local;
	if (reply != PORT_NULL && MSG_BITS_LOCAL(b.h.bits) == MSG_MAKE_SEND_ONCE)
		options |= MSG_RECEIVE | MSG_RECEIVE_TIMEOUT;
	if (fuzz_rnd(t) % 4 == 0)
		options |= MSG_RECEIVE_PLACE;
	int64_t r = checked(TRAP_msg_trap,
			    msg_trap(options, &b.h, &b.h, reply, sizeof(b), fuzz_rnd(t) % 2000000));
	if (r == KERN_SUCCESS)
		fuzz_shared->sent++;
	if (r == KERN_SUCCESS && (options & MSG_RECEIVE))
		harvest(t, &b.h);
}

static void receive_message(struct fuzz_thread *t)
{
	union fuzz_buffer b;
	uint32_t size = fuzz_rnd(t) % 8 ? sizeof(b) : fuzz_rnd(t) % sizeof(b);
	port_name_t from = fuzz_some_name(t);

	if (from == fuzz_layout.object)
		return; /* our pager's requests are for it alone */
	if (checked(TRAP_msg_trap, msg_trap(MSG_RECEIVE | MSG_RECEIVE_TIMEOUT, NULL, &b.h, from,
					    size, fuzz_rnd(t) % 1000000)) == KERN_SUCCESS)
		harvest(t, &b.h);
}

/* Give a right of ours to the peer or to ourselves, under a new name or a chosen one. */
static void give_right(struct fuzz_thread *t)
{
	uint32_t rights;
	port_name_t name = held_name(t, &rights);
	port_name_t task = fuzz_rnd(t) % 2 ? fuzz_layout.peer : self_task;
	unsigned d = fitting_disposition(t, name, rights, 0);

	int64_t r = checked(
		TRAP_port_insert_right,
		port_insert_right(task, fuzz_rnd(t) % 4 ? PORT_NULL : fuzz_some_name(t), name, d));
	if (r > 0 && task == self_task)
		fuzz_remember(t, (port_name_t)r);
}

/* Copy between the peer and the paged buffer: the copy may sleep on our pager while
 * the peer dies. */
static void peer_copy(struct fuzz_thread *t)
{
	if (!fuzz_layout.paged)
		return;
	uint64_t off = fuzz_rnd(t) % fuzz_layout.paged_size;
	uint64_t size = fuzz_rnd(t) % (fuzz_layout.paged_size - off + 1) % SCRATCH;
	uint64_t there = (uint64_t)scratch + fuzz_rnd(t) % SCRATCH; /* the peer's copy of it */

	if (fuzz_rnd(t) % 2)
		checked(TRAP_vm_read,
			vm_read(fuzz_layout.peer, there, (void *)(fuzz_layout.paged + off), size));
	else
		checked(TRAP_vm_write,
			vm_write(fuzz_layout.peer, there, (void *)(fuzz_layout.paged + off), size));
}

void fuzz_call(struct fuzz_thread *t)
{
	uint64_t choice = fuzz_rnd(t) % 16;

	if (fuzz_rnd(t) % PEER_DEATH_IN == 0)
		fuzz_peer_replace();
	else if (choice < 8)
		random_trap(t);
	else if (choice < 11)
		send_message(t);
	else if (choice < 13)
		receive_message(t);
	else if (choice < 15)
		give_right(t);
	else
		peer_copy(t);
}
