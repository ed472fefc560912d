/* A disk's partition table read from its sectors: the primary partitions of an MBR, or
 * the entries of a GPT behind a protective MBR. Pure code (no I/O, no allocation): the
 * driver reads the sectors, tests/host/partitions.t checks this against sfdisk's disks. */
#ifndef VIRTIO_BLK_PARTITIONS_H
#define VIRTIO_BLK_PARTITIONS_H

#include <stdint.h>

#define PART_SECTOR	      512
#define MBR_PARTITIONS	      4
#define PARTITIONS_MAX	      256	 /* served per disk: the first 256 in table order */
#define GPT_ENTRIES_BYTES_MAX (1u << 20) /* the largest entry array read (one request) */
#define GPT_TYPE_OTHER	      0xee	 /* a GPT type GUID with no MBR type of its own */

struct partition {
	unsigned number; /* M of "diskNpM": the MBR slot or GPT entry, from 1 */
	uint32_t type;	 /* the MBR type byte; for GPT, the MBR type of its type GUID */
	uint64_t first;	 /* in sectors */
	uint64_t count;
};

/* Whether sector 0 (512 bytes) ends with the MBR signature 0x55aa. */
int mbr_valid(const uint8_t *sector0);

/* Whether sector 0 is a (possibly hybrid) protective MBR: a slot of type 0xee. */
int mbr_protective(const uint8_t *sector0);

/* The primary partitions of the MBR in sector 0 of a disk of sectors: the slots with
 * a non-zero type and a non-empty range inside the disk, into out (room for
 * MBR_PARTITIONS); -> how many. */
unsigned mbr_partitions(const uint8_t *sector0, uint64_t sectors, struct partition *out);

/* What a GPT header says, once gpt_header_check has found it sound. */
struct gpt_header {
	uint64_t lba;	       /* where it is */
	uint64_t alternate;    /* where its copy is */
	uint64_t first_usable; /* partitions lie in [first_usable, last_usable] */
	uint64_t last_usable;
	uint64_t entries_lba;
	uint32_t entry_count;
	uint32_t entry_size;
	uint32_t entries_crc;
};

/* Why a GPT is refused (negative), or 0. */
enum gpt_error {
	GPT_SIGNATURE = -1,   /* not "EFI PART" */
	GPT_HEADER_SIZE = -2, /* below 92 bytes or beyond the sector */
	GPT_HEADER_CRC = -3,
	GPT_WRONG_LBA = -4,	  /* the header does not say the sector it is in */
	GPT_USABLE_RANGE = -5,	  /* first/last usable LBA not inside the disk */
	GPT_ENTRY_SIZE = -6,	  /* not 128 times a power of two */
	GPT_ENTRY_COUNT = -7,	  /* none, or an array beyond GPT_ENTRIES_BYTES_MAX */
	GPT_ENTRIES_OUTSIDE = -8, /* the array overlaps the usable range or leaves the disk */
	GPT_ENTRIES_CRC = -9,
};

/* What err says, for a console line. */
const char *gpt_error_name(int err);

/* The CRC-32 GPT uses (IEEE 802.3, reflected, as zlib's crc32), of n bytes. */
uint32_t gpt_crc32(const void *data, uint64_t n);

/* Check the GPT header in sector (512 bytes), read from sector lba of a disk of
 * sectors, and fill h; -> 0 or a gpt_error. */
int gpt_header_check(const uint8_t *sector, uint64_t lba, uint64_t sectors, struct gpt_header *h);

/* Sectors the entry array of h takes (what to read at h->entries_lba). */
uint32_t gpt_entries_sectors(const struct gpt_header *h);

/* Check the CRC of the entry array (h->entry_count * h->entry_size bytes at entries);
 * -> 0 or GPT_ENTRIES_CRC. */
int gpt_entries_check(const struct gpt_header *h, const uint8_t *entries);

/* The used entries of a checked array in table order (entry i is partition i + 1), at
 * most max into out; an entry whose range is empty, reversed or outside the usable
 * range is left out and counted in *refused, as are used entries beyond max. -> how
 * many went into out. */
unsigned gpt_partitions(const struct gpt_header *h, const uint8_t *entries, struct partition *out,
			unsigned max, unsigned *refused);

#endif
