/*
 * The default pager: the pager of anonymous memory under pressure. The kernel hands
 * it an anonymous object the first time one of its pages must leave memory
 * (default_pager.create, with the receive right of the object's new port); from then on
 * it serves that object like any pager: returned pages go to swap slots, requested
 * pages come back from them (or zero-filled if never written), and termination frees
 * the slots. Out of swap, a returned page is handed back to the kernel to keep.
 *
 * usage: pager DEVICE   (a name the block driver registered, e.g. disk0p2)
 */
#include <block.h>
#include <default_pager.h>
#include <ipc.h>
#include <kern_error.h>
#include <masque/error.h>
#include <masque/page_size.h>
#include <masque/pager.h>
#include <ns.h>
#include <pager.h>
#include <rpc.h>
#include <self.h>
#include <stdio.h>
#include <trap.h>
#include "object.h"
#include "swap.h"

static port_name_t registration; /* where the kernel sends create */
static port_name_t everything;	 /* port set: the registration port and every object */

void default_pager_create(struct rpc_ctx *ctx, port_name_t object, uint64_t size)
{
	if (ctx->local != registration || object == PORT_NULL || object == PORT_DEAD ||
	    !object_new(object, size) || port_move_member(object, everything)) {
		printf("pager: cannot take a new object\n");
		rpc_release_right(object, MSG_MOVE_RECEIVE);
	}
}

/* The object a pager message came to, if the kernel sent it (no task could). */
static struct object *kernel_object(const struct rpc_ctx *ctx)
{
	return ctx->from_kernel ? object_find(ctx->local) : NULL;
}

void pager_init(struct rpc_ctx *ctx, port_name_t control, uint64_t page_size)
{
	struct object *o = kernel_object(ctx);

	(void)page_size;
	if (o)
		object_set_control(o, control);
	else
		rpc_release_right(control, MSG_MOVE_SEND);
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

void pager_return(struct rpc_ctx *ctx, void *pages, uint32_t pages_size, uint64_t offset,
		  uint64_t length, uint32_t kept)
{
	struct object *o = kernel_object(ctx);
	const char *data = pages;

	(void)kept;
	for (uint64_t done = 0; o && done + PAGE_SIZE <= length && done + PAGE_SIZE <= pages_size;
	     done += PAGE_SIZE)
		page_out(o, offset + done, data + done);
	rpc_release_ool((uint64_t)pages, pages_size);
}

void pager_request(struct rpc_ctx *ctx, uint64_t offset, uint64_t length, uint32_t access)
{
	struct object *o = kernel_object(ctx);

	(void)access;
	for (uint64_t off = offset; o && off < offset + length; off += PAGE_SIZE) {
		uint32_t slot = object_slot(o, off);
		void *page = NULL; /* set by swap_read when it succeeds */
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

/* The default pager never locks pages, so the kernel has no reason to ask this. */
void pager_unlock(struct rpc_ctx *ctx, uint64_t offset, uint64_t length, uint32_t access)
{
	(void)ctx, (void)offset, (void)length, (void)access;
}

void pager_terminate(struct rpc_ctx *ctx)
{
	struct object *o = kernel_object(ctx);

	if (o)
		object_destroy(o);
}

int main(int argc, char **argv)
{
	port_name_t host, device;

	if (argc != 2 || rpc_ns_lookup(bootstrap_port, "host", &host) ||
	    rpc_ns_lookup(bootstrap_port, argv[1], &device) || swap_open(device)) {
		printf("pager: usage: pager DEVICE (privileged, after the block driver)\n");
		return 1;
	}
	int64_t port = port_allocate(RIGHT_RECEIVE);
	int64_t set = port_allocate(RIGHT_PORT_SET);
	if (port < 0 || set < 0 || port_move_member(port, set) ||
	    port_insert_right(self_task, port, port, MSG_MAKE_SEND) < 0 ||
	    host_set_default_pager(host, port)) {
		printf("pager: cannot become the default pager\n");
		return 1;
	}
	registration = port;
	everything = set;
	rpc_ns_register(bootstrap_port, "default-pager", registration);
	printf("pager: %lu MiB of swap on %s\n", swap_slots_total() * PAGE_SIZE >> 20, argv[1]);
	int64_t r = rpc_serve(everything, pager_demux, default_pager_demux);
	printf("pager: cannot serve (%s)\n", kern_error_name(r));
	return 1;
}
