/*
 * Host side of tests/host/partitions.t: reads a disk image's partition table with the
 * driver's drivers/virtio-blk/partitions.c, in the order the driver's probe does (MBR;
 * or the primary GPT header and array, else the backup's), and prints what it found,
 * one line a fact, for the script to compare with what sfdisk made:
 *   mbr | gpt primary: ok | gpt primary: REASON | gpt backup: ok | gpt backup: REASON
 *   p NUMBER FIRST COUNT TYPE      (TYPE in hex, as block.info reports it)
 *   refused N                      (GPT entries left out)
 * usage: partitions DISK
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "partitions.h"

static FILE *disk;
static uint64_t sectors;

/* count sectors from sector on, in fresh memory; NULL past the end or on error. */
static uint8_t *read_sectors(uint64_t sector, uint32_t count)
{
	uint8_t *buf = malloc((size_t)count * PART_SECTOR);

	if (!buf || sector + count > sectors || fseeko(disk, (off_t)(sector * PART_SECTOR), 0) ||
	    fread(buf, PART_SECTOR, count, disk) != count) {
		free(buf);
		return NULL;
	}
	return buf;
}

static void print(const struct partition *p, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		printf("p %u %llu %llu %x\n", p[i].number, (unsigned long long)p[i].first,
		       (unsigned long long)p[i].count, p[i].type);
}

/* The GPT whose header is at lba: -> 1 if it was sound and its partitions printed. */
static int try_gpt(const char *which, uint64_t lba)
{
	static struct partition parts[PARTITIONS_MAX];
	struct gpt_header h;
	uint8_t *header = read_sectors(lba, 1), *entries = NULL;
	unsigned n, refused;
	int err = header ? gpt_header_check(header, lba, sectors, &h) : GPT_SIGNATURE;

	if (!err && !(entries = read_sectors(h.entries_lba, gpt_entries_sectors(&h))))
		err = GPT_ENTRIES_OUTSIDE;
	if (!err)
		err = gpt_entries_check(&h, entries);
	printf("gpt %s: %s\n", which, err ? gpt_error_name(err) : "ok");
	if (!err) {
		n = gpt_partitions(&h, entries, parts, PARTITIONS_MAX, &refused);
		print(parts, n);
		printf("refused %u\n", refused);
	}
	free(header);
	free(entries);
	return !err;
}

int main(int argc, char **argv)
{
	struct partition mbr[MBR_PARTITIONS];
	uint8_t *head;

	if (argc != 2 || !(disk = fopen(argv[1], "rb"))) {
		fprintf(stderr, "usage: partitions DISK\n");
		return 2;
	}
	fseeko(disk, 0, SEEK_END);
	sectors = (uint64_t)ftello(disk) / PART_SECTOR;
	if (!(head = read_sectors(0, 2))) {
		fprintf(stderr, "partitions: cannot read %s\n", argv[1]);
		return 2;
	}
	if (!mbr_protective(head)) {
		printf("mbr\n");
		print(mbr, mbr_partitions(head, sectors, mbr));
	} else if (!try_gpt("primary", 1)) {
		try_gpt("backup", sectors - 1);
	}
	free(head);
	return 0;
}
