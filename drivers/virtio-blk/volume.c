/*
 * Disks and partitions as volumes, each served on its own port and registered with
 * the name service, once probe.c has read the disk's partition table.
 */
#include <ipc.h>
#include <kern_error.h>
#include <masque/error.h>
#include <ns.h>
#include <self.h>
#include <stdio.h>
#include <trap.h>
#include "volume.h"

#define VOLUMES_MAX  (DISKS_MAX * (PARTITIONS_MAX + 1)) /* every disk and partition */
#define NAME_MAX_LEN 16

static struct volume volumes[VOLUMES_MAX];
static unsigned volume_count;
static port_name_t port_set;

void volume_init(port_name_t set)
{
	port_set = set;
}

struct volume *volume_of(port_name_t port)
{
	for (unsigned i = 0; i < volume_count; i++)
		if (volumes[i].port == port)
			return &volumes[i];
	return NULL;
}

/* Serve a new volume on a port of its own and register it as name. */
static void add_volume(struct disk *d, uint64_t start, uint64_t size, uint32_t type,
		       const char *name)
{
	int64_t port = volume_count < VOLUMES_MAX ? port_allocate(RIGHT_RECEIVE) : KERN_NO_SPACE;

	if (port < 0 || port_insert_right(self_task, port, port, MSG_MAKE_SEND) < 0 ||
	    port_set_qlimit(port, PORT_QLIMIT_MAX) || port_move_member(port, port_set)) {
		printf("virtio-blk: no port for %s\n", name);
		if (port >= 0)
			port_destroy(port);
		return;
	}
	volumes[volume_count++] = (struct volume){
		.port = port, .disk = d, .start = start, .size = size, .type = type
	};
	int64_t err = rpc_ns_register(bootstrap_port, name, port);
	if (err)
		printf("virtio-blk: cannot register %s (%s)\n", name, kern_error_name(err));
}

void volume_serve(struct disk *d, const struct partition *parts, unsigned count)
{
	char name[NAME_MAX_LEN];

	for (unsigned i = 0; i < count; i++) {
		snprintf(name, sizeof(name), "disk%up%u", d->number, parts[i].number);
		add_volume(d, parts[i].first * SECTOR_SIZE, parts[i].count * SECTOR_SIZE,
			   parts[i].type, name);
	}
	snprintf(name, sizeof(name), "disk%u", d->number);
	add_volume(d, 0, d->sectors * SECTOR_SIZE, 0, name);
}
