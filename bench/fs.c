/*
 * File-system costs in cycles, through the fs-server (ext2 over the virtio-blk driver)
 * as a client of the file protocol sees them: a 64 MiB file written and read
 * sequentially 1 MiB a call, 1,000 small files created, stat'ed and unlinked, and pages
 * of a file brought in through a mapping. The disk is disk2, a scratch ext2 file system
 * tools/bench.sh makes; it is mounted on /bench and mounted afresh before each cold
 * measurement, so that nothing of the file is in the fs-server's cache or in memory.
 *
 * Each figure is what a Linux program doing the same calls would measure (issue 13
 * puts them side by side): write(fd, buf, 1 MiB) 64 times then fsync; read(fd, buf,
 * 1 MiB) 64 times on a cold cache; per file open(O_CREAT)+write(512 bytes)+close,
 * stat(path), unlink(path); per page, the first touch of a read-only shared mapping.
 *
 * Arguments (for a short run): mib=N (the file's size, default 64), files=N (1000),
 * pages=N (4096, at most mib * 256).
 */
#include <errno.h>
#include <fs.h>
#include <ipc.h>
#include <linux/fcntl.h>
#include <masque/page_size.h>
#include <masque/pager.h>
#include <masque/rights.h>
#include <ns.h>
#include <self.h>
#include <stdio.h>
#include <string.h>
#include <trap.h>
#include "measure.h"

#define DEVICE	    "disk2" /* tools/bench.sh: disk0 the boot image, disk1 the root */
#define MOUNTED	    "bench"
#define BIG	    "bench/big"
#define MIB	    (1u << 20)
#define PAGE	    4096u
#define SMALL_BYTES 512
#define MAX_MIB	    256
#define MAX_FILES   10000
#define MAX_PAGES   16384

static port_name_t root;
static uint64_t mib_samples[MAX_MIB];
static uint64_t create_samples[MAX_FILES], stat_samples[MAX_FILES], unlink_samples[MAX_FILES];
static uint64_t page_samples[MAX_PAGES];

static uint64_t number_arg(int argc, char **argv, const char *key, uint64_t otherwise,
			   uint64_t most)
{
	size_t n = strlen(key);

	for (int i = 1; i < argc; i++) {
		if (strncmp(argv[i], key, n) || argv[i][n] != '=')
			continue;
		uint64_t v = 0;
		for (const char *p = argv[i] + n + 1; *p >= '0' && *p <= '9'; p++)
			v = v * 10 + (uint64_t)(*p - '0');
		otherwise = v;
	}
	return otherwise < 1 ? 1 : otherwise > most ? most : otherwise;
}

/* Say what failed; the benchmark stops there, and its missing lines show it. */
static int failed(const char *what, int64_t r)
{
	printf("bench fs: %s failed (%ld)\n", what, r);
	return r < 0 ? (int)r : -EIO;
}

static int64_t open_at(const char *path, uint32_t flags, uint32_t mode)
{
	port_name_t file;
	uint32_t type;
	int64_t r = rpc_fs_open(root, path, flags, mode, &file, &type);

	return r ? r : (int64_t)file;
}

static void close_handle(int64_t h)
{
	port_mod_refs((port_name_t)h, RIGHT_SEND, -1);
}

/* A short wait, for the server to hear of a closed handle or an unmapping. */
static void pause_ms(uint64_t ms)
{
	struct msg_header h;
	int64_t port = port_allocate(RIGHT_RECEIVE);

	if (port >= 0) {
		msg_receive_timeout(port, &h, sizeof(h), ms * 1000000);
		port_destroy(port);
	}
}

/* Unmount the bench disk and mount it again, so that what comes next starts cold. The
 * server hears of closed handles and unmappings by notifications, which may come after
 * the unmount request: -EBUSY is tried again for a while. */
static int remount(void)
{
	int64_t r = -EBUSY;

	for (int tries = 0; tries < 100 && r == -EBUSY; tries++)
		if ((r = rpc_fs_unmount(root, MOUNTED, 0)) == -EBUSY)
			pause_ms(20);
	if (r)
		return failed("unmount", r);
	if ((r = rpc_fs_mount(root, MOUNTED, DEVICE, 0)))
		return failed("mount", r);
	return 0;
}

/* The byte at offset of the big file: each page says which page it is. */
static uint8_t big_byte(uint64_t offset)
{
	return (uint8_t)(offset / PAGE * 7 + 1);
}

static void fill_mib(uint8_t *buf, uint64_t at)
{
	for (uint64_t off = 0; off < MIB; off += PAGE)
		memset(buf + off, big_byte(at + off), PAGE);
}

static int holds_mib(const uint8_t *buf, uint64_t at)
{
	for (uint64_t off = 0; off < MIB; off += PAGE)
		if (buf[off] != big_byte(at + off) || buf[off + PAGE - 1] != big_byte(at + off))
			return 0;
	return 1;
}

/* Write the big file 1 MiB a call (write_large, out of line), then fsync it. */
static int bench_write(uint32_t mib)
{
	uint8_t *buf = (uint8_t *)vm_allocate(self_task, 0, MIB, VM_ANYWHERE);
	int64_t f = open_at(BIG, O_CREAT | O_TRUNC | O_WRONLY, 0644), r = 0;
	uint64_t total = 0;

	if ((int64_t)buf < 0 || f < 0)
		return failed("creating the big file", f < 0 ? f : (int64_t)buf);
	for (uint32_t i = 0; i < mib && !r; i++) {
		fill_mib(buf, (uint64_t)i * MIB);
		uint64_t t0 = cycles();
		r = rpc_fs_write_large(f, (int64_t)i * MIB, buf, MIB);
		mib_samples[i] = cycles() - t0;
		total += mib_samples[i];
		r = r == MIB ? 0 : r ? r : -EIO;
	}
	uint64_t t0 = cycles();
	if (!r)
		r = rpc_fs_fsync(f, 0);
	total += cycles() - t0;
	close_handle(f);
	vm_deallocate(self_task, (uint64_t)buf, MIB);
	if (r)
		return failed("write", r);
	report("fs_write_1mib", mib_samples, (int)mib);
	report_value("fs_write_all_fsync", total);
	return 0;
}

/* Read the big file back 1 MiB a call (read_large, copied out of line into our
 * buffer), cold. */
static int bench_read(uint32_t mib)
{
	int64_t f = open_at(BIG, O_RDONLY, 0), r = 0;
	uint64_t total = 0;

	if (f < 0)
		return failed("opening the big file", f);
	static uint8_t data[MIB] __attribute__((aligned(PAGE_SIZE)));
	for (uint32_t i = 0; i < mib && !r; i++) {
		uint32_t size = MIB;
		uint64_t t0 = cycles();
		r = rpc_fs_read_large(f, (int64_t)i * MIB, MIB, data, &size);
		mib_samples[i] = cycles() - t0;
		total += mib_samples[i];
		if (!r && (size != MIB || !holds_mib(data, (uint64_t)i * MIB)))
			r = -EIO; /* not what was written */
	}
	close_handle(f);
	if (r)
		return failed("read", r);
	report("fs_read_1mib", mib_samples, (int)mib);
	report_value("fs_read_all", total);
	return 0;
}

/* Map the big file read-only and touch its first pages, none of them in memory. */
static int bench_page_in(uint32_t pages)
{
	int64_t f = open_at(BIG, O_RDONLY, 0), r;
	port_name_t object = PORT_NULL;

	if (f < 0)
		return failed("opening the big file", f);
	r = rpc_fs_map(f, 0, &object);
	close_handle(f);
	if (r)
		return failed("fs map", r);
	struct vm_map_args a = { .size = (uint64_t)pages * PAGE,
				 .object = object,
				 .protection = VM_PROT_READ,
				 .max_protection = VM_PROT_READ };
	int64_t addr = vm_map(self_task, &a);
	port_mod_refs(object, RIGHT_SEND, -1);
	if (addr < 0)
		return failed("vm_map", addr);
	volatile uint8_t *p = (volatile uint8_t *)addr;
	uint64_t total = 0;
	int same = 1;
	for (uint32_t i = 0; i < pages; i++) {
		uint64_t t0 = cycles();
		uint8_t got = p[(uint64_t)i * PAGE];
		page_samples[i] = cycles() - t0;
		total += page_samples[i];
		same &= got == big_byte((uint64_t)i * PAGE);
	}
	vm_deallocate(self_task, (uint64_t)addr, (uint64_t)pages * PAGE);
	if (!same)
		return failed("the mapped pages' contents", -EIO);
	report("fs_page_in", page_samples, (int)pages);
	report_value("fs_page_in_mean", total / pages); /* with the disk reads the median misses */
	return 0;
}

static int64_t create_small(const char *path, const char *bytes)
{
	int64_t f = open_at(path, O_CREAT | O_EXCL | O_WRONLY, 0644), r;

	if (f < 0)
		return f;
	r = rpc_fs_write(f, 0, bytes, SMALL_BYTES);
	close_handle(f);
	return r == SMALL_BYTES ? 0 : r < 0 ? r : -EIO;
}

/* stat(path) as the personality will make it: a handle without access (O_PATH). */
static int64_t stat_path(const char *path)
{
	struct fs_attr a;
	int64_t f = open_at(path, O_PATH, 0), r;

	if (f < 0)
		return f;
	r = rpc_fs_stat(f, &a);
	close_handle(f);
	return r ? r : a.size == SMALL_BYTES ? 0 : -EIO;
}

/* One phase over every file name: each call's cycles into samples. */
static int64_t each_file(uint32_t files, uint64_t *samples, const char *what,
			 int64_t (*op)(const char *path, const char *bytes), const char *bytes)
{
	char path[64];
	int64_t r = 0;

	for (uint32_t i = 0; i < files && !r; i++) {
		snprintf(path, sizeof(path), MOUNTED "/files/f%05u", i);
		uint64_t t0 = cycles();
		r = op(path, bytes);
		samples[i] = cycles() - t0;
	}
	return r ? failed(what, r) : 0;
}

static int64_t stat_op(const char *path, const char *bytes)
{
	(void)bytes;
	return stat_path(path);
}

static int64_t unlink_op(const char *path, const char *bytes)
{
	(void)bytes;
	return rpc_fs_unlink(root, path, 0);
}

/* Create files small files in one directory, stat each, unlink each. */
static int bench_small_files(uint32_t files)
{
	static char bytes[SMALL_BYTES];
	int64_t r = rpc_fs_mkdir(root, MOUNTED "/files", 0755);

	if (r)
		return failed("mkdir", r);
	memset(bytes, 's', sizeof(bytes));
	uint64_t t0 = cycles();
	if (each_file(files, create_samples, "create", create_small, bytes) ||
	    each_file(files, stat_samples, "stat", stat_op, bytes) ||
	    each_file(files, unlink_samples, "unlink", unlink_op, bytes))
		return -EIO;
	uint64_t per_file = (cycles() - t0) / files;
	report("fs_create", create_samples, (int)files);
	report("fs_stat", stat_samples, (int)files);
	report("fs_unlink", unlink_samples, (int)files);
	report_value("fs_create_stat_unlink", per_file);
	return 0;
}

int main(int argc, char **argv)
{
	uint32_t mib = (uint32_t)number_arg(argc, argv, "mib", 64, MAX_MIB);
	uint32_t files = (uint32_t)number_arg(argc, argv, "files", 1000, MAX_FILES);
	uint32_t most_pages = mib * (MIB / PAGE) < MAX_PAGES ? mib * (MIB / PAGE) : MAX_PAGES;
	uint32_t pages = (uint32_t)number_arg(argc, argv, "pages", 4096, most_pages);
	int64_t r;

	if ((r = rpc_ns_lookup(bootstrap_port, "fs", &root)))
		return failed("finding the fs-server", r);
	if ((r = rpc_fs_mkdir(root, MOUNTED, 0755)) && r != -EEXIST)
		return failed("mkdir " MOUNTED, r);
	if ((r = rpc_fs_mount(root, MOUNTED, DEVICE, 0)))
		return failed("mount " DEVICE, r);
	if (bench_write(mib) || remount() || bench_read(mib) || remount() || bench_page_in(pages) ||
	    bench_small_files(files))
		return 1;
	printf("bench fs: done\n");
	return 0;
}
