/* Character devices other servers serve (dev_servers.h): their majors and ports. */
#include <device.h>
#include <errno.h>
#include <fs.h>
#include <masque/error.h>
#include <masque/rights.h>
#include <trap.h>
#include "dev.h"
#include "dev_servers.h"
#include "ops.h"

#define MAJORS 256 /* Linux's old 8-bit majors: every device a root file system has */

static port_name_t servers[MAJORS];

int dev_served_elsewhere(uint32_t rdev)
{
	uint32_t major = dev_major(rdev);

	return major < MAJORS && servers[major] != PORT_NULL;
}

int64_t dev_open_elsewhere(uint64_t dev, const struct ext2_stat *st, uint32_t flags,
			   const struct identity *who, port_name_t client)
{
	uint32_t major = dev_major(st->rdev);

	if (major >= MAJORS || !servers[major])
		return -ENXIO;
	if (rpc_device_open(servers[major], client, major, dev_minor(st->rdev), flags, who->uid,
			    who->gid, dev, st->ino, st->mode, st->uid, st->gid) < 0)
		return -ENXIO; /* its server is gone */
	return RPC_NO_REPLY;
}

/* Register device_server for major (uid 0 only); the one it replaces is let go. */
int64_t fs_register_device(struct rpc_ctx *ctx, uint32_t major, port_name_t device_server)
{
	struct handle *h;
	int64_t r = ops_handle(ctx, &h);

	if (!r && h->who.uid != 0)
		r = -EPERM;
	if (!r && (major >= MAJORS || major == DEV_MEM_MAJOR))
		r = -EINVAL;
	if (r) {
		port_mod_refs(device_server, RIGHT_SEND, -1);
		return r;
	}
	if (servers[major])
		port_mod_refs(servers[major], RIGHT_SEND, -1);
	servers[major] = device_server;
	return 0;
}
