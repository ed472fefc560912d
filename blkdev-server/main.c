/*
 * The block-device server: serves the block nodes /dev/vda, /dev/vda1, /dev/vdb...
 * (block major 254, volume.h) with the file protocol (file.c, ioctl.c), bridging it
 * onto the disk driver's block protocol (transfer.c). The fs-server judges each open of
 * a node and forwards it here (open.c), as it does the terminal server's. Start it
 * after the fs-server and the disk driver; it registers "blkdev" with the name service
 * once it serves, for a boot script to wait for:
 *   start blkdev_server
 *   wait blkdev
 */
#include <device.h>
#include <fs.h>
#include <masque/rights.h>
#include <notify.h>
#include <ns.h>
#include <rpc.h>
#include <self.h>
#include <stdio.h>
#include <trap.h>
#include "blkdev_server.h"
#include "handle.h"
#include "volume.h"

port_name_t blkdev_set, fs_port, device_port;

void notify_no_senders(struct rpc_ctx *ctx, uint32_t make_sends)
{
	(void)make_sends;
	handle_free(ctx->local);
}

void notify_dead_name(struct rpc_ctx *ctx, uint32_t name)
{
	(void)ctx, (void)name;
}

void notify_send_once(struct rpc_ctx *ctx)
{
	(void)ctx;
}

static int other_demux(struct msg_header *in, struct msg_header *out)
{
	return device_demux(in, out) || notify_demux(in, out);
}

/* A new receive right in the set, with a send right of ours to give away, or
 * PORT_NULL. */
static port_name_t port_with_send(void)
{
	int64_t p = port_allocate(RIGHT_RECEIVE);

	if (p < 0)
		return PORT_NULL;
	if (port_move_member((port_name_t)p, blkdev_set) ||
	    port_insert_right(self_task, (port_name_t)p, (port_name_t)p, MSG_MAKE_SEND) < 0) {
		port_destroy((port_name_t)p);
		return PORT_NULL;
	}
	return (port_name_t)p;
}

/* The port set, the port for forwarded opens, the fs-server's registration and the
 * name: 0, or an error said on the console. */
static int64_t start(void)
{
	int64_t set = port_allocate(RIGHT_PORT_SET), r;
	port_name_t name_port;

	if (set < 0)
		return set;
	blkdev_set = (port_name_t)set;
	/* device.open comes one way from the fs-server, which this server asks too (a
	 * device's stat): room for many, so that it need not wait for us */
	if (!(device_port = port_with_send()) || !(name_port = port_with_send()) ||
	    port_set_qlimit(device_port, PORT_QLIMIT_MAX)) {
		printf("blkdev-server: no ports\n");
		return -1;
	}
	if (rpc_ns_lookup(bootstrap_port, "fs", &fs_port)) {
		printf("blkdev-server: no fs-server\n");
		return -1;
	}
	if ((r = rpc_fs_register_block_device(fs_port, VIRTBLK_MAJOR, device_port)) ||
	    (r = rpc_ns_register(bootstrap_port, "blkdev", name_port))) {
		printf("blkdev-server: cannot register (error %ld)\n", r);
		return r;
	}
	return 0;
}

int main(void)
{
	if (start())
		return 1;
	int64_t r = rpc_serve(blkdev_set, fs_demux, other_demux);
	printf("blkdev-server: cannot serve (error %ld)\n", r);
	return 1;
}
