/*
 * The reads that find a disk's partitions, one after the other, each started from the
 * completion of the last: sector 0 (the MBR), then if the MBR is protective the GPT
 * header in sector 1 and the GPT's entry array. A primary GPT header or array that
 * fails a check sends the probe to the backup header in the last sector; a bad backup
 * too leaves the disk served without partitions, with a console line saying why.
 */
#include <block.h>
#include <masque/error.h>
#include <rpc.h>
#include <stdio.h>
#include <stdlib.h>
#include "partitions.h"
#include "probe.h"
#include "volume.h"

struct probe {
	struct request req; /* first: a completed request is its probe */
	int backup;	    /* 1 once on the backup header */
	struct gpt_header gpt;
	struct partition parts[PARTITIONS_MAX];
};

static void header_read(struct request *r, int64_t result, const void *data);

/* The probe is over: serve the disk and the partitions found; answer a block.reread
 * that waits for them. */
static void finish(struct probe *p, unsigned found)
{
	struct disk *d = p->req.disk;

	volume_serve(d, p->parts, found);
	d->probing = 0;
	if (d->reread && block_reread_reply(d->reread, 0) != KERN_SUCCESS)
		rpc_release_right(d->reread, MSG_MOVE_SEND_ONCE);
	d->reread = PORT_NULL;
	free(p);
}

/* Read count sectors from sector on, then call done. */
static void read_next(struct probe *p, uint64_t sector, uint32_t count,
		      void (*done)(struct request *, int64_t, const void *))
{
	struct disk *d = p->req.disk;

	p->req = (struct request){ .type = VIRTIO_BLK_T_IN,
				   .length = count * SECTOR_SIZE,
				   .sector = sector,
				   .done = done };
	disk_submit(d, &p->req);
}

/* The GPT just read is bad (why): try the backup header, or give up on partitions. */
static void reject(struct probe *p, const char *why)
{
	struct disk *d = p->req.disk;

	printf("virtio-blk: disk%u: %s GPT: %s%s\n", d->number, p->backup ? "backup" : "primary",
	       why, p->backup ? "; no partitions served" : "; trying the backup");
	if (p->backup) {
		finish(p, 0);
	} else {
		p->backup = 1;
		read_next(p, d->sectors - 1, 1, header_read);
	}
}

/* The entry array of a sound header has been read: its used entries are served. */
static void entries_read(struct request *r, int64_t result, const void *data)
{
	struct probe *p = (struct probe *)r;
	unsigned refused, found;
	int err;

	if (result || (err = gpt_entries_check(&p->gpt, data))) {
		reject(p, result ? "cannot read the entry array" : gpt_error_name(err));
		return;
	}
	found = gpt_partitions(&p->gpt, data, p->parts, PARTITIONS_MAX, &refused);
	printf("virtio-blk: disk%u: GPT%s, %u partitions", r->disk->number,
	       p->backup ? " (backup)" : "", found);
	if (refused)
		printf(", %u entries refused (outside the usable range, or past %u)", refused,
		       PARTITIONS_MAX);
	printf("\n");
	finish(p, found);
}

/* Check the header in sector, read from lba, and read its entry array. */
static void check_header(struct probe *p, const uint8_t *sector, uint64_t lba)
{
	int err = gpt_header_check(sector, lba, p->req.disk->sectors, &p->gpt);

	if (err)
		reject(p, gpt_error_name(err));
	else
		read_next(p, p->gpt.entries_lba, gpt_entries_sectors(&p->gpt), entries_read);
}

/* A GPT header has been read: the primary's (sector 1) or the backup's (the last). */
static void header_read(struct request *r, int64_t result, const void *data)
{
	struct probe *p = (struct probe *)r;

	if (result)
		reject(p, "cannot read the header");
	else
		check_header(p, data, p->backup ? r->disk->sectors - 1 : 1);
}

/* Sector 0: an MBR's partitions, or on to the GPT header. */
static void mbr_read(struct request *r, int64_t result, const void *data)
{
	struct probe *p = (struct probe *)r;

	if (result)
		printf("virtio-blk: disk%u: cannot read the partition table\n", r->disk->number);
	if (result)
		finish(p, 0);
	else if (!mbr_protective(data) || r->disk->sectors < 3)
		finish(p, mbr_partitions(data, r->disk->sectors, p->parts));
	else
		read_next(p, 1, 1, header_read);
}

int probe_disk(struct disk *d)
{
	struct probe *p = calloc(1, sizeof(*p));

	if (!p)
		return KERN_RESOURCE_SHORTAGE;
	d->probing = 1;
	p->req.disk = d;
	read_next(p, 0, 1, mbr_read);
	return KERN_SUCCESS;
}
