/*
 * Partition tables: MBR primary slots, and GPT (UEFI 2.x, chapter 5) behind a
 * protective MBR. Every field is checked before it is used; a header that fails a
 * check is refused with the reason, so the caller can try the backup header.
 */
#include <string.h>
#include "partitions.h"

#define MBR_TABLE	  446 /* the slots' offset in sector 0 */
#define MBR_ENTRY	  16
#define MBR_TYPE_GPT	  0xee
#define GPT_HEADER_MIN	  92
#define GPT_ENTRY_MIN	  128
#define GPT_GUID	  16
#define GPT_FIRST_OFFSET  32 /* in an entry: first LBA, last LBA (inclusive) */
#define GPT_LAST_OFFSET	  40
#define GPT_HEADER_CRC_AT 16

static uint32_t le32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t le64(const uint8_t *p)
{
	return le32(p) | (uint64_t)le32(p + 4) << 32;
}

int mbr_valid(const uint8_t *sector0)
{
	return sector0[510] == 0x55 && sector0[511] == 0xaa;
}

int mbr_protective(const uint8_t *sector0)
{
	if (!mbr_valid(sector0))
		return 0;
	for (unsigned i = 0; i < MBR_PARTITIONS; i++)
		if (sector0[MBR_TABLE + i * MBR_ENTRY + 4] == MBR_TYPE_GPT)
			return 1;
	return 0;
}

unsigned mbr_partitions(const uint8_t *sector0, uint64_t sectors, struct partition *out)
{
	unsigned n = 0;

	if (!mbr_valid(sector0))
		return 0;
	for (unsigned i = 0; i < MBR_PARTITIONS; i++) {
		const uint8_t *e = sector0 + MBR_TABLE + i * MBR_ENTRY;
		uint64_t first = le32(e + 8), count = le32(e + 12);
		if (!e[4] || !count || first + count > sectors)
			continue;
		out[n++] = (struct partition){
			.number = i + 1, .type = e[4], .first = first, .count = count
		};
	}
	return n;
}

const char *gpt_error_name(int err)
{
	static const char *names[] = {
		"no GPT signature",
		"bad header size",
		"bad header CRC",
		"header not where it says",
		"usable range outside the disk",
		"bad entry size",
		"bad entry count",
		"entry array outside its place",
		"bad entry array CRC",
	};

	if (err >= 0 || -err > (int)(sizeof(names) / sizeof(names[0])))
		return "no error";
	return names[-err - 1];
}

uint32_t gpt_crc32(const void *data, uint64_t n)
{
	const uint8_t *p = data;
	uint32_t crc = 0xffffffff;

	while (n--) {
		crc ^= *p++;
		for (int bit = 0; bit < 8; bit++)
			crc = crc >> 1 ^ (0xedb88320 & -(crc & 1));
	}
	return ~crc;
}

/* The header's own CRC, computed with its CRC field taken as zero. */
static int header_crc_ok(const uint8_t *sector, uint32_t size)
{
	uint8_t copy[PART_SECTOR];

	memcpy(copy, sector, size);
	memset(copy + GPT_HEADER_CRC_AT, 0, 4);
	return gpt_crc32(copy, size) == le32(sector + GPT_HEADER_CRC_AT);
}

/* The entry size is 128 << n; the array is read in one piece. */
static int check_entries_shape(const struct gpt_header *h)
{
	if (h->entry_size < GPT_ENTRY_MIN || h->entry_size > GPT_ENTRIES_BYTES_MAX ||
	    (h->entry_size & (h->entry_size - 1)))
		return GPT_ENTRY_SIZE;
	if (!h->entry_count || h->entry_count > GPT_ENTRIES_BYTES_MAX / h->entry_size)
		return GPT_ENTRY_COUNT;
	return 0;
}

/* The array lies inside the disk, clear of the headers' sectors and the usable range. */
static int check_entries_place(const struct gpt_header *h, uint64_t sectors)
{
	uint64_t first = h->entries_lba, end = first + gpt_entries_sectors(h);

	if (first < 2 || end > sectors - 1 || first >= sectors)
		return GPT_ENTRIES_OUTSIDE;
	if (first <= h->last_usable && end > h->first_usable)
		return GPT_ENTRIES_OUTSIDE;
	return 0;
}

int gpt_header_check(const uint8_t *sector, uint64_t lba, uint64_t sectors, struct gpt_header *h)
{
	uint32_t size = le32(sector + 12);
	int err;

	if (memcmp(sector, "EFI PART", 8))
		return GPT_SIGNATURE;
	if (size < GPT_HEADER_MIN || size > PART_SECTOR)
		return GPT_HEADER_SIZE;
	if (!header_crc_ok(sector, size))
		return GPT_HEADER_CRC;
	*h = (struct gpt_header){ .lba = le64(sector + 24),
				  .alternate = le64(sector + 32),
				  .first_usable = le64(sector + 40),
				  .last_usable = le64(sector + 48),
				  .entries_lba = le64(sector + 72),
				  .entry_count = le32(sector + 80),
				  .entry_size = le32(sector + 84),
				  .entries_crc = le32(sector + 88) };
	if (h->lba != lba || sectors < 3)
		return GPT_WRONG_LBA;
	if (h->first_usable < 2 || h->first_usable > h->last_usable ||
	    h->last_usable >= sectors - 1)
		return GPT_USABLE_RANGE;
	if ((err = check_entries_shape(h)))
		return err;
	return check_entries_place(h, sectors);
}

uint32_t gpt_entries_sectors(const struct gpt_header *h)
{
	uint64_t bytes = (uint64_t)h->entry_count * h->entry_size;

	return (uint32_t)((bytes + PART_SECTOR - 1) / PART_SECTOR);
}

int gpt_entries_check(const struct gpt_header *h, const uint8_t *entries)
{
	uint64_t bytes = (uint64_t)h->entry_count * h->entry_size;

	return gpt_crc32(entries, bytes) == h->entries_crc ? 0 : GPT_ENTRIES_CRC;
}

/* The MBR type that stands for a GPT type GUID (as it is stored: mixed-endian). */
static uint32_t mbr_type_of(const uint8_t *guid)
{
	static const struct {
		uint8_t guid[GPT_GUID];
		uint32_t type;
	} known[] = {
		/* 0FC63DAF-8483-4772-8E79-3D69D8477DE4: Linux file system data */
		{ { 0xaf, 0x3d, 0xc6, 0x0f, 0x83, 0x84, 0x72, 0x47, 0x8e, 0x79, 0x3d, 0x69, 0xd8,
		    0x47, 0x7d, 0xe4 },
		  0x83 },
		/* 0657FD6D-A4AB-43C4-84E5-0933C84B4F4F: Linux swap */
		{ { 0x6d, 0xfd, 0x57, 0x06, 0xab, 0xa4, 0xc4, 0x43, 0x84, 0xe5, 0x09, 0x33, 0xc8,
		    0x4b, 0x4f, 0x4f },
		  0x82 },
		/* C12A7328-F81F-11D2-BA4B-00A0C93EC93B: EFI system partition */
		{ { 0x28, 0x73, 0x2a, 0xc1, 0x1f, 0xf8, 0xd2, 0x11, 0xba, 0x4b, 0x00, 0xa0, 0xc9,
		    0x3e, 0xc9, 0x3b },
		  0xef },
	};

	for (unsigned i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (!memcmp(guid, known[i].guid, GPT_GUID))
			return known[i].type;
	return GPT_TYPE_OTHER;
}

static int unused(const uint8_t *entry)
{
	static const uint8_t zero[GPT_GUID];

	return !memcmp(entry, zero, GPT_GUID);
}

unsigned gpt_partitions(const struct gpt_header *h, const uint8_t *entries, struct partition *out,
			unsigned max, unsigned *refused)
{
	unsigned n = 0;

	*refused = 0;
	for (uint32_t i = 0; i < h->entry_count; i++) {
		const uint8_t *e = entries + (uint64_t)i * h->entry_size;
		uint64_t first = le64(e + GPT_FIRST_OFFSET), last = le64(e + GPT_LAST_OFFSET);
		if (unused(e))
			continue;
		if (first < h->first_usable || last < first || last > h->last_usable || n == max) {
			++*refused;
			continue;
		}
		out[n++] = (struct partition){ .number = i + 1,
					       .type = mbr_type_of(e),
					       .first = first,
					       .count = last - first + 1 };
	}
	return n;
}
