/* What files hold: a regular file's bytes (read, write, truncate) and a symlink's target.
 * A page is allocated zeroed at the first write into it and counted against the limit;
 * a truncate frees the pages past the new end and zeroes the rest of the last one, so
 * every byte past the end of a file is zero. Reads leave atime alone (as ext2's). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "tmpfs_int.h"

/* Inode ino, which must be a regular file. */
static int file_of(struct tmpfs *fs, uint32_t ino, struct tmpfs_inode **out)
{
	int err = tmpfs_inode_of(fs, ino, out);
	if (err < 0)
		return err;
	if (type_of(*out) == S_REG)
		return 0;
	return type_of(*out) == S_DIR ? -EISDIR : -EINVAL;
}

/* The bytes of [pos, pos + left) that lie in pos's page. */
static uint32_t chunk_at(uint64_t pos, uint64_t left)
{
	uint32_t chunk = TMPFS_PAGE_SIZE - (uint32_t)(pos % TMPFS_PAGE_SIZE);
	return left < chunk ? (uint32_t)left : chunk;
}

int64_t tmpfs_read(void *instance, uint32_t ino, uint64_t off, void *buf, size_t len)
{
	struct tmpfs_inode *n;
	uint64_t done = 0, pos;
	uint32_t chunk;
	uint8_t *page;
	int err = file_of(instance, ino, &n);
	if (err < 0)
		return err;
	if (off >= n->size)
		return 0;
	if (len > n->size - off)
		len = (size_t)(n->size - off);
	while (done < len) {
		pos = off + done;
		chunk = chunk_at(pos, len - done);
		page = tmpfs_pages_find(&n->data, pos >> TMPFS_PAGE_SHIFT);
		if (page)
			memcpy((uint8_t *)buf + done, page + pos % TMPFS_PAGE_SIZE, chunk);
		else
			memset((uint8_t *)buf + done, 0, chunk);
		done += chunk;
	}
	return (int64_t)done;
}

/* The page at index of file n, allocated (zeroed, counted) if it is a hole. */
static int page_for_write(struct tmpfs *fs, struct tmpfs_inode *n, uint64_t index, uint8_t **out)
{
	uint8_t *page = tmpfs_pages_find(&n->data, index);
	int err;
	if (page) {
		*out = page;
		return 0;
	}
	err = tmpfs_room_for_pages(fs, 1);
	if (err < 0)
		return err;
	page = calloc(1, TMPFS_PAGE_SIZE);
	if (!page)
		return -ENOMEM;
	err = tmpfs_pages_preload(fs);
	if (err < 0) {
		free(page);
		return err;
	}
	tmpfs_pages_insert(fs, &n->data, index, page);
	n->pages++;
	fs->used_pages++;
	*out = page;
	return 0;
}

int64_t tmpfs_write(void *instance, uint32_t ino, uint64_t off, const void *buf, size_t len)
{
	struct tmpfs *fs = instance;
	struct tmpfs_inode *n;
	uint64_t done = 0, pos;
	uint32_t chunk;
	uint8_t *page;
	int err = tmpfs_writable(fs);
	if (err >= 0)
		err = file_of(fs, ino, &n);
	if (err < 0 || !len)
		return err;
	if (off >= MAX_FILE_SIZE)
		return -EFBIG;
	if (len > MAX_FILE_SIZE - off)
		len = (size_t)(MAX_FILE_SIZE - off);
	while (done < len) {
		pos = off + done;
		chunk = chunk_at(pos, len - done);
		err = page_for_write(fs, n, pos >> TMPFS_PAGE_SHIFT, &page);
		if (err < 0)
			break;
		memcpy(page + pos % TMPFS_PAGE_SIZE, (const uint8_t *)buf + done, chunk);
		done += chunk;
	}
	if (!done)
		return err;
	if (off + done > n->size)
		n->size = off + done;
	tmpfs_inode_touch(fs, n, TIME_MTIME | TIME_CTIME);
	return (int64_t)done;
}

/* Zero the bytes past size in the page that holds it. */
static void zero_tail(struct tmpfs_inode *n, uint64_t size)
{
	uint32_t in = (uint32_t)(size % TMPFS_PAGE_SIZE);
	uint8_t *page = in ? tmpfs_pages_find(&n->data, size >> TMPFS_PAGE_SHIFT) : NULL;
	if (page)
		memset(page + in, 0, TMPFS_PAGE_SIZE - in);
}

int tmpfs_truncate(void *instance, uint32_t ino, uint64_t size)
{
	struct tmpfs *fs = instance;
	struct tmpfs_inode *n;
	uint64_t freed;
	int err = tmpfs_writable(fs);
	if (err >= 0)
		err = file_of(fs, ino, &n);
	if (err < 0)
		return err;
	if (size > MAX_FILE_SIZE)
		return -EFBIG;
	if (size < n->size) {
		freed = tmpfs_pages_trim(&n->data, (size >> TMPFS_PAGE_SHIFT) +
							   (size % TMPFS_PAGE_SIZE != 0));
		n->pages -= freed;
		fs->used_pages -= freed;
		zero_tail(n, size);
	}
	n->size = size;
	tmpfs_inode_touch(fs, n, TIME_MTIME | TIME_CTIME);
	return 0;
}

int64_t tmpfs_readlink(void *instance, uint32_t ino, char *buf, size_t size)
{
	struct tmpfs_inode *n;
	int err = tmpfs_inode_of(instance, ino, &n);
	if (err < 0)
		return err;
	if (type_of(n) != S_LNK)
		return -EINVAL;
	if (size > n->size)
		size = (size_t)n->size;
	memcpy(buf, n->target, size);
	return (int64_t)size;
}
