/* Block volumes by minor number (volume.h): looked up once, kept while the server runs. */
#include <block.h>
#include <errno.h>
#include <kern_errno.h>
#include <masque/rights.h>
#include <ns.h>
#include <self.h>
#include <trap.h>
#include "volume.h"

static struct volume volumes[VIRTBLK_DISKS * VIRTBLK_MINORS];

/* Look v up by its name, and ask its driver its size. */
static int64_t volume_find(struct volume *v)
{
	port_name_t port;
	uint64_t size;
	uint32_t block_size, type;

	if (rpc_ns_lookup(bootstrap_port, v->name, &port))
		return -ENXIO;
	if (rpc_block_info(port, &size, &block_size, &type) || !block_size ||
	    BLOCK_IO_MAX % block_size || size % block_size) {
		port_mod_refs(port, RIGHT_SEND, -1);
		return -ENXIO;
	}
	v->port = port;
	v->size = size;
	v->block_size = block_size;
	return 0;
}

int64_t volume_reread(struct volume *v, uint32_t disk)
{
	int64_t r = rpc_block_reread(v->port);

	for (uint32_t m = disk * VIRTBLK_MINORS + 1; m < (disk + 1) * VIRTBLK_MINORS; m++)
		if (volumes[m].port) {
			port_mod_refs(volumes[m].port, RIGHT_SEND, -1);
			volumes[m] = (struct volume){ 0 };
		}
	return kern_is_error(r) ? -EIO : r;
}

int64_t volume_of_minor(uint32_t minor, struct volume **v)
{
	struct volume *found;

	if (minor >= VIRTBLK_DISKS * VIRTBLK_MINORS)
		return -ENXIO;
	found = &volumes[minor];
	if (!found->port && (virtblk_name(minor, found->name) || volume_find(found)))
		return -ENXIO;
	*v = found;
	return 0;
}
