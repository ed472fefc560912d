/*
 * The default pager: the pager of anonymous memory under pressure. The kernel hands
 * it an anonymous object the first time one of its pages must leave memory
 * (pager_create_msg, with the receive right of the object's new port); from then on
 * it serves that object like any pager: returned pages go to swap slots, requested
 * pages come back from them (or zero-filled if never written), and termination frees
 * the slots. Out of swap, a returned page is handed back to the kernel to keep.
 *
 * usage: pager DEVICE   (a name the block driver registered, e.g. disk0p2)
 */
#include <block.h>
#include <ipc.h>
#include <masque/error.h>
#include <masque/page_size.h>
#include <masque/pager.h>
#include <ns.h>
#include <self.h>
#include <stdio.h>
#include <trap.h>
#include "object.h"
#include "swap.h"

union message {
	struct msg_header hdr;
	struct pager_create_msg create;
	struct pager_init_msg init;
	struct pager_request_msg request;
	struct pager_return_msg ret;
	char bytes[256];
};

static port_name_t everything; /* port set: the registration port and every object */

static void create(const struct pager_create_msg *m)
{
	port_name_t port = m->object.value;

	if (m->object.type != MSG_DESC_PORT || !object_new(port, m->size) ||
	    port_move_member(port, everything)) {
		printf("pager: cannot take a new object\n");
		port_destroy(port);
	}
}

/* One page of a returned run: into its slot, or back to the kernel if swap is full. */
static void page_out(struct object *o, uint64_t offset, const void *page)
{
	uint32_t slot = object_slot(o, offset);

	if (slot == SLOT_NONE && (slot = swap_slot_alloc()) != SLOT_NONE &&
	    object_set_slot(o, offset, slot)) {
		swap_slot_free(slot);
		slot = SLOT_NONE;
	}
	if (slot == SLOT_NONE || swap_write(slot, page))
		pager_supply(object_control(o), offset, page, PAGE_SIZE, PAGER_SUPPLY_DIRTY);
}

static void returned(struct object *o, const struct pager_return_msg *m)
{
	const char *data = (const char *)m->data.addr;

	for (uint64_t done = 0; done + PAGE_SIZE <= m->length && done + PAGE_SIZE <= m->data.value;
	     done += PAGE_SIZE)
		page_out(o, m->offset + done, data + done);
	vm_deallocate(self_task, m->data.addr, m->data.value);
}

static void requested(struct object *o, const struct pager_request_msg *m)
{
	for (uint64_t off = m->offset; off < m->offset + m->length; off += PAGE_SIZE) {
		uint32_t slot = object_slot(o, off);
		void *page;
		if (slot == SLOT_NONE) {
			pager_supply(object_control(o), off, 0, PAGE_SIZE, PAGER_SUPPLY_ZERO);
		} else if (swap_read(slot, &page) == KERN_SUCCESS) {
			pager_supply(object_control(o), off, page, PAGE_SIZE, 0);
			vm_deallocate(self_task, (uint64_t)page, PAGE_SIZE);
		} else {
			pager_error(object_control(o), off, PAGE_SIZE);
		}
	}
}

static void dispatch(port_name_t registration, union message *m)
{
	struct object *o = object_find(m->hdr.local);

	if (m->hdr.local == registration && m->hdr.id == PAGER_CREATE_ID) {
		create(&m->create);
		return;
	}
	if (!o) {
		rpc_release_descs(&m->hdr);
		return;
	}
	switch (m->hdr.id) {
	case PAGER_INIT_ID:
		object_set_control(o, m->init.control.value);
		break;
	case PAGER_RETURN_ID:
		returned(o, &m->ret);
		break;
	case PAGER_REQUEST_ID:
		requested(o, &m->request);
		break;
	case PAGER_TERMINATE_ID:
		object_destroy(o);
		break;
	default:
		rpc_release_descs(&m->hdr);
	}
}

int main(int argc, char **argv)
{
	port_name_t host, device;
	union message m;

	if (argc != 2 || rpc_ns_lookup(bootstrap_port, "host", &host) ||
	    rpc_ns_lookup(bootstrap_port, argv[1], &device) || swap_open(device)) {
		printf("pager: usage: pager DEVICE (privileged, after the block driver)\n");
		return 1;
	}
	int64_t registration = port_allocate(RIGHT_RECEIVE);
	int64_t set = port_allocate(RIGHT_PORT_SET);
	if (registration < 0 || set < 0 || port_move_member(registration, set) ||
	    port_insert_right(self_task, registration, registration, MSG_MAKE_SEND) < 0 ||
	    host_set_default_pager(host, registration)) {
		printf("pager: cannot become the default pager\n");
		return 1;
	}
	everything = set;
	rpc_ns_register(bootstrap_port, "default-pager", registration);
	printf("pager: %lu MiB of swap on %s\n", swap_slots_total() * PAGE_SIZE >> 20, argv[1]);
	for (;;)
		if (msg_receive(everything, &m.hdr, sizeof(m)) == KERN_SUCCESS)
			dispatch(registration, &m);
}
