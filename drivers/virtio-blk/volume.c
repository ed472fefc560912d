/*
 * Disks and partitions as volumes, each served on its own port and registered with
 * the name service. A disk's primary MBR partitions (non-zero type, inside the disk)
 * become volumes once the driver has read sector 0.
 */
#include <ipc.h>
#include <kern_error.h>
#include <masque/error.h>
#include <ns.h>
#include <self.h>
#include <stdio.h>
#include <stdlib.h>
#include <trap.h>
#include "volume.h"

#define VOLUMES_MAX    64
#define MBR_PARTITIONS 4
#define MBR_TABLE      446 /* the partition table's offset in sector 0 */
#define MBR_ENTRY      16
#define NAME_MAX_LEN   16

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

static uint32_t le32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
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

/* The primary partitions of an MBR in sector, if it has the signature. */
static void serve_partitions(struct disk *d, const uint8_t *sector)
{
	char name[NAME_MAX_LEN];

	if (sector[510] != 0x55 || sector[511] != 0xaa)
		return;
	for (unsigned i = 0; i < MBR_PARTITIONS; i++) {
		const uint8_t *e = sector + MBR_TABLE + i * MBR_ENTRY;
		uint64_t first = le32(e + 8), count = le32(e + 12);
		if (!e[4] || !count || first + count > d->sectors)
			continue;
		snprintf(name, sizeof(name), "disk%up%u", d->number, i + 1);
		add_volume(d, first * SECTOR_SIZE, count * SECTOR_SIZE, e[4], name);
	}
}

/* Sector 0 has been read: serve the partitions, then the disk. */
static void probe_done(struct request *r, int64_t result, const void *data)
{
	struct disk *d = r->disk;
	char name[NAME_MAX_LEN];

	if (result)
		printf("virtio-blk: disk%u: cannot read the MBR\n", d->number);
	else
		serve_partitions(d, data);
	snprintf(name, sizeof(name), "disk%u", d->number);
	add_volume(d, 0, d->sectors * SECTOR_SIZE, 0, name);
	free(r);
}

int volume_probe(struct disk *d)
{
	struct request *r = calloc(1, sizeof(*r));

	if (!r)
		return KERN_RESOURCE_SHORTAGE;
	*r = (struct request){ .type = VIRTIO_BLK_T_IN, .length = SECTOR_SIZE, .done = probe_done };
	disk_submit(d, r);
	return KERN_SUCCESS;
}
