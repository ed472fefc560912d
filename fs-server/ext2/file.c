/* File contents: read and write at an offset through the buffer cache, and size
 * changes. Holes read as zeros; blocks are allocated on write. Reads bring runs of
 * consecutive blocks in one request, and read ahead for a sequential reader. */
#include <errno.h>
#include <string.h>
#include "fs.h"

/* Before reading logical block lblock: if it is not cached, bring it and the blocks
 * after it up to limit (exclusive) that lie next to it on disk, in one request. */
static void read_run(struct ext2_fs *fs, struct node *n, uint64_t lblock, uint64_t limit)
{
	uint32_t first, next, count = 1, max = CACHE_BATCH_BYTES / fs->block_size;
	if (bmap(fs, n, lblock, 0, &first) < 0 || !first || cache_has(fs, first))
		return;
	while (count < max && lblock + count < limit &&
	       bmap(fs, n, lblock + count, 0, &next) >= 0 && next == first + count &&
	       !cache_has(fs, next))
		count++;
	if (count > 1)
		cache_read_run(fs, first, count);
}

/* The logical block past which a read of [off, off + len) brings nothing: the end of
 * the range, or a batch further for a reader that goes on where it stopped. */
static uint64_t read_limit(struct ext2_fs *fs, struct node *n, uint64_t off, size_t len)
{
	uint64_t end = off + len, blocks = (node_size(n) + fs->block_size - 1) / fs->block_size;
	if (off == n->next_read)
		end += CACHE_BATCH_BYTES;
	end = (end + fs->block_size - 1) / fs->block_size;
	return end < blocks ? end : blocks;
}

/* Blocks mapped by one bmap_run for file_read. */
#define RUN_BLOCKS 64

int64_t file_read(struct ext2_fs *fs, struct node *n, uint64_t off, void *buf, size_t len)
{
	uint64_t size = node_size(n), done = 0, limit, lblock, run_first = 0;
	uint32_t run[RUN_BLOCKS], run_count = 0, block, in, chunk;
	struct buf *b;
	int err;
	if (off >= size)
		return 0;
	if (len > size - off)
		len = (size_t)(size - off);
	limit = read_limit(fs, n, off, len);
	while (done < len) {
		lblock = (off + done) / fs->block_size;
		in = (uint32_t)((off + done) % fs->block_size);
		chunk = fs->block_size - in;
		if (chunk > len - done)
			chunk = (uint32_t)(len - done);
		if (lblock - run_first >= run_count) {
			err = bmap_run(fs, n, lblock, RUN_BLOCKS, run);
			if (err < 0)
				return done ? (int64_t)done : err;
			run_first = lblock;
			run_count = (uint32_t)err;
		}
		block = run[lblock - run_first];
		err = 0;
		if (block && !cache_has(fs, block))
			read_run(fs, n, lblock, limit);
		if (block)
			err = cache_get(fs, block, &b);
		if (err < 0)
			return done ? (int64_t)done : err;
		if (block) {
			memcpy((uint8_t *)buf + done, b->data + in, chunk);
			cache_put(fs, b);
		} else {
			memset((uint8_t *)buf + done, 0, chunk);
		}
		done += chunk;
	}
	n->next_read = off + done;
	return (int64_t)done;
}

/* Write one piece within one block. */
static int write_piece(struct ext2_fs *fs, struct node *n, uint64_t pos, const uint8_t *src,
		       uint32_t chunk)
{
	uint32_t block, in = (uint32_t)(pos % fs->block_size);
	struct buf *b;
	int err = bmap(fs, n, pos / fs->block_size, 1, &block);
	if (err < 0)
		return err;
	if (chunk == fs->block_size) /* all of it is written: no need to read or zero it */
		err = cache_get_overwrite(fs, block, &b);
	else
		err = cache_get(fs, block, &b);
	if (err < 0)
		return err;
	memcpy(b->data + in, src, chunk);
	cache_dirty(fs, b, CLASS_DATA);
	cache_put(fs, b);
	return 0;
}

int64_t file_write(struct ext2_fs *fs, struct node *n, uint64_t off, const void *buf, size_t len)
{
	uint64_t done = 0;
	uint32_t chunk;
	int err = 0;
	if (off >= fs->max_file_size)
		return len ? -EFBIG : 0;
	if (len > fs->max_file_size - off)
		len = (size_t)(fs->max_file_size - off);
	while (done < len) {
		chunk = fs->block_size - (uint32_t)((off + done) % fs->block_size);
		if (chunk > len - done)
			chunk = (uint32_t)(len - done);
		err = write_piece(fs, n, off + done, (const uint8_t *)buf + done, chunk);
		if (err < 0)
			break;
		done += chunk;
	}
	if (done && off + done > node_size(n))
		node_set_size(n, off + done);
	if (done)
		node_touch(fs, n, TIME_MTIME | TIME_CTIME);
	if (done && node_write(fs, n) < 0)
		return -EIO;
	return done ? (int64_t)done : err;
}

/* Zero the bytes of the last block past a new, smaller size, so growing the file again
 * shows zeros there. */
static int zero_tail(struct ext2_fs *fs, struct node *n, uint64_t size)
{
	uint32_t in = (uint32_t)(size % fs->block_size), block;
	struct buf *b;
	int err;
	if (!in)
		return 0;
	err = bmap(fs, n, size / fs->block_size, 0, &block);
	if (err < 0 || !block)
		return err < 0 ? err : 0;
	err = cache_get(fs, block, &b);
	if (err < 0)
		return err;
	memset(b->data + in, 0, fs->block_size - in);
	cache_dirty(fs, b, CLASS_DATA);
	cache_put(fs, b);
	return 0;
}

int file_truncate(struct ext2_fs *fs, struct node *n, uint64_t size)
{
	uint64_t old = node_size(n);
	int err = 0;
	if (size > fs->max_file_size)
		return -EFBIG;
	if (size < old) {
		err = bmap_truncate(fs, n, (size + fs->block_size - 1) / fs->block_size);
		if (err >= 0)
			err = zero_tail(fs, n, size);
		if (err < 0)
			return err;
	}
	node_set_size(n, size);
	node_touch(fs, n, TIME_MTIME | TIME_CTIME);
	return node_write(fs, n);
}
