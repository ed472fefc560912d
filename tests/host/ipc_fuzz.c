/*
 * Random driver of the kernel's capability, rights and message code on the host, run
 * by ipc_fuzz.t under AddressSanitizer and UBSan: microkernel/ipc/{capspace,port,
 * right,notify,kmsg,port_traps}.c as they are, with tests/host/ipc_stubs.c for the
 * rest of the kernel. Three tasks make random port traps and send random messages
 * (well-formed ones carrying rights of every disposition, and garbage) through names
 * they really hold, mixed with made-up names; a task's space dies at random moments,
 * and allocations fail at random. Each round ends by tearing the tasks down, and
 * every byte allocated must have come back. Prints its seed; argv: SEED [ROUNDS].
 */
#include <masque/error.h>
#include <masque/msg.h>
#include <masque/rights.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "ipc/capspace.h"
#include "ipc/kmsg.h"
#include "ipc/port.h"
#include "ipc/right.h"
#include "ipc_stubs.h"
#include "kern/syscall.h"
#include "kmem_shim.h"
#include "task/task.h"
#include "task/thread.h"
#include "tap.h"

#define NTASKS	  3
#define POOL	  64 /* names remembered per task */
#define DESCS	  6
#define STEPS	  2000 /* operations per round */
#define ROUNDS	  100
#define BODY_SIZE 24

static struct task tasks[NTASKS];
static struct thread me;
static port_name_t task_name[NTASKS][NTASKS]; /* [i][j]: task j's port in i's space */
static port_name_t pool[NTASKS][POOL];	      /* names each task was given */
static unsigned pooled[NTASKS];		      /* how many, up to POOL */
static uint64_t rng;
static unsigned long bad_codes, steps_done, deaths, sent, received;

struct fuzz_msg {
	struct msg_header h;
	struct msg_desc d[DESCS];
	char body[BODY_SIZE];
};

/* What a sender's memory holds: a message, and room for any size its garbage says. */
union send_buffer {
	struct fuzz_msg m;
	char bytes[MSG_SIZE_MAX];
};

static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* Whether r is one of the kernel's codes or a non-negative result. */
static int known_result(int64_t r)
{
#define KNOWN(v, name, text) \
	if (r == name)       \
		return 1;
	MASQUE_ERRORS(KNOWN)
#undef KNOWN
	return r >= 0;
}

static int64_t check(int64_t r, const char *what)
{
	if (!known_result(r)) {
		if (bad_codes++ < 10)
			diag("%s returned %ld, no kernel code", what, r);
	}
	return r;
}

static void remember(int t, port_name_t name)
{
	if (name == PORT_NULL || name == PORT_DEAD)
		return;
	if (pooled[t] < POOL)
		pool[t][pooled[t]++] = name;
	else
		pool[t][rnd() % POOL] = name;
}

/* A name for task t to use: mostly one it was given, sometimes anything. */
static port_name_t some_name(int t)
{
	switch (rnd() % 8) {
	case 0:
		return (port_name_t)rnd();
	case 1:
		return NAME_MAKE(rnd() % 40, rnd() % 3);
	case 2:
		return task_name[t][rnd() % NTASKS];
	case 3:
		return PORT_NULL;
	default:
		return pooled[t] ? pool[t][rnd() % pooled[t]] : PORT_NULL;
	}
}

/* A name t holds now, if a few tries find one. */
static port_name_t live_name(int t)
{
	port_name_t name = PORT_NULL;

	for (int i = 0; i < 4 && pooled[t]; i++) {
		name = pool[t][rnd() % pooled[t]];
		if (cap_lookup(&tasks[t].space, name))
			break;
	}
	return name;
}

/* A disposition that fits the right t holds at name (any, if it holds none). */
static unsigned fitting_disposition(int t, port_name_t name, int as_dest)
{
	static const unsigned from_receive[] = { MSG_MOVE_RECEIVE, MSG_MAKE_SEND,
						 MSG_MAKE_SEND_ONCE };
	struct cap *e = cap_lookup(&tasks[t].space, name);
	unsigned rights = e ? e->rights : 0;

	if ((rights & RIGHT_SEND) && rnd() % 2)
		return rnd() % 2 ? MSG_COPY_SEND : MSG_MOVE_SEND;
	if (rights & RIGHT_RECEIVE)
		return from_receive[as_dest + rnd() % (3 - as_dest)];
	if (rights & RIGHT_SEND_ONCE)
		return MSG_MOVE_SEND_ONCE;
	return MSG_MOVE_RECEIVE + rnd() % 6;
}

static unsigned some_disposition(void)
{
	return rnd() % 16 ? MSG_MOVE_RECEIVE + rnd() % 6 : (unsigned)rnd() % 256;
}

static void as(int t)
{
	me.task = &tasks[t];
}

static void give_task_ports(int i)
{
	for (int j = 0; j < NTASKS; j++) {
		struct port *p = port_make_send(tasks[j].self);
		task_name[i][j] = right_give(&tasks[i].space, p, TRANSIT_SEND);
	}
}

/* A few ports and a set for task t to start with. */
static void give_ports(int t)
{
	as(t);
	for (int i = 0; i < POOL / 4; i++)
		remember(t, (port_name_t)sys_port_allocate(i % 8 ? RIGHT_RECEIVE : RIGHT_PORT_SET));
}

static void world_begin(void)
{
	current = &me;
	memset(pooled, 0, sizeof(pooled));
	for (int i = 0; i < NTASKS; i++) {
		if (cap_space_init(&tasks[i].space))
			abort();
		tasks[i].self = port_alloc_kobject(KOBJ_TASK, &tasks[i]);
	}
	for (int i = 0; i < NTASKS; i++)
		give_task_ports(i);
	for (int i = 0; i < NTASKS; i++)
		give_ports(i);
}

static void world_end(void)
{
	kmem_fail_nth(0);
	for (int i = 0; i < NTASKS; i++)
		right_destroy_space(&tasks[i].space);
	for (int i = 0; i < NTASKS; i++)
		port_destroy_kobject(tasks[i].self);
}

/* Task t dies (its space goes, as at task_terminate) and a new one takes its place. */
static void task_dies(int t)
{
	kmem_fail_nth(0);
	right_destroy_space(&tasks[t].space);
	pooled[t] = 0;
	if (cap_space_init(&tasks[t].space))
		abort();
	give_task_ports(t);
	give_ports(t);
	deaths++;
}

/* Send as the msg trap does with a zero send timeout. */
static int send(int t, struct fuzz_msg *m)
{
	struct kmsg *k;
	struct port *dest;
	int err = kmsg_copyin(NULL, (uintptr_t)m, &k);

	if (err)
		return err;
	if ((err = kmsg_check_rights(&tasks[t].space, k, &dest)))
		;
	else if (dest->kobject_type != KOBJ_NONE)
		err = KERN_NO_ACCESS;
	else if (MSG_BITS_REMOTE(k->msg.bits) != MSG_MOVE_SEND_ONCE &&
		 MSG_BITS_REMOTE(k->msg.bits) != MSG_MAKE_SEND_ONCE &&
		 dest->msg_count >= dest->qlimit)
		err = KERN_TIMED_OUT;
	if (err) {
		kmsg_discard(k);
		return err;
	}
	kmsg_take_rights(&tasks[t].space, NULL, k);
	port_deliver(k);
	return KERN_SUCCESS;
}

/* A disposition for the destination: one that sends, mostly. */
static unsigned send_disposition(void)
{
	static const unsigned sends[] = { MSG_COPY_SEND, MSG_MAKE_SEND, MSG_MAKE_SEND_ONCE,
					  MSG_MOVE_SEND, MSG_MOVE_SEND_ONCE };

	return rnd() % 8 ? sends[rnd() % 5] : some_disposition();
}

/* A message from t: a well-formed one through names t holds, or garbage. */
static void make_msg(int t, struct fuzz_msg *m)
{
	uint32_t ndesc = rnd() % (DESCS + 1);
	int good = rnd() % 4;

	memset(m, 0, sizeof(*m));
	m->h = (struct msg_header){
		.bits = MSG_BITS(send_disposition(), send_disposition()),
		.size = sizeof(m->h) + ndesc * sizeof(struct msg_desc) + rnd() % BODY_SIZE,
		.remote = good ? live_name(t) : some_name(t),
		.local = rnd() % 2 ? (good ? live_name(t) : some_name(t)) : PORT_NULL,
		.id = (uint32_t)rnd(),
		.ndesc = ndesc,
	};
	if (good)
		m->h.bits = MSG_BITS(fitting_disposition(t, m->h.remote, 1),
				     m->h.local ? fitting_disposition(t, m->h.local, 0) : 0);
	for (uint32_t i = 0; i < ndesc; i++) {
		/* no out-of-line memory but empty ranges: the host has no VM */
		int ool = rnd() % 8 == 0;
		port_name_t name = good ? live_name(t) : some_name(t);
		m->d[i] = (struct msg_desc){ .type = ool ? MSG_DESC_OOL : MSG_DESC_PORT,
					     .disposition = ool	   ? 0
							    : good ? fitting_disposition(t, name, 0)
								   : some_disposition(),
					     .value = ool ? 0 : name };
	}
	if (rnd() % 16 == 0) /* garbage */
		((char *)m)[rnd() % sizeof(*m)] = (char)rnd();
	if (rnd() % 32 == 0)
		m->h.size = (uint32_t)rnd() % sizeof(*m);
	/* whatever the garbage made of it, no out-of-line range is more than empty */
	struct msg_desc *d = msg_descs(&m->h); /* m lies in a send_buffer */
	for (int i = 0; i < MSG_DESC_MAX; i++)
		if (d[i].type == MSG_DESC_OOL)
			d[i].value = 0;
}

/* Receive as the msg trap does with a zero timeout, into a buffer of random size. */
static void receive(int t)
{
	struct fuzz_msg m;
	struct cap *e = right_lookup(&tasks[t].space, rnd() % 4 ? live_name(t) : some_name(t));
	struct kmsg *k;

	if (!e)
		return;
	if (e->rights & RIGHT_RECEIVE)
		k = port_dequeue(e->object);
	else if (e->rights & RIGHT_PORT_SET)
		k = portset_dequeue(e->object);
	else
		return;
	if (!k)
		return;
	uint32_t size = rnd() % 4 ? sizeof(m) : (uint32_t)rnd() % sizeof(m);
	if (check(kmsg_copyout(k, &tasks[t].space, NULL, (uintptr_t)&m, size, 0), "receive"))
		return;
	received++;
	remember(t, m.h.remote);
	remember(t, m.h.local);
	for (uint32_t i = 0; i < m.h.ndesc && i < DESCS; i++)
		if (m.d[i].type == MSG_DESC_PORT)
			remember(t, m.d[i].value);
}

static void step(void)
{
	int t = rnd() % NTASKS, to = rnd() % NTASKS;
	struct port_status st;
	static union send_buffer b;

	as(t);
	if (rnd() % 64 == 0)
		kmem_fail_nth(1 + rnd() % 8);
	switch (rnd() % 12) {
	case 0:
		remember(t,
			 check(sys_port_allocate(rnd() % 8 ? RIGHT_RECEIVE : (uint32_t)rnd() % 32),
			       "port_allocate"));
		break;
	case 1:
		check(sys_port_destroy(some_name(t)), "port_destroy");
		break;
	case 2:
		check(sys_port_mod_refs(some_name(t), 1u << rnd() % 6, (int32_t)(rnd() % 5) - 2),
		      "port_mod_refs");
		break;
	case 3: {
		port_name_t want = rnd() % 2 ? PORT_NULL : some_name(to);
		int64_t r = check(sys_port_insert_right(task_name[t][to], want, some_name(t),
							some_disposition()),
				  "port_insert_right");
		if (r > 0)
			remember(to, (port_name_t)r);
		break;
	}
	case 4:
		check(sys_port_move_member(some_name(t), some_name(t)), "port_move_member");
		break;
	case 5:
		check(sys_port_request_notify(some_name(t), rnd() % 5, some_name(t)),
		      "port_request_notify");
		break;
	case 6:
		check(sys_port_status(some_name(t), (uaddr_t)&st), "port_status");
		break;
	case 7:
		check(sys_port_set_qlimit(some_name(t), rnd() % (PORT_QLIMIT_MAX + 2)),
		      "port_set_qlimit");
		break;
	case 8:
	case 9:
		make_msg(t, &b.m);
		sent += check(send(t, &b.m), "send") == KERN_SUCCESS;
		break;
	case 10:
		receive(t);
		break;
	default:
		if (rnd() % 16 == 0)
			task_dies(t);
		break;
	}
	kmem_fail_nth(0);
	steps_done++;
}

/* Found by this driver: the kernel kept the OOL sources right after a message of odd
 * size, misaligned (UBSan stops here on that kernel). */
static void test_odd_size_with_ool(void)
{
	struct fuzz_msg m = { .h = { .bits = MSG_BITS(MSG_MAKE_SEND, 0),
				     .size = sizeof(m.h) + sizeof(m.d[0]) + 3,
				     .ndesc = 1 },
			      .d[0] = { .type = MSG_DESC_OOL } };

	world_begin();
	as(0);
	m.h.remote = (port_name_t)sys_port_allocate(RIGHT_RECEIVE);
	is(send(0, &m), KERN_SUCCESS, "a message of odd size with an empty OOL range is sent");
	world_end();
}

int main(int argc, char **argv)
{
	uint64_t seed = argc > 1 ? strtoull(argv[1], NULL, 0) : (uint64_t)time(NULL);
	long rounds = argc > 2 ? atol(argv[2]) : ROUNDS;
	int leaked_rounds = 0;

	diag("seed %lu (run again: build/host/ipc_fuzz %lu %ld)", seed, seed, rounds);
	rng = seed * 2654435761u | 1;
	test_odd_size_with_ool();
	for (long r = 0; r < rounds; r++) {
		size_t base = kmem_in_use();
		world_begin();
		for (int i = 0; i < STEPS; i++)
			step();
		world_end();
		if (kmem_in_use() != base && leaked_rounds++ < 5)
			diag("round %ld: %zu bytes leaked", r, kmem_in_use() - base);
	}
	ok(1,
	   "%lu random operations in %ld rounds (%lu messages sent, %lu received, %lu task "
	   "deaths): no sanitizer report",
	   steps_done, rounds, sent, received, deaths);
	is(bad_codes, 0, "every result is a kernel code or a non-negative value");
	is(leaked_rounds, 0, "every round gave back every byte it allocated");
	is(kmem_size_mismatches(), 0, "every block was freed with the size it was allocated with");
	return done_testing();
}
