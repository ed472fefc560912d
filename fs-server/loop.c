/* Loop devices (loop.h): a short table, one entry per /dev/loopN. */
#include <errno.h>
#include <linux/loop.h>
#include <linux/stat.h>
#include <string.h>
#include "dev.h"
#include "file_pager.h"
#include "loop.h"

struct loop {
	struct node backing; /* vol NULL: the device has no file */
	int writable;
	uint64_t offset, sizelimit;
	uint32_t flags;
	char name[LO_NAME_SIZE];
	uint32_t opens; /* open descriptions */
	int mounted;
};

static struct loop loops[LOOP_DEVICES];

int loop_number(uint32_t mode, uint32_t rdev)
{
	uint32_t minor = dev_minor(rdev);

	if (!S_ISBLK(mode) || dev_major(rdev) != LOOP_MAJOR || minor >= LOOP_DEVICES)
		return -1;
	return (int)minor;
}

int loop_is_control(uint32_t mode, uint32_t rdev)
{
	return S_ISCHR(mode) && dev_major(rdev) == LOOP_CONTROL_MAJOR &&
	       dev_minor(rdev) == LOOP_CONTROL_MINOR;
}

/* Device n, if it has a file. */
static struct loop *bound(uint32_t n)
{
	return n < LOOP_DEVICES && loops[n].backing.vol ? &loops[n] : NULL;
}

/* The file goes: its reference is put and the device is free. */
static void release(struct loop *l)
{
	struct node b = l->backing;

	b.vol->ops->inode_put(b.vol->fs, b.ino);
	*l = (struct loop){ .opens = l->opens };
}

/* With LO_FLAGS_AUTOCLEAR, the file goes once nothing uses the device. */
static void clear_if_unused(struct loop *l)
{
	if (l->backing.vol && (l->flags & LO_FLAGS_AUTOCLEAR) && !l->opens && !l->mounted)
		release(l);
}

int loop_attach(uint32_t n, struct node backing, int writable, uint64_t offset, uint64_t sizelimit,
		uint32_t flags, const char *name)
{
	struct vfs_stat st;
	int err;

	if (n >= LOOP_DEVICES)
		return -ENXIO;
	if (loops[n].backing.vol)
		return -EBUSY;
	if (flags & ~(uint32_t)(LO_FLAGS_READ_ONLY | LO_FLAGS_AUTOCLEAR))
		return -EINVAL;
	if ((err = backing.vol->ops->stat(backing.vol->fs, backing.ino, &st)))
		return err;
	if (!S_ISREG(st.mode))
		return -EINVAL;
	if ((err = backing.vol->ops->inode_get(backing.vol->fs, backing.ino)))
		return err;
	struct loop *l = &loops[n];
	writable = writable && !(flags & LO_FLAGS_READ_ONLY) && !backing.vol->base->read_only;
	*l = (struct loop){ .backing = backing,
			    .writable = writable,
			    .offset = offset,
			    .sizelimit = sizelimit,
			    .flags = (flags & LO_FLAGS_AUTOCLEAR) |
				     (writable ? 0 : LO_FLAGS_READ_ONLY),
			    .opens = l->opens };
	strlcpy(l->name, name, sizeof(l->name));
	return 0;
}

int loop_detach(uint32_t n)
{
	struct loop *l = bound(n);

	if (!l)
		return -ENXIO;
	/* Linux: a device still in use lets its file go when the last user does */
	l->flags |= LO_FLAGS_AUTOCLEAR;
	if (!l->mounted && l->opens <= 1)
		release(l);
	return 0;
}

int loop_set_status(uint32_t n, uint64_t offset, uint64_t sizelimit, uint32_t flags,
		    const char *name)
{
	struct loop *l = bound(n);

	if (!l)
		return -ENXIO;
	if (flags & ~(uint32_t)(LO_FLAGS_READ_ONLY | LO_FLAGS_AUTOCLEAR))
		return -EINVAL;
	if (l->mounted && (offset != l->offset || sizelimit != l->sizelimit))
		return -EBUSY; /* a mounted file system's blocks would move under it */
	l->offset = offset, l->sizelimit = sizelimit;
	l->flags = (l->flags & ~(uint32_t)LO_FLAGS_AUTOCLEAR) | (flags & LO_FLAGS_AUTOCLEAR);
	strlcpy(l->name, name, sizeof(l->name));
	return 0;
}

int loop_status(uint32_t n, struct loop_state *out)
{
	struct loop *l = bound(n);
	struct vfs_stat st;
	int err;

	if (!l)
		return -ENXIO;
	if ((err = l->backing.vol->ops->stat(l->backing.vol->fs, l->backing.ino, &st)))
		return err;
	*out = (struct loop_state){ .dev = l->backing.vol->dev,
				    .ino = st.ino,
				    .offset = l->offset,
				    .sizelimit = l->sizelimit,
				    .flags = l->flags };
	memcpy(out->name, l->name, sizeof(out->name));
	return 0;
}

int loop_free(void)
{
	for (uint32_t n = 0; n < LOOP_DEVICES; n++)
		if (!loops[n].backing.vol)
			return (int)n;
	return -ENOSPC;
}

int loop_open(uint32_t n)
{
	if (n >= LOOP_DEVICES)
		return -ENXIO;
	loops[n].opens++;
	return 0;
}

void loop_close(uint32_t n)
{
	loops[n].opens--;
	clear_if_unused(&loops[n]);
}

uint64_t loop_size(uint32_t n)
{
	struct loop *l = bound(n);
	struct vfs_stat st;

	if (!l || l->backing.vol->ops->stat(l->backing.vol->fs, l->backing.ino, &st) ||
	    st.size <= l->offset)
		return 0;
	uint64_t size = st.size - l->offset;
	if (l->sizelimit && l->sizelimit < size)
		size = l->sizelimit;
	return size & ~511ull; /* whole sectors, as Linux */
}

/* The part of [off, off + len) inside device n: its length, or an errno. */
static int64_t clip(struct loop *l, uint32_t n, uint64_t off, uint32_t len)
{
	uint64_t size = loop_size(n);

	if (!l)
		return -ENXIO;
	if (off >= size)
		return 0;
	return size - off < len ? (int64_t)(size - off) : len;
}

int64_t loop_read(uint32_t n, uint64_t off, void *buf, uint32_t len)
{
	struct loop *l = bound(n);
	int64_t count = clip(l, n, off, len);

	if (count <= 0)
		return count;
	file_pager_sync(l->backing, l->offset + off, l->offset + off + (uint64_t)count, 0);
	return l->backing.vol->ops->read(l->backing.vol->fs, l->backing.ino, l->offset + off, buf,
					 (size_t)count);
}

int64_t loop_write(uint32_t n, uint64_t off, const void *buf, uint32_t len)
{
	struct loop *l = bound(n);
	int64_t count = clip(l, n, off, len);

	if (count <= 0)
		return count ? count : (len ? -ENOSPC : 0);
	if (!l->writable)
		return -EPERM; /* Linux's answer for a read-only loop device */
	file_pager_sync(l->backing, l->offset + off, l->offset + off + (uint64_t)count, 1);
	return l->backing.vol->ops->write(l->backing.vol->fs, l->backing.ino, l->offset + off, buf,
					  (size_t)count);
}

int loop_flush(uint32_t n)
{
	struct loop *l = bound(n);

	return l ? l->backing.vol->ops->fsync(l->backing.vol->fs, l->backing.ino) : -ENXIO;
}

/* The disk's transfers: whole, or -EIO (a block past the file's end). */
static int disk_read(void *ctx, uint64_t off, void *buf, uint32_t len)
{
	uint32_t n = (uint32_t)(uintptr_t)ctx;
	int64_t r = loop_read(n, off, buf, len);

	return r == len ? 0 : r < 0 ? (int)r : -EIO;
}

static int disk_write(void *ctx, uint64_t off, const void *buf, uint32_t len)
{
	uint32_t n = (uint32_t)(uintptr_t)ctx;
	int64_t r = loop_write(n, off, buf, len);

	return r == len ? 0 : r < 0 ? (int)r : -EIO;
}

static int disk_flush(void *ctx)
{
	return loop_flush((uint32_t)(uintptr_t)ctx);
}

int loop_mount(uint32_t n, struct ext2_disk *disk, int *read_only)
{
	struct loop *l = bound(n);

	if (!l)
		return -ENXIO;
	if (l->mounted)
		return -EBUSY;
	*disk = (struct ext2_disk){ .ctx = (void *)(uintptr_t)n,
				    .read = disk_read,
				    .write = disk_write,
				    .flush = disk_flush,
				    .size = loop_size(n) };
	*read_only = !l->writable;
	l->mounted = 1;
	return 0;
}

void loop_unmounted(uint32_t n)
{
	loops[n].mounted = 0;
	clear_if_unused(&loops[n]);
}

int loop_any_on(const struct volume *vol)
{
	for (uint32_t n = 0; n < LOOP_DEVICES; n++)
		if (loops[n].backing.vol == vol)
			return 1;
	return 0;
}

int loop_any_writer_on(const struct volume *vol)
{
	for (uint32_t n = 0; n < LOOP_DEVICES; n++)
		if (loops[n].backing.vol && loops[n].backing.vol->base == vol && loops[n].writable)
			return 1;
	return 0;
}
