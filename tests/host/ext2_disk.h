/* A disk image file as the ext2 library's block device, for the host tests: requests
 * are checked against Masque's block protocol (512-byte multiples, at most 1 MiB, inside
 * the disk), and every write can be watched. */
#ifndef TESTS_HOST_EXT2_DISK_H
#define TESTS_HOST_EXT2_DISK_H

#include <stdint.h>
#include "ext2.h"

struct test_disk {
	int fd;
	struct ext2_disk disk;
	uint64_t bad_requests; /* requests outside the protocol */
	uint64_t reads, writes, flushes;
	/* Called before each write and flush (len 0, offset UINT64_MAX, data NULL). */
	void (*watch)(void *arg, uint64_t offset, uint32_t len, const void *data);
	void *watch_arg;
};

/* Open path as a disk of its file's size; returns 0 or -1. */
int test_disk_open(struct test_disk *td, const char *path);
void test_disk_close(struct test_disk *td);

/* Complaints of the library, counted, the last one kept. */
struct complaints {
	unsigned count;
	char last[160];
	uint64_t number;
};
void test_complain(void *ctx, const char *what, uint64_t number);
/* A fixed clock that moves a little at each call: 2026-01-01 plus n microseconds. */
void test_now(void *ctx, struct vfs_time *t);

/* Mount options with the callbacks above; ctx is a struct complaints. */
struct ext2_mount_options test_options(struct complaints *c, int read_only);

#endif
