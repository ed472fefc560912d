/* Devices other servers serve (dev_servers.h): their majors and ports, character and
 * block devices apart, as Linux numbers them. */
#include <device.h>
#include <errno.h>
#include <fs.h>
#include <linux/fcntl.h>
#include <linux/stat.h>
#include <masque/error.h>
#include <masque/rights.h>
#include <trap.h>
#include "dev.h"
#include "dev_servers.h"
#include "ops.h"

#define MAJORS 256 /* Linux's old 8-bit majors: every device a root file system has */

static port_name_t char_servers[MAJORS], block_servers[MAJORS];

/* The server registered for the major of a node of mode with rdev, or PORT_NULL. */
static port_name_t server_of(uint32_t mode, uint32_t rdev)
{
	uint32_t major = dev_major(rdev);

	if (major >= MAJORS)
		return PORT_NULL;
	if (S_ISCHR(mode))
		return char_servers[major];
	return S_ISBLK(mode) ? block_servers[major] : PORT_NULL;
}

int dev_served_elsewhere(uint32_t mode, uint32_t rdev)
{
	return server_of(mode, rdev) != PORT_NULL;
}

int64_t dev_open_elsewhere(struct node node, const struct vfs_stat *st, uint32_t flags,
			   const struct identity *who, port_name_t client)
{
	port_name_t server = server_of(st->mode, st->rdev);
	struct handle *file;
	int64_t r;

	if (!server)
		return -ENXIO;
	if ((r = handle_new(node, st->mode & S_IFMT, O_PATH, who, &file)))
		return r;
	if (rpc_device_open(server, client, dev_major(st->rdev), dev_minor(st->rdev), flags,
			    who->uid, who->gid, node.vol->dev, st->ino, st->mode, st->uid, st->gid,
			    file->port) < 0) {
		handle_free(file);
		return -ENXIO; /* its server is gone */
	}
	return RPC_NO_REPLY;
}

/* Register device_server in table for major (uid 0 only); the one it replaces is let
 * go. */
static int64_t register_in(port_name_t *table, struct rpc_ctx *ctx, uint32_t major,
			   port_name_t device_server)
{
	struct handle *h;
	int64_t r = ops_handle(ctx, &h);

	if (!r && h->who.uid != 0)
		r = -EPERM;
	if (!r && (major >= MAJORS || (table == char_servers && major == DEV_MEM_MAJOR)))
		r = -EINVAL;
	if (r) {
		port_mod_refs(device_server, RIGHT_SEND, -1);
		return r;
	}
	if (table[major])
		port_mod_refs(table[major], RIGHT_SEND, -1);
	table[major] = device_server;
	return 0;
}

int64_t fs_register_device(struct rpc_ctx *ctx, uint32_t major, port_name_t device_server)
{
	return register_in(char_servers, ctx, major, device_server);
}

int64_t fs_register_block_device(struct rpc_ctx *ctx, uint32_t major, port_name_t device_server)
{
	return register_in(block_servers, ctx, major, device_server);
}
