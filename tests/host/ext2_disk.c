/* A disk image file as the ext2 library's block device (see ext2_disk.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "ext2_disk.h"

static int in_protocol(struct test_disk *td, uint64_t off, uint32_t len)
{
	if (off % 512 || len % 512 || !len || len > EXT2_DISK_MAX_IO || off > td->disk.size ||
	    len > td->disk.size - off) {
		td->bad_requests++;
		return 0;
	}
	return 1;
}

static int disk_read(void *ctx, uint64_t off, void *buf, uint32_t len)
{
	struct test_disk *td = ctx;
	if (!in_protocol(td, off, len))
		return -EIO;
	td->reads++;
	return pread(td->fd, buf, len, (off_t)off) == (ssize_t)len ? 0 : -EIO;
}

static int disk_write(void *ctx, uint64_t off, const void *buf, uint32_t len)
{
	struct test_disk *td = ctx;
	if (!in_protocol(td, off, len))
		return -EIO;
	if (td->watch)
		td->watch(td->watch_arg, off, len, buf);
	td->writes++;
	return pwrite(td->fd, buf, len, (off_t)off) == (ssize_t)len ? 0 : -EIO;
}

static int disk_flush(void *ctx)
{
	struct test_disk *td = ctx;
	if (td->watch)
		td->watch(td->watch_arg, UINT64_MAX, 0, NULL);
	td->flushes++;
	return 0;
}

int test_disk_open(struct test_disk *td, const char *path)
{
	struct stat st;
	memset(td, 0, sizeof(*td));
	td->fd = open(path, O_RDWR);
	if (td->fd < 0 || fstat(td->fd, &st) < 0)
		return -1;
	td->disk.ctx = td;
	td->disk.read = disk_read;
	td->disk.write = disk_write;
	td->disk.flush = disk_flush;
	td->disk.size = (uint64_t)st.st_size;
	return 0;
}

void test_disk_close(struct test_disk *td)
{
	close(td->fd);
}

void test_complain(void *ctx, const char *what, uint64_t number)
{
	struct complaints *c = ctx;
	c->count++;
	c->number = number;
	snprintf(c->last, sizeof(c->last), "%s", what);
}

void test_now(void *ctx, struct vfs_time *t)
{
	static uint64_t calls;
	(void)ctx;
	calls++;
	t->sec = 1767225600 + (int64_t)(calls / 1000000);
	t->nsec = (uint32_t)(calls % 1000000) * 1000;
}

struct ext2_mount_options test_options(struct complaints *c, int read_only)
{
	struct ext2_mount_options o = { 0 };
	o.read_only = read_only;
	o.complain = test_complain;
	o.now = test_now;
	o.ctx = c;
	return o;
}
