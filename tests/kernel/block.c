/*
 * The virtio-blk driver through the block protocol: info of the disk and its
 * partitions against the MBR, the ext2 superblock, writes read back at several sizes
 * on the swap partition (scratch space: partition 1 is only ever read), many requests
 * at once from several client tasks, refusal of bad requests, flush, clients killed
 * with requests in flight, device errors, and the throughput of 1 MiB transfers.
 */
#include <block.h>
#include <errno.h>
#include <ipc.h>
#include <masque/error.h>
#include <ns.h>
#include <self.h>
#include <string.h>
#include <trap.h>
#include "msgs.h"
#include "tap.h"

#define KiB	1024u
#define MiB	(1024 * 1024u)
#define SECTOR	512u
#define WAIT_MS 20000

/* Where the tests write in partition 2. */
#define SIZES_AREA  (0 * MiB)
#define SHARED_AREA (16 * MiB) /* SHARED_SPAN bytes written once, read by every client */
#define SHARED_SPAN (2 * MiB)
#define CLIENT_AREA (32 * MiB) /* CLIENT_SPAN bytes for each client */
#define CLIENT_SPAN (4 * MiB)
#define DYING_AREA  (64 * MiB)
#define TIMING_AREA (96 * MiB)

#define CLIENTS	      8
#define ROUNDS	      6
#define DYING_CLIENTS 3
#define TIMING_RUNS   4

struct partition {
	uint32_t type;
	uint64_t start, size; /* bytes */
};

static port_name_t disk, part1, part2, report;
static struct partition mbr[4];
static uint8_t *buffer; /* MiB bytes for writes */

static const uint32_t sizes[] = { SECTOR, 3 * SECTOR, 4 * KiB, 64 * KiB, 256 * KiB, MiB };
#define SIZE_COUNT (sizeof(sizes) / sizeof(sizes[0]))

/* The word a test writes at byte offset of a partition, for the writer tag. */
static uint64_t word_at(uint64_t tag, uint64_t offset)
{
	return (offset * 0x9e3779b97f4a7c15ull) ^ (tag << 48) ^ 0x5a5a5a5a;
}

static void fill(uint8_t *p, uint32_t len, uint64_t tag, uint64_t offset)
{
	for (uint32_t i = 0; i < len; i += 8)
		*(uint64_t *)(p + i) = word_at(tag, offset + i);
}

/* How many words of p differ from what fill would have put there. */
static uint32_t mismatches(const uint8_t *p, uint32_t len, uint64_t tag, uint64_t offset)
{
	uint32_t bad = 0;

	for (uint32_t i = 0; i < len; i += 8)
		bad += *(const uint64_t *)(p + i) != word_at(tag, offset + i);
	return bad;
}

/* Read len bytes at offset into fresh memory; -> the result, the memory in *out. */
static int64_t read_at(port_name_t vol, uint64_t offset, uint32_t len, uint8_t **out)
{
	void *bytes = NULL;
	uint32_t size = 0;
	int64_t r = rpc_block_read(vol, offset, len, &bytes, &size);

	if (r == 0 && size != len) {
		vm_deallocate(self_task, (uint64_t)bytes, size);
		r = KERN_INVALID_MSG;
	}
	*out = r == 0 ? bytes : NULL;
	return r;
}

static void release(uint8_t *p, uint32_t len)
{
	if (p)
		vm_deallocate(self_task, (uint64_t)p, len);
}

/* Write a tagged pattern of len bytes at offset, read it back; -> words wrong, or
 * a negative result. */
static int64_t write_and_check(port_name_t vol, uint64_t offset, uint32_t len, uint64_t tag,
			       uint8_t *scratch)
{
	uint8_t *got;
	int64_t r;

	fill(scratch, len, tag, offset);
	if ((r = rpc_block_write(vol, offset, scratch, len)) ||
	    (r = read_at(vol, offset, len, &got)))
		return r;
	r = mismatches(got, len, tag, offset);
	release(got, len);
	return r;
}

static port_name_t lookup(const char *name)
{
	port_name_t p = PORT_NULL;

	return rpc_ns_lookup(bootstrap_port, name, &p) ? PORT_NULL : p;
}

static uint32_t le32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

/* --- what the disks are ------------------------------------------------------------ */

static void check_info(const char *name, port_name_t vol, const struct partition *want)
{
	uint64_t size = 0;
	uint32_t block = 0, type = 0;
	int64_t r = rpc_block_info(vol, &size, &block, &type);

	ok(r == 0 && size == want->size && block == SECTOR && type == want->type,
	   "info of %s: %lu bytes in blocks of %u, type 0x%x (the MBR says %lu bytes, 0x%x)", name,
	   size, block, type, want->size, want->type);
}

static void test_layout(void)
{
	uint64_t disk_size = 0;
	uint32_t block = 0, type = 0;
	port_name_t none;
	uint8_t *s;

	ok(disk && part1 && part2, "disk0, disk0p1 and disk0p2 are registered");
	is(rpc_ns_lookup(bootstrap_port, "disk0p3", &none), -ENOENT, "an empty MBR slot is not");
	is(rpc_block_info(disk, &disk_size, &block, &type), 0, "info of disk0");
	ok(disk_size >= 400 * MiB && block == SECTOR && type == 0,
	   "disk0: %lu bytes in blocks of %u, type %u", disk_size, block, type);

	if (!is(read_at(disk, 0, SECTOR, &s), 0, "read the MBR"))
		return;
	ok(s[510] == 0x55 && s[511] == 0xaa, "it ends with the signature 0x55aa");
	for (int i = 0; i < 4; i++) {
		const uint8_t *e = s + 446 + 16 * i;
		mbr[i] = (struct partition){ .type = e[4],
					     .start = (uint64_t)le32(e + 8) * SECTOR,
					     .size = (uint64_t)le32(e + 12) * SECTOR };
	}
	release(s, SECTOR);
	ok(mbr[0].type == 0x83 && mbr[1].type == 0x82 &&
		   mbr[1].start >= mbr[0].start + mbr[0].size &&
		   mbr[1].start + mbr[1].size <= disk_size,
	   "partition 1 is ext2 (0x83), partition 2 swap (0x82) after it, inside the disk");
	check_info("disk0p1", part1, &mbr[0]);
	check_info("disk0p2", part2, &mbr[1]);
}

static void test_superblock(void)
{
	uint8_t *sb, *raw;

	if (!is(read_at(part1, 1024, 1024, &sb), 0, "read the superblock from disk0p1"))
		return;
	ok((sb[56] | sb[57] << 8) == 0xef53, "its magic is 0xef53");
	if (is(read_at(disk, mbr[0].start + 1024, 1024, &raw), 0, "read it through disk0")) {
		ok(!memcmp(sb, raw, 1024), "a partition's offsets start at the partition");
		release(raw, 1024);
	}
	release(sb, 1024);
}

/* --- reading back what was written -------------------------------------------------- */

static void test_sizes(void)
{
	uint64_t offset = SIZES_AREA;
	uint8_t *raw;

	for (unsigned i = 0; i < SIZE_COUNT; i++, offset += 2 * MiB) {
		int64_t r = write_and_check(part2, offset, sizes[i], i + 1, buffer);
		ok(r == 0, "write %u bytes to disk0p2 and read them back (result %ld)", sizes[i],
		   r);
	}
	if (is(read_at(disk, mbr[1].start + SIZES_AREA, SECTOR, &raw), 0,
	       "read one through disk0")) {
		ok(!mismatches(raw, SECTOR, 1, SIZES_AREA),
		   "writes land at the partition's offset");
		release(raw, SECTOR);
	}
	uint64_t last = mbr[1].size - SECTOR;
	is(write_and_check(part2, last, SECTOR, 99, buffer), 0,
	   "the last block can be written and read");
}

/* Client id: rounds of writes to its own area and reads of the shared one; reports
 * the words it found wrong (or a failed request as all wrong). */
static void client(uint64_t id)
{
	uint64_t bad = 0;
	uint8_t *got;

	for (unsigned round = 0; round < ROUNDS; round++) {
		uint32_t len = sizes[(id + round) % SIZE_COUNT];
		uint64_t offset = CLIENT_AREA + id * CLIENT_SPAN + (round % 3) * MiB;
		int64_t r = write_and_check(part2, offset, len, 100 + id * ROUNDS + round, buffer);
		bad += r < 0 ? len : (uint64_t)r;

		/* every other round 1 MiB: together more than the driver's bounce buffers */
		uint32_t rlen = round % 2 ? sizes[(id * 7 + round * 3) % SIZE_COUNT] : MiB;
		uint64_t roffset = (id * 37 + round * 11) * 4 * KiB % (SHARED_SPAN - rlen + 1);
		roffset = SHARED_AREA + roffset - roffset % SECTOR;
		if (read_at(part2, roffset, rlen, &got)) {
			bad += rlen;
			continue;
		}
		bad += mismatches(got, rlen, 50, roffset);
		release(got, rlen);
	}
	send_word(report, MSG_COPY_SEND, id, bad);
}

static void test_clients(void)
{
	struct word_msg m;
	port_name_t tasks[CLIENTS];
	uint64_t bad = 0;
	int reported = 0;
	int64_t r = 0;

	for (uint64_t at = SHARED_AREA; at < SHARED_AREA + SHARED_SPAN && !r; at += MiB) {
		fill(buffer, MiB, 50, at);
		r = rpc_block_write(part2, at, buffer, MiB);
	}
	if (!is(r, 0, "write the area all clients read"))
		return;
	uint64_t t0 = clock_now();
	for (int i = 0; i < CLIENTS; i++)
		tasks[i] = spawn(client, i);
	for (int i = 0; i < CLIENTS && recv_word(report, &m, WAIT_MS) == 0; i++) {
		reported++;
		bad += m.word;
	}
	uint64_t ms = (clock_now() - t0) / 1000000;
	ok(reported == CLIENTS && bad == 0,
	   "%d clients x %d rounds of writes, read-backs and shared reads (512 B..1 MiB) at once: "
	   "%d reported, %lu words wrong",
	   CLIENTS, ROUNDS, reported, bad);
	diag("the clients took %lu ms", ms);
	for (int i = 0; i < CLIENTS; i++) {
		wait_task_end(tasks[i], WAIT_MS);
		port_destroy(tasks[i]);
	}
}

/* --- refusals, flush ----------------------------------------------------------------- */

static void test_refusals(void)
{
	uint64_t end = mbr[1].size;
	void *bytes;
	uint32_t size;

	is(rpc_block_read(part2, 100, SECTOR, &bytes, &size), -EINVAL,
	   "an unaligned offset is refused");
	is(rpc_block_read(part2, 0, 100, &bytes, &size), -EINVAL, "an unaligned length is refused");
	is(rpc_block_read(part2, 0, 0, &bytes, &size), -EINVAL, "an empty read is refused");
	is(rpc_block_read(part2, 0, MiB + SECTOR, &bytes, &size), -EINVAL,
	   "more than 1 MiB is refused");
	is(rpc_block_read(part2, end, SECTOR, &bytes, &size), -EINVAL,
	   "a read at the end is refused");
	is(rpc_block_read(part2, end - SECTOR, 2 * SECTOR, &bytes, &size), -EINVAL,
	   "a read across the end is refused");
	is(rpc_block_read(part2, ~0ull - SECTOR + 1, SECTOR, &bytes, &size), -EINVAL,
	   "an offset that wraps around is refused");
	is(rpc_block_write(part2, 0, buffer, 100), -EINVAL, "an unaligned write is refused");
	is(rpc_block_write(part2, end - SECTOR, buffer, 2 * SECTOR), -EINVAL,
	   "a write across the partition's end is refused");
	is(rpc_block_write(part2, 0, buffer, MiB + SECTOR), -EINVAL,
	   "a write of more than 1 MiB is refused");
	is(rpc_block_flush(disk), 0, "flush disk0");
	is(rpc_block_flush(part2), 0, "flush disk0p2");
}

/* The second disk of kernel.t fails reads of sector 64 and writes of sector 128. */
static void test_device_errors(void)
{
	port_name_t bad = lookup("disk1");
	void *bytes;
	uint32_t size;
	uint8_t *got;

	if (!bad) {
		ok(1, "device errors # SKIP no disk1 (kernel.t adds a disk that fails)");
		return;
	}
	is(rpc_block_read(bad, 64 * SECTOR, SECTOR, &bytes, &size), -EIO,
	   "a read the device fails is answered -EIO");
	is(rpc_block_read(bad, 60 * SECTOR, 4 * KiB, &bytes, &size), -EIO,
	   "so is one that covers the failing sector");
	fill(buffer, 4 * KiB, 5, 128 * SECTOR);
	is(rpc_block_write(bad, 128 * SECTOR, buffer, 4 * KiB), -EIO,
	   "a failed write is answered -EIO");
	is(write_and_check(bad, 0, 4 * KiB, 6, buffer), 0, "the rest of that disk works");
	if (is(read_at(part2, SIZES_AREA, 64 * KiB, &got), 0, "and so does disk0")) {
		ok(!mismatches(got, 64 * KiB, 7, SIZES_AREA), "with the data it had");
		release(got, 64 * KiB);
	}
	port_mod_refs(bad, RIGHT_SEND, -1);
}

/* --- clients that die ------------------------------------------------------------------ */

static void dying_client(uint64_t id)
{
	uint8_t *got;

	send_word(report, MSG_COPY_SEND, id, 0);
	for (unsigned i = 0;; i++) {
		uint64_t offset = DYING_AREA + (id * 4 + i % 4) * MiB;
		if (i % 2)
			rpc_block_write(part2, offset, buffer, MiB);
		else if (read_at(part2, offset, MiB, &got) == 0)
			release(got, MiB);
	}
}

static void test_dying_clients(void)
{
	struct word_msg m;
	port_name_t tasks[DYING_CLIENTS];
	int started = 0;

	for (int i = 0; i < DYING_CLIENTS; i++)
		tasks[i] = spawn(dying_client, i);
	for (int i = 0; i < DYING_CLIENTS; i++)
		started += recv_word(report, &m, WAIT_MS) == 0;
	sleep_ms(30);
	for (int i = 0; i < DYING_CLIENTS; i++) {
		task_terminate(tasks[i]);
		port_destroy(tasks[i]);
	}
	is(started, DYING_CLIENTS, "clients busy with 1 MiB requests, killed in the middle");
	is(write_and_check(part2, SIZES_AREA, 64 * KiB, 7, buffer), 0,
	   "the driver serves the next client as before");
}

/* --- throughput ------------------------------------------------------------------------ */

static void test_throughput(void)
{
	uint64_t t0 = clock_now(), t1, t2;
	int64_t r = 0;
	uint8_t *got;

	fill(buffer, MiB, 9, TIMING_AREA);
	for (int i = 0; i < TIMING_RUNS && !r; i++)
		r = rpc_block_write(part2, TIMING_AREA + i * MiB, buffer, MiB);
	t1 = clock_now();
	for (int i = 0; i < TIMING_RUNS && !r; i++)
		if (!(r = read_at(part2, TIMING_AREA + i * MiB, MiB, &got)))
			release(got, MiB);
	t2 = clock_now();
	is(r, 0, "1 MiB writes and reads, one at a time");
	uint64_t write_us = (t1 - t0) / 1000 / TIMING_RUNS,
		 read_us = (t2 - t1) / 1000 / TIMING_RUNS;
	diag("1 MiB write: %lu us (%lu MiB/s); 1 MiB read: %lu us (%lu MiB/s)", write_us,
	     1000000 / (write_us ? write_us : 1), read_us, 1000000 / (read_us ? read_us : 1));
}

int main(void)
{
	int64_t b = vm_allocate(self_task, 0, MiB + SECTOR, VM_ANYWHERE);

	report = port_allocate(RIGHT_RECEIVE);
	port_insert_right(self_task, report, report, MSG_MAKE_SEND);
	disk = lookup("disk0");
	part1 = lookup("disk0p1");
	part2 = lookup("disk0p2");
	if (!ok(b > 0, "memory for the tests"))
		return 1;
	buffer = (uint8_t *)b;
	test_layout();
	if (!mbr[1].size)
		return 1;
	test_superblock();
	test_sizes();
	test_clients();
	test_refusals();
	test_dying_clients();
	test_device_errors();
	test_throughput();
	return 0;
}
