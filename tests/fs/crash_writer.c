/*
 * The writer tests/fs/crash.t kills: it never ends, creating, writing (in line, out of
 * line, through shared mappings), overwriting, appending, truncating, renaming and
 * unlinking files with seeded content. Before it makes a file that is to be durable it
 * prints "creating PATH", before it fsyncs that file or its directory "fsync PATH" (or
 * "sync /" before a sync); once the file and then its directory have been fsync'd
 * (POSIX makes a new name durable only so), or everything synced, it prints "durable
 * PATH SIZE CKSUM ok" (CKSUM as POSIX cksum computes it), and never touches that file
 * again but to remove it, after a line "retiring PATH now": until that line the host
 * may expect exactly those bytes after any crash. The rest (churn) happens on files
 * named c*, which are never logged. Each boot writes in directories of its own, /gN
 * and /mnt/gN (on a second disk it mounts there; N the first number free), with the
 * seed base + N (base: the boot argument), and keeps at most KEPT_BYTES of durable
 * files, retiring the oldest; /churn is shared by every boot.
 * usage: crash_writer BASE_SEED
 */
#include <errno.h>
#include <fs.h>
#include <ipc.h>
#include <linux/fcntl.h>
#include <linux/fs.h>
#include <masque/rights.h>
#include <masque/vm.h>
#include <ns.h>
#include <self.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <trap.h>

#define DIRS	    4	       /* /gN/d0 .. d2 and /mnt/gN (a second disk), and /churn */
#define SYNC_DIR    (DIRS - 1) /* /mnt/gN: its files made durable by sync alone */
#define CHURN_NAMES 8	       /* c0 .. c7 in each directory */
#define DURABLE_MAX (384 * 1024)
#define CHURN_MAX   (96 * 1024)
/* The durable files a boot keeps, at most: older ones are retired, so that the disks
 * (128 and 64 MiB) last 20 boots however fast the writer goes. */
#define KEPT_BYTES (3u << 20)
#define KEPT_MAX   512
#define INLINE_MAX 8192
#define LARGE_MAX  (256 * 1024)
#define PAGE	   4096

static port_name_t root;
static port_name_t dirs[DIRS + 1];   /* the last one is /churn */
static char dir_paths[DIRS + 1][16]; /* relative to / */
static uint64_t rng_state;
static uint8_t content[DURABLE_MAX];

/* This boot's durable files still kept, oldest first (a ring). */
static struct kept {
	uint32_t serial, size;
	uint8_t dir;
} kept[KEPT_MAX];
static uint32_t kept_first, kept_count, kept_bytes;

/* xorshift64*: the one source of every choice, so a seed replays a run. */
static uint64_t rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 2685821657736338717ull;
}

static uint32_t below(uint32_t n)
{
	return (uint32_t)(rnd() % n);
}

/* The CRC POSIX cksum prints: the bytes, then the length, least significant byte
 * first and without its leading zero bytes; complemented. */
static uint32_t crc_byte(uint32_t crc, uint8_t byte)
{
	crc ^= (uint32_t)byte << 24;
	for (int i = 0; i < 8; i++)
		crc = crc & 0x80000000u ? (crc << 1) ^ 0x04c11db7u : crc << 1;
	return crc;
}

static uint32_t cksum(const uint8_t *bytes, uint32_t size)
{
	uint32_t crc = 0;
	for (uint32_t i = 0; i < size; i++)
		crc = crc_byte(crc, bytes[i]);
	for (uint32_t n = size; n; n >>= 8)
		crc = crc_byte(crc, (uint8_t)n);
	return ~crc;
}

/* Something went wrong that a healthy file system never does: say so and stop, so
 * the host finds the line (and no further durable ones). */
static _Noreturn void fail(const char *what, const char *path, int64_t r)
{
	printf("crash_writer: FAILED %s %s: %ld\n", what, path, r);
	exit(1);
}

static port_name_t open_at(port_name_t dir, const char *path, uint32_t flags, uint32_t mode)
{
	port_name_t file;
	uint32_t type;
	int64_t r = rpc_fs_open(dir, path, flags, mode, &file, &type);
	if (r)
		fail("open", path, r);
	return file;
}

static void close_handle(port_name_t h)
{
	port_mod_refs(h, RIGHT_SEND, -1);
}

static void must(int64_t r, const char *what, const char *path)
{
	if (r < 0)
		fail(what, path, r);
}

/* Write content[from, to) at the same offsets, in pieces of random sizes, in line or
 * out of line. */
static void write_pieces(port_name_t f, const char *path, uint32_t from, uint32_t to)
{
	while (from < to) {
		int large = below(3) == 0;
		uint32_t n = 1 + below(large ? LARGE_MAX : INLINE_MAX);
		if (n > to - from)
			n = to - from;
		int64_t r = large ? rpc_fs_write_large(f, from, content + from, n)
				  : rpc_fs_write(f, from, content + from, n);
		if (r != (int64_t)n)
			fail("write", path, r);
		from += n;
	}
}

/* The durable file's hole, [hole_at, hole_end) of content (zeros), never written:
 * empty if they are equal. */
static uint32_t hole_at, hole_end;

/* Write content[from, to) but the hole. */
static void write_range(port_name_t f, const char *path, uint32_t from, uint32_t to)
{
	write_pieces(f, path, from, to < hole_at ? to : hole_at);
	write_pieces(f, path, from > hole_end ? from : hole_end, to);
}

/* Mostly small files, a few up to DURABLE_MAX (indirect and double indirect blocks). */
static uint32_t durable_size(void)
{
	uint32_t kind = below(20);
	if (kind < 14)
		return below(4097);
	if (kind < 19)
		return 4096 + below(32 * 1024);
	return 32 * 1024 + below(DURABLE_MAX - 32 * 1024);
}

/* The content of a durable file of size bytes: random, with a hole now and then. */
static void make_content(uint32_t size)
{
	for (uint32_t i = 0; i < size; i += 8) {
		uint64_t v = rnd();
		memcpy(content + i, &v, size - i < 8 ? size - i : 8);
	}
	hole_at = hole_end = 0;
	if (size > 16384 && below(3) == 0) {
		uint32_t len = 4096 + below(size / 2);
		hole_at = below(size / 2);
		hole_end = len > size - hole_at ? size : hole_at + len;
		memset(content + hole_at, 0, hole_end - hole_at);
	}
}

/* The mapping of the last durable file written through memory, kept until the next
 * one is made: its pages stay the kernel's, dirty unless fsync asked for them back,
 * through every fsync and sync in between. */
static uint64_t mapped_at, mapped_size;

/* Put content[0, size) in the open file through a shared mapping of it. */
static void fill_mapped(port_name_t f, const char *path, uint32_t size)
{
	uint64_t span = ((uint64_t)size + PAGE - 1) & ~(uint64_t)(PAGE - 1);
	port_name_t object;
	must(rpc_fs_truncate(f, size), "truncate", path);
	must(rpc_fs_map(f, 1, &object), "map", path);
	struct vm_map_args a = { .size = span,
				 .object = object,
				 .protection = VM_PROT_READ | VM_PROT_WRITE,
				 .max_protection = VM_PROT_READ | VM_PROT_WRITE,
				 .inheritance = VM_INHERIT_SHARE };
	int64_t at = vm_map(self_task, &a);
	port_mod_refs(object, RIGHT_SEND, -1);
	must(at, "vm_map", path);
	if (hole_at == hole_end) {
		memcpy((uint8_t *)at, content, size);
	} else {
		memcpy((uint8_t *)at, content, hole_at);
		memcpy((uint8_t *)at + hole_end, content + hole_end, size - hole_end);
	}
	if (mapped_size)
		vm_deallocate(self_task, mapped_at, mapped_size);
	mapped_at = (uint64_t)at;
	mapped_size = span;
}

/* Put content[0, size) in the open file: front to back, back to front in two halves,
 * over garbage written first, or through a mapping; the hole is left for the file
 * system to fill with zeros, and a hole at the end is made by setting the size. */
static void fill(port_name_t f, const char *path, uint32_t size)
{
	uint32_t half = size / 2, i;
	switch (size ? below(4) : 0) {
	case 0:
		write_range(f, path, 0, size);
		break;
	case 1:
		write_range(f, path, half, size);
		write_range(f, path, 0, half);
		break;
	case 2:
		for (i = 0; i < half; i++)
			content[i] ^= 0xa5;
		write_range(f, path, 0, half);
		for (i = 0; i < half; i++)
			content[i] ^= 0xa5;
		write_range(f, path, 0, size);
		break;
	case 3:
		fill_mapped(f, path, size);
		break;
	}
	if (hole_at < hole_end && hole_end == size)
		must(rpc_fs_truncate(f, size), "truncate", path);
}

/* One more durable file in directory d: written under its name, or under a temporary
 * one renamed once it is fsync'd (the atomic-replace pattern); made durable by fsync
 * of the file, then of its directory, or by one sync of the whole (always on the
 * second disk, which no fsync writes back then: sync must reach every mounted disk);
 * then logged. */
static uint32_t make_durable(uint32_t d, uint32_t serial)
{
	uint32_t size = durable_size();
	int renamed = below(2), by_sync = below(4) == 0 || d == SYNC_DIR;
	char name[16], temp[16];
	snprintf(name, sizeof(name), "f%u", serial);
	snprintf(temp, sizeof(temp), "t%u", serial);
	make_content(size);
	printf("creating /%s/%s\n", dir_paths[d], name);
	port_name_t f = open_at(dirs[d], renamed ? temp : name, O_CREAT | O_EXCL | O_RDWR, 0644);
	fill(f, name, size);
	if (!by_sync) {
		printf("fsync /%s/%s\n", dir_paths[d], renamed ? temp : name);
		must(rpc_fs_fsync(f, 0), "fsync", name);
	}
	close_handle(f);
	if (renamed)
		must(rpc_fs_rename(dirs[d], temp, dirs[d], name, 0), "rename", temp);
	if (by_sync) {
		printf("sync /\n");
		must(rpc_fs_sync(root), "sync", "/");
	} else {
		printf("fsync /%s\n", dir_paths[d]);
		must(rpc_fs_fsync(dirs[d], 0), "fsync", dir_paths[d]);
	}
	printf("durable /%s/%s %u %u ok\n", dir_paths[d], name, size, cksum(content, size));
	return size;
}

static void keep(uint32_t d, uint32_t serial, uint32_t size)
{
	kept[(kept_first + kept_count) % KEPT_MAX] =
		(struct kept){ .serial = serial, .size = size, .dir = (uint8_t)d };
	kept_count++;
	kept_bytes += size;
}

/* Remove this boot's oldest durable file, saying so first: from that line on, the host
 * expects the file no more. */
static void retire_oldest(void)
{
	struct kept *k = &kept[kept_first];
	char name[16];
	snprintf(name, sizeof(name), "f%u", k->serial);
	printf("retiring /%s/%s now\n", dir_paths[k->dir], name);
	must(rpc_fs_unlink(dirs[k->dir], name, 0), "unlink", name);
	kept_first = (kept_first + 1) % KEPT_MAX;
	kept_count--;
	kept_bytes -= k->size;
}

/* Random bytes for a churn write of n bytes. */
static void churn_bytes(uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		content[i] = (uint8_t)rnd();
}

/* One change to a churn file: a name that may or may not exist, so -ENOENT is fine. */
static void churn(void)
{
	uint32_t d = below(DIRS + 1), op = below(7), n = 1 + below(CHURN_MAX);
	char name[8], other[8];
	snprintf(name, sizeof(name), "c%u", below(CHURN_NAMES));
	snprintf(other, sizeof(other), "c%u", below(CHURN_NAMES));
	if (op == 0) {
		int64_t r = rpc_fs_unlink(dirs[d], name, 0);
		if (r && r != -ENOENT)
			fail("unlink", name, r);
		return;
	}
	if (op == 1) {
		int64_t r = rpc_fs_rename(dirs[d], name, dirs[below(DIRS + 1)], other, 0);
		if (r && r != -ENOENT && r != -EXDEV) /* -EXDEV: from one disk to the other */
			fail("rename", name, r);
		return;
	}
	uint32_t flags = O_CREAT | O_WRONLY | (op == 2 ? O_TRUNC : 0) | (op == 3 ? O_APPEND : 0);
	int64_t at = op == 3 ? -1 : (int64_t)below(CHURN_MAX);
	port_name_t f = open_at(dirs[d], name, flags, 0644);
	churn_bytes(n);
	if (op == 4)
		must(rpc_fs_truncate(f, below(CHURN_MAX)), "truncate", name);
	else if (n > INLINE_MAX)
		must(rpc_fs_write_large(f, at, content, n), "write", name);
	else
		must(rpc_fs_write(f, at, content, n), "write", name);
	if (op == 5 && d != SYNC_DIR) /* the second disk is written back by sync alone */
		must(rpc_fs_fsync(f, 0), "fsync", name);
	close_handle(f);
}

/* Remove the churn files in dir that an earlier boot left there. */
static void remove_churn(port_name_t dir)
{
	char name[8];
	for (uint32_t i = 0; i < CHURN_NAMES; i++) {
		snprintf(name, sizeof(name), "c%u", i);
		int64_t r = rpc_fs_unlink(dir, name, 0);
		if (r && r != -ENOENT)
			fail("unlink", name, r);
	}
}

/* /churn, made if missing, emptied of what earlier boots left there. */
static void open_churn(void)
{
	int64_t r = rpc_fs_mkdir(root, "churn", 0755);
	if (r && r != -EEXIST)
		fail("mkdir", "churn", r);
	strlcpy(dir_paths[DIRS], "churn", sizeof(dir_paths[DIRS]));
	dirs[DIRS] = open_at(root, "churn", O_RDONLY | O_DIRECTORY, 0);
	remove_churn(dirs[DIRS]);
}

/* Where boot run keeps its durable files of directory d: d0 .. d2 under /gN, the last
 * on the second disk. */
static void dir_path(char *path, size_t size, uint32_t run, uint32_t d)
{
	if (d < DIRS - 1)
		snprintf(path, size, "g%u/d%u", run, d);
	else
		snprintf(path, size, "mnt/g%u", run);
}

/* The previous boot's directories keep only their durable files (and perhaps one
 * temporary file a crash left before its rename), so the disks last every boot. */
static void clean_previous(uint32_t run)
{
	char path[24];
	for (uint32_t d = 0; run > 1 && d < DIRS; d++) {
		dir_path(path, sizeof(path), run - 1, d);
		port_name_t dir;
		uint32_t type;
		int64_t r = rpc_fs_open(root, path, O_RDONLY | O_DIRECTORY, 0, &dir, &type);
		if (r == -ENOENT)
			continue;
		if (r)
			fail("open", path, r);
		remove_churn(dir);
		close_handle(dir);
	}
}

/* The second disk, mounted on /mnt. */
static void mount_second(void)
{
	int64_t r = rpc_fs_mkdir(root, "mnt", 0755);
	if (r && r != -EEXIST)
		fail("mkdir", "mnt", r);
	must(rpc_fs_mount(root, "mnt", "disk2", 0), "mount", "mnt");
}

static void fsync_path(const char *path)
{
	port_name_t dir = open_at(root, path, O_RDONLY | O_DIRECTORY, 0);
	must(rpc_fs_fsync(dir, 0), "fsync", path);
	close_handle(dir);
}

/* The first /gN that does not exist yet, made with its directories (and /mnt/gN); the
 * churn of earlier boots removed; all of it durable. */
static uint32_t new_run_dir(void)
{
	char path[16];
	uint32_t run = 1;
	int64_t r;
	for (;; run++) {
		snprintf(path, sizeof(path), "g%u", run);
		r = rpc_fs_mkdir(root, path, 0755);
		if (r != -EEXIST)
			break;
	}
	must(r, "mkdir", path);
	for (uint32_t d = 0; d < DIRS; d++) {
		dir_path(dir_paths[d], sizeof(dir_paths[d]), run, d);
		must(rpc_fs_mkdir(root, dir_paths[d], 0755), "mkdir", dir_paths[d]);
		dirs[d] = open_at(root, dir_paths[d], O_RDONLY | O_DIRECTORY, 0);
	}
	open_churn();
	clean_previous(run);
	fsync_path(path);
	fsync_path("mnt");
	fsync_path(".");
	return run;
}

/* The write-back test: when the host put /writeback on the disk, a file written and
 * never synced, then time for the fs-server's write-back clock to write it, said on
 * the console, before the host kills the machine and looks for the file. */
static void unsynced_file(void)
{
	static const char text[] = "written, never synced\n";
	port_name_t f = PORT_NULL, idle;
	uint32_t type;
	struct msg_header h;

	if (rpc_fs_open(root, "writeback", O_RDONLY, 0, &f, &type))
		return;
	close_handle(f);
	f = open_at(root, "writeback.out", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	must(rpc_fs_write(f, 0, text, sizeof(text) - 1), "write", "writeback.out");
	close_handle(f);
	printf("crash_writer: unsynced written\n");
	idle = (port_name_t)port_allocate(RIGHT_RECEIVE);
	msg_receive_timeout(idle, &h, sizeof(h), 8000000000ull); /* past the 5 s clock */
	printf("crash_writer: unsynced slept\n");
	for (;;)
		msg_receive(idle, &h, sizeof(h));
}

static uint64_t parse_seed(int argc, char **argv)
{
	uint64_t seed = 0;
	for (const char *p = argc > 1 ? argv[1] : ""; *p >= '0' && *p <= '9'; p++)
		seed = seed * 10 + (uint64_t)(*p - '0');
	return seed;
}

int main(int argc, char **argv)
{
	uint64_t seed = parse_seed(argc, argv);
	uint32_t serial = 0;
	if (rpc_ns_lookup(bootstrap_port, "fs", &root))
		fail("lookup", "fs", -ENOENT);
	mount_second();
	unsynced_file();
	uint32_t run = new_run_dir();
	seed += run;
	rng_state = seed * 0x9e3779b97f4a7c15ull | 1;
	printf("crash_writer: run %u seed %lu writing\n", run, seed);
	for (;;) {
		uint32_t op = below(100);
		if (op < 20) {
			uint32_t d = below(DIRS);
			keep(d, serial, make_durable(d, serial));
			serial++;
			while (kept_count == KEPT_MAX || kept_bytes > KEPT_BYTES)
				retire_oldest();
		} else if (op < 23) {
			must(rpc_fs_sync(root), "sync", "/");
		} else {
			churn();
		}
	}
}
