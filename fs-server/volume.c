/* Volumes: an ext2 library instance over a block device reached through the block
 * protocol (interfaces/block.defs). */
#include <block.h>
#include <errno.h>
#include <kern_errno.h>
#include <masque/clock.h>
#include <masque/vm.h>
#include <ns.h>
#include <self.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <trap.h>
#include "file_pager.h"
#include "handle.h"
#include "loop.h"
#include "mount.h"
#include "ops.h"
#include "volume.h"

struct volume *root_volume;
static uint64_t next_dev = 1, next_mount = 1;

/* A kernel code from the transport means the driver did not answer: an I/O error. */
static int disk_result(int64_t r)
{
	return kern_is_error(r) ? -EIO : (int)r;
}

static int disk_read(void *ctx, uint64_t off, void *buf, uint32_t len)
{
	struct volume *v = ctx;
	void *data = NULL;
	uint32_t size = 0;
	int err = disk_result(rpc_block_read(v->device, off, len, &data, &size));

	if (!err && size != len)
		err = -EIO;
	if (!err)
		memcpy(buf, data, len);
	if (data)
		vm_deallocate(self_task, (uint64_t)data, size);
	return err;
}

static int disk_write(void *ctx, uint64_t off, const void *buf, uint32_t len)
{
	struct volume *v = ctx;

	return disk_result(rpc_block_write(v->device, off, buf, len));
}

static int disk_flush(void *ctx)
{
	struct volume *v = ctx;

	return disk_result(rpc_block_flush(v->device));
}

/* One console line about damage the library found: it names the inode or block. */
static void complain(void *ctx, const char *what, uint64_t number)
{
	struct volume *v = ctx;

	printf("fs-server: %s: %s %lu\n", v->name, what, number);
}

void ops_now(struct vfs_time *t)
{
	const volatile struct clock_page *cp = (const struct clock_page *)CLOCK_PAGE_ADDR;
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	uint64_t ns = clock_page_ns(cp, (uint64_t)hi << 32 | lo) + cp->realtime_base_ns;
	t->sec = (int64_t)(ns / 1000000000u);
	t->nsec = (uint32_t)(ns % 1000000000u);
}

/* The time now, for the library's timestamps: the clock page's wall-clock time. */
static void now(void *ctx, struct vfs_time *t)
{
	(void)ctx;
	ops_now(t);
}

/* Each volume's buffer cache may grow to a quarter of the machine's memory (at least
 * 4 MiB), as Linux's page cache keeps what was read and written while memory lasts:
 * a file written and read again comes from memory, not the disk. The pages are the
 * server's ordinary memory, which the default pager may take under pressure. */
static uint64_t cache_bytes(void)
{
	struct vm_stats vm;
	uint64_t least = 4u << 20;

	if (vm_statistics(&vm) < 0 || vm.total_pages * vm.page_size / 4 < least)
		return least;
	return vm.total_pages * vm.page_size / 4;
}

/* The disk of the block device registered as name in the name service: v->device and
 * v->disk, or an error. */
static int open_device(struct volume *v, const char *name)
{
	uint32_t block_size, type;
	uint64_t size = 0;
	int err = disk_result(rpc_ns_lookup(bootstrap_port, name, &v->device));

	if (err)
		return err == -ENOENT ? -ENODEV : err;
	if ((err = disk_result(rpc_block_info(v->device, &size, &block_size, &type)))) {
		port_mod_refs(v->device, RIGHT_SEND, -1);
		return err;
	}
	v->disk = (struct ext2_disk){
		.ctx = v, .read = disk_read, .write = disk_write, .flush = disk_flush, .size = size
	};
	return 0;
}

/* The disk of loop device n (loop.h): v->loop and v->disk; -EROFS for a read-write
 * mount of a read-only device. */
static int open_loop(struct volume *v, uint32_t n, int read_only)
{
	int device_read_only, err = loop_mount(n, &v->disk, &device_read_only);

	if (err)
		return err;
	if (device_read_only && !read_only) {
		loop_unmounted(n);
		return -EROFS;
	}
	v->loop = n + 1;
	return 0;
}

/* The disk goes: the device's right, or the loop device's use. */
static void close_disk(struct volume *v)
{
	if (v->loop)
		loop_unmounted(v->loop - 1);
	else
		port_mod_refs(v->device, RIGHT_SEND, -1);
}

/* Loop device n's name, "loopN": 1 and *n, or 0. */
static int loop_name(const char *name, uint32_t *n)
{
	const char *digit = name + 4;

	if (strncmp(name, "loop", 4) || !*digit)
		return 0;
	for (*n = 0; *digit >= '0' && *digit <= '9' && *n < LOOP_DEVICES; digit++)
		*n = *n * 10 + (uint32_t)(*digit - '0');
	return !*digit && *n < LOOP_DEVICES;
}

void volume_number(struct volume *v)
{
	struct vfs_statfs st;

	v->block_size = v->ops->statfs(v->fs, &st) ? 4096 : st.block_size;
	v->dev = next_dev++;
	v->mount = next_mount++;
	v->base = v;
	v->root = v->ops->root;
}

int volume_mount(const char *name, int read_only, struct volume **out)
{
	struct volume *v = calloc(1, sizeof(*v));
	uint32_t n;
	int err;

	if (!v)
		return -ENOMEM;
	strlcpy(v->name, name, sizeof(v->name));
	snprintf(v->source, sizeof(v->source), "/dev/%s", name);
	err = mount_device_in_use(name) ? -EBUSY
	      : loop_name(name, &n)	? open_loop(v, n, read_only)
					: open_device(v, name);
	if (err) {
		free(v);
		return err;
	}
	struct ext2_mount_options opt = { .read_only = read_only,
					  .cache_bytes = cache_bytes(),
					  .complain = complain,
					  .now = now,
					  .ctx = v };
	struct ext2_fs *fs;
	if ((err = ext2_mount(&v->disk, &opt, &fs))) {
		close_disk(v);
		free(v);
		return err;
	}
	v->ops = &ext2_vfs_ops;
	v->fs = fs;
	v->read_only = read_only;
	volume_number(v);
	*out = v;
	return 0;
}

int volume_bind(struct node source, struct volume **out)
{
	struct volume *b = source.vol->base, *v = malloc(sizeof(*v));
	int err = v ? b->ops->inode_get(b->fs, source.ino) : -ENOMEM;

	if (err) {
		free(v);
		return err;
	}
	*v = (struct volume){ .ops = b->ops,
			      .fs = b->fs,
			      .base = b,
			      .root = source.ino,
			      .device = b->device,
			      .dev = b->dev,
			      .mount = next_mount++,
			      .block_size = b->block_size,
			      .nosuid = source.vol->nosuid };
	strlcpy(v->name, b->name, sizeof(v->name));
	strlcpy(v->source, b->source, sizeof(v->source));
	*out = v;
	return 0;
}

int volume_unmount(struct volume *v)
{
	if (v->base != v) {
		v->ops->inode_put(v->fs, v->root);
		free(v);
		return 0;
	}
	int err = v->ops->unmount(v->fs);

	if (v->ops == &ext2_vfs_ops)
		close_disk(v);
	free(v);
	return err;
}

int volume_remount(struct volume *v, int read_only)
{
	int err;

	v = v->base; /* as on Linux: remounting a bind remounts its file system */
	if (read_only && !v->read_only) {
		if (handle_any_writer_on(v) || loop_any_writer_on(v))
			return -EBUSY;
		file_pager_sync_all(v); /* what was written through mappings */
	}
	if (!(err = v->ops->remount(v->fs, read_only)))
		v->read_only = read_only;
	return err;
}
