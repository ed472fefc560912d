/*
 * Virtual-memory costs in cycles: a zero-fill fault, a copy-on-write fault, a fault
 * served by an external pager (the seed's two IPCs), and moving 64 MiB between two
 * tasks out of line against in-line messages.
 */
#include <ipc.h>
#include <masque/error.h>
#include <masque/pager.h>
#include <pager.h>
#include <self.h>
#include <spawn.h>
#include <stdio.h>
#include <trap.h>
#include "measure.h"

#define PAGES	     4096 /* 16 MiB of faults per measurement */
#define MOVE	     (64ull << 20)
#define INLINE_CHUNK 8192

static uint64_t samples[PAGES];

static uint64_t region(uint64_t bytes)
{
	return (uint64_t)vm_allocate(self_task, 0, bytes, VM_ANYWHERE);
}

static void bench_zero_fill(void)
{
	char *p = (char *)region(PAGES * 4096ull);

	for (int i = 0; i < PAGES; i++) {
		uint64_t t0 = cycles();
		p[i * 4096] = 1;
		samples[i] = cycles() - t0;
	}
	report("zero_fill_fault", samples, PAGES);
	vm_deallocate(self_task, (uint64_t)p, PAGES * 4096ull);
}

static void bench_cow(void)
{
	char *p = (char *)region(PAGES * 4096ull);

	for (int i = 0; i < PAGES; i++)
		p[i * 4096] = 1;
	int64_t copy = task_create(self_task, TASK_INHERIT_MEMORY, "cow"); /* shares them all */
	for (int i = 0; i < PAGES; i++) {
		uint64_t t0 = cycles();
		p[i * 4096] = 2;
		samples[i] = cycles() - t0;
	}
	report("cow_fault", samples, PAGES);
	task_terminate(copy);
	port_destroy(copy);
	vm_deallocate(self_task, (uint64_t)p, PAGES * 4096ull);
}

/* The pager protocol's messages as interfaces/pager.defs lays them out. */
union pager_msg {
	struct msg_header hdr;
	struct pager_init_request_msg init;
	struct pager_request_request_msg request;
};

/* A pager of zero pages, as fast as it can answer: it reads the generated layouts
 * itself rather than through pager_demux, so that the figure stays the kernel's. It
 * may start before the receive right of object has arrived (its name holds only the
 * inherited send right until then): it waits for it. */
static void zero_pager(uint64_t object)
{
	union pager_msg m;
	port_name_t control = PORT_NULL;
	int64_t r;

	while ((r = msg_receive(object, &m.hdr, sizeof(m))) == KERN_SUCCESS ||
	       r == KERN_INVALID_RIGHT) {
		if (r)
			thread_yield();
		else if (m.hdr.id == PAGER_INIT_ID)
			control = m.init.control.value;
		else if (m.hdr.id == PAGER_REQUEST_ID)
			pager_supply(control, m.request.offset, 0, 4096, PAGER_SUPPLY_ZERO);
		else if (m.hdr.id != PAGER_RETURN_ID)
			return;
	}
}

static void bench_pager(void)
{
	int64_t object = port_allocate(RIGHT_RECEIVE);
	port_insert_right(self_task, object, object, MSG_MAKE_SEND);
	int64_t pager = task_spawn(zero_pager, object, TASK_INHERIT_SENDS, NULL);
	port_insert_right(pager, object, object, MSG_MOVE_RECEIVE);
	struct vm_map_args a = { .size = PAGES * 4096ull,
				 .object = object,
				 .protection = VM_PROT_READ,
				 .max_protection = VM_PROT_READ };
	volatile char *p = (char *)vm_map(self_task, &a);
	for (int i = 0; i < PAGES; i++) {
		uint64_t t0 = cycles();
		(void)p[i * 4096];
		samples[i] = cycles() - t0;
	}
	report("pager_fault", samples, PAGES);
	vm_deallocate(self_task, (uint64_t)p, PAGES * 4096ull);
	task_terminate(pager);
	port_destroy(pager);
	port_destroy(object);
}

struct ool_msg {
	struct msg_header h;
	struct msg_desc d;
};

struct chunk_msg {
	struct msg_header h;
	char data[INLINE_CHUNK];
};

/* Receives 64 MiB one way or the other, reads every page, and says so. */
static void sink(uint64_t port)
{
	static struct chunk_msg c;
	struct ool_msg o;
	volatile uint64_t sum = 0;

	while (msg_receive(port, &o.h, sizeof(o)) == KERN_INVALID_RIGHT)
		thread_yield();
	for (uint64_t off = 0; off < MOVE; off += 4096)
		sum += ((char *)o.d.addr)[off];
	vm_deallocate(self_task, o.d.addr, o.d.value);
	msg_send(&(struct msg_header){ .bits = MSG_BITS(MSG_MOVE_SEND_ONCE, 0),
				       .size = sizeof(struct msg_header),
				       .remote = o.h.remote });
	for (uint64_t got = 0; got < MOVE; got += INLINE_CHUNK) {
		msg_receive(port, &c.h, sizeof(c));
		sum += c.data[0];
	}
	msg_send(&(struct msg_header){ .bits = MSG_BITS(MSG_MOVE_SEND_ONCE, 0),
				       .size = sizeof(struct msg_header),
				       .remote = c.h.remote });
}

static void bench_transfer(void)
{
	static struct chunk_msg c;
	struct msg_header ack;
	int64_t port = port_allocate(RIGHT_RECEIVE), reply = port_allocate(RIGHT_RECEIVE);
	char *buf = (char *)region(MOVE);

	for (uint64_t off = 0; off < MOVE; off += 4096)
		buf[off] = 1;
	port_insert_right(self_task, port, port, MSG_MAKE_SEND);
	int64_t child = task_spawn(sink, port, TASK_INHERIT_SENDS, NULL);
	port_insert_right(child, port, port, MSG_MOVE_RECEIVE);

	struct ool_msg o = {
		.h = { .bits = MSG_BITS(MSG_COPY_SEND, MSG_MAKE_SEND_ONCE),
		       .size = sizeof(o),
		       .remote = port,
		       .local = reply,
		       .ndesc = 1 },
		.d = { .type = MSG_DESC_OOL, .value = MOVE, .addr = (uint64_t)buf },
	};
	uint64_t t0 = cycles();
	msg_send(&o.h);
	msg_receive(reply, &ack, sizeof(ack));
	report_value("ool_64mib", cycles() - t0);

	t0 = cycles();
	for (uint64_t off = 0; off < MOVE; off += INLINE_CHUNK) {
		c.h = (struct msg_header){ .bits = MSG_BITS(MSG_COPY_SEND, MSG_MAKE_SEND_ONCE),
					   .size = sizeof(c),
					   .remote = port,
					   .local = reply };
		c.data[0] = buf[off];
		msg_send(&c.h);
	}
	msg_receive(reply, &ack, sizeof(ack));
	report_value("inline_64mib", cycles() - t0);
	task_terminate(child);
	port_destroy(child);
	vm_deallocate(self_task, (uint64_t)buf, MOVE);
}

int main(void)
{
	bench_zero_fill();
	bench_cow();
	bench_pager();
	bench_transfer();
	return 0;
}
