/*
 * The virtio-blk driver task: finds the virtio block devices on PCI bus 0, sets each
 * up, and serves its disks and partitions (volume.c) with the block protocol
 * (server.c). One port set holds every volume port and the port where the kernel
 * reports the disks' interrupts; rpc_serve takes both.
 */
#include <block.h>
#include <ipc.h>
#include <irq.h>
#include <kern_error.h>
#include <masque/device.h>
#include <masque/error.h>
#include <ns.h>
#include <rpc.h>
#include <self.h>
#include <stdio.h>
#include <trap.h>
#include "device.h"
#include "pci.h"
#include "probe.h"
#include "volume.h"

static struct disk disks[DISKS_MAX];
static unsigned disk_count;
static port_name_t host, port_set, irq_port;
static uint32_t attached; /* bit n: line n is reported to irq_port */

/* Have line irq reported to irq_port, unless it already is (disks share lines). */
static int attach(uint8_t irq)
{
	int err = attached & 1u << irq ? KERN_SUCCESS : irq_attach(host, irq, irq_port);

	if (!err)
		attached |= 1u << irq;
	return err;
}

/* Set up every disk found; -> how many work. */
static unsigned start_disks(void)
{
	struct pci_function found[DISKS_MAX];
	int n = pci_find_virtio_blk(host, found, DISKS_MAX);

	for (int i = 0; i < n; i++) {
		struct disk *d = &disks[disk_count];
		int err = attach(found[i].irq);
		if (!err)
			err = disk_init(d, host, &found[i]);
		if (!err) {
			d->number = disk_count;
			err = probe_disk(d);
		}
		if (err) {
			printf("virtio-blk: device at I/O 0x%x, irq %u: not usable (%s)\n",
			       found[i].io_base, found[i].irq, kern_error_name(err));
			continue;
		}
		printf("virtio-blk: disk%u: %lu MiB, I/O 0x%x, irq %u, %u requests at once%s\n",
		       d->number, d->sectors >> 11, d->io, d->irq, d->slots,
		       d->read_only ? ", read-only" : "");
		disk_count++;
	}
	return disk_count;
}

/* A line interrupted (irq.interrupt, on irq_port): every disk on it has its look, then
 * the line is unmasked. */
void irq_interrupt(struct rpc_ctx *ctx, uint32_t irq)
{
	if (ctx->local != irq_port)
		return;
	for (unsigned i = 0; i < disk_count; i++)
		if (disks[i].irq == irq)
			disk_interrupt(&disks[i]);
	irq_ack(host, irq);
}

int main(void)
{
	int64_t set = port_allocate(RIGHT_PORT_SET), irq = port_allocate(RIGHT_RECEIVE);

	if (rpc_ns_lookup(bootstrap_port, "host", &host)) {
		printf("virtio-blk: no host port (start me with start -p)\n");
		return 1;
	}
	if (set < 0 || irq < 0 || port_move_member(irq, set)) {
		printf("virtio-blk: no ports\n");
		return 1;
	}
	port_set = set;
	irq_port = irq;
	volume_init(port_set);
	if (!start_disks()) {
		printf("virtio-blk: no virtio block device\n");
		return 1;
	}
	int64_t r = rpc_serve(port_set, block_demux, irq_demux);
	printf("virtio-blk: cannot serve (error %ld)\n", r);
	return 1;
}
