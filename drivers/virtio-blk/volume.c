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

#define VOLUMES_MAX (DISKS_MAX * (PARTITIONS_MAX + 1)) /* every disk and partition */

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
		if (port && volumes[i].port == port)
			return &volumes[i];
	return NULL;
}

/* A free entry (one a dropped partition left, or a new one), or NULL. */
static struct volume *free_volume(void)
{
	for (unsigned i = 0; i < volume_count; i++)
		if (!volumes[i].port)
			return &volumes[i];
	return volume_count < VOLUMES_MAX ? &volumes[volume_count++] : NULL;
}

/* Serve a new volume on a port of its own and register it under its name. */
static void add_volume(struct volume v)
{
	struct volume *to = free_volume();
	int64_t port = to ? port_allocate(RIGHT_RECEIVE) : KERN_NO_SPACE;

	if (port < 0 || port_insert_right(self_task, port, port, MSG_MAKE_SEND) < 0 ||
	    port_set_qlimit(port, PORT_QLIMIT_MAX) || port_move_member(port, port_set)) {
		printf("virtio-blk: no port for %s\n", v.name);
		if (port >= 0)
			port_destroy(port);
		return;
	}
	v.port = (port_name_t)port;
	*to = v;
	int64_t err = rpc_ns_register(bootstrap_port, v.name, v.port);
	if (err)
		printf("virtio-blk: cannot register %s (%s)\n", v.name, kern_error_name(err));
}

void volume_serve(struct disk *d, const struct partition *parts, unsigned count)
{
	struct volume v = { .disk = d };

	for (unsigned i = 0; i < count; i++) {
		v.start = parts[i].first * SECTOR_SIZE;
		v.size = parts[i].count * SECTOR_SIZE;
		v.type = parts[i].type;
		snprintf(v.name, sizeof(v.name), "disk%up%u", d->number, parts[i].number);
		add_volume(v);
	}
	for (unsigned i = 0; i < volume_count; i++)
		if (volumes[i].port && volumes[i].disk == d && volumes[i].whole)
			return; /* a table read again: the disk is served already */
	v = (struct volume){ .disk = d, .whole = 1, .size = d->sectors * SECTOR_SIZE };
	snprintf(v.name, sizeof(v.name), "disk%u", d->number);
	add_volume(v);
}

void volume_drop_partitions(struct disk *d)
{
	for (unsigned i = 0; i < volume_count; i++) {
		struct volume *v = &volumes[i];
		if (!v->port || v->disk != d || v->whole)
			continue;
		rpc_ns_unregister(bootstrap_port, v->name, v->port);
		port_destroy(v->port);
		v->port = PORT_NULL;
	}
}
