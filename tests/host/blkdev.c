/* blkdev-server's pure parts: the whole-block pieces of byte transfers (span.c), the
 * mount table's overlaps (mounted.c), and the driver's names of minors (virtblk.h). */
#include <stdlib.h>
#include <string.h>
#include "mounted.h"
#include "span.h"
#include "tap.h"
#include "virtblk.h"

#define MAX (1u << 20)

/* Whether the pieces of a transfer of length bytes at offset, through blocks of bs, each
 * aligned, at most MAX, the fewest whole blocks, tile the transfer's bytes in order. */
static int tiles(uint64_t offset, uint64_t length, uint32_t bs)
{
	uint64_t at = offset;

	while (at < offset + length) {
		struct piece p = span_next(at, offset + length - at, bs, MAX);
		if (p.start % bs || p.length % bs || p.length > MAX || p.skip >= bs || !p.bytes ||
		    p.start + p.skip != at || p.skip + p.bytes > p.length ||
		    p.length - (p.skip + p.bytes) >= bs)
			return 0;
		at += p.bytes;
	}
	return at == offset + length;
}

/* Random transfers, small and large, at random offsets, tile for 512 and 4096. */
static int random_transfers_tile(void)
{
	srand(15);
	for (int i = 0; i < 20000; i++) {
		uint64_t offset = (uint64_t)rand() * 7 % (1ull << 33);
		uint64_t length = 1 + (uint64_t)rand() % (i % 2 ? 3u << 20 : 1200);
		if (!tiles(offset, length, 512) || !tiles(offset, length, 4096))
			return 0;
	}
	return 1;
}

static void spans(void)
{
	struct piece p = span_next(1000001, 1, 512, MAX);

	is(p.start, 1000001 / 512 * 512, "one byte at 1000001: its block's start");
	is(p.length, 512, "one byte: one block");
	is(p.skip, 1000001 % 512, "one byte: skips to it in the block");
	ok(span_head_partial(&p) && span_tail_partial(&p, 512), "one byte: the block is partial");

	p = span_next(0, 440, 512, MAX);
	ok(!span_head_partial(&p), "440 bytes at 0 (an MBR's code): the head is whole");
	ok(span_tail_partial(&p, 512), "440 bytes at 0: the tail is partial");
	is(p.length, 512, "440 bytes at 0: one block");

	p = span_next(446, 66, 512, MAX);
	ok(span_head_partial(&p) && !span_tail_partial(&p, 512),
	   "the partition table (446..512): head partial, tail whole");

	p = span_next(4096, 8192, 512, MAX);
	ok(!span_head_partial(&p) && !span_tail_partial(&p, 512), "aligned 8 KiB: no part partial");
	is(p.length, 8192, "aligned 8 KiB: 8 KiB of blocks");

	p = span_next(100, 3u << 20, 512, MAX);
	is(p.length, MAX, "3 MiB at 100: the first piece is the largest request");
	is(p.bytes, MAX - 100, "3 MiB at 100: it carries all but the skipped bytes");

	p = span_next(512, 3u << 20, 512, MAX);
	is(p.bytes, MAX, "3 MiB aligned: the first piece carries 1 MiB");

	ok(random_transfers_tile(), "20000 random transfers: pieces aligned, minimal, tiling");
}

static void mounts(void)
{
	static const char table[] = "/dev/disk0p1 / ext2 rw 0 0\n"
				    "/dev/disk2 /mnt ext2 ro 0 0\n"
				    "proc /proc proc rw 0 0\n";
	uint32_t len = sizeof(table) - 1;

	ok(mounted_overlaps(table, len, "disk0p1"), "the mounted partition overlaps");
	ok(mounted_overlaps(table, len, "disk0"), "the disk of a mounted partition overlaps");
	ok(!mounted_overlaps(table, len, "disk0p2"), "another partition of that disk does not");
	ok(!mounted_overlaps(table, len, "disk1"), "a disk with nothing mounted does not");
	ok(mounted_overlaps(table, len, "disk2p1"), "a partition of a mounted disk overlaps");
	ok(mounted_overlaps(table, len, "disk2"), "a mounted disk overlaps");
	ok(!mounted_overlaps(table, len, "disk"), "a name that is only a prefix does not");
	ok(!mounted_overlaps("/dev/disk10 /x ext2 rw 0 0", 26, "disk1"),
	   "disk10 mounted: disk1 does not overlap");
	ok(!mounted_overlaps("/dev/disk1", 9, "disk1"), "a table cut short: its bytes only");
	ok(!mounted_overlaps("", 0, "disk0"), "an empty table: nothing overlaps");
}

/* Whether minor's name is want. */
static int named(uint32_t minor, const char *want)
{
	char name[VIRTBLK_NAME];

	return !virtblk_name(minor, name) && !strcmp(name, want);
}

static void names(void)
{
	ok(named(0, "disk0"), "minor 0 (vda): disk0");
	ok(named(1, "disk0p1"), "minor 1 (vda1): disk0p1");
	ok(named(16, "disk1"), "minor 16 (vdb): disk1");
	ok(named(31, "disk1p15"), "minor 31 (vdb15): disk1p15");
	ok(named(127, "disk7p15"), "minor 127: disk7p15, the driver's last");
	char name[VIRTBLK_NAME];
	is(virtblk_name(128, name), -1, "minor 128: past the driver's disks");
}

int main(void)
{
	spans();
	mounts();
	names();
	return done_testing();
}
