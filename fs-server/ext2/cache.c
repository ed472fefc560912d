/* The buffer cache: file-system blocks in memory, a bounded number of them, least
 * recently used evicted first, dirty ones written back in an order that keeps the disk
 * repairable by e2fsck after a crash at any moment.
 *
 * Write ordering rules (issue 12, item 2). Each dirty buffer carries a class:
 *   DATA   file contents;
 *   BITMAP block and inode bitmaps;
 *   META   inode tables, indirect blocks, directory blocks.
 * The group descriptors and the superblock (counters) come last. A write-back writes
 * every dirty buffer, class by class in that order, flushing the device between classes:
 *   1. a block's data reaches the disk before any metadata that points at it (DATA
 *      before META);
 *   2. an allocation reaches the bitmap before the inode, indirect or directory block
 *      that uses the allocated block or inode (BITMAP before META);
 *   3. on free, the pointer is cleared on disk before the bitmap frees the block or
 *      inode: freeing only records the number (alloc.c, "pending"); the bits are cleared
 *      after the META step, written in a second BITMAP step, and until then the block or
 *      inode cannot be allocated again;
 *   4. the counters (descriptors, superblock) last: e2fsck recomputes them anyway.
 * A newly allocated block of any kind (indirect, directory) is dirtied as DATA: nothing
 * on disk points at it yet, so by rule 1 it goes first.
 * Every write-back (sync, fsync, eviction of a dirty buffer, unmount) is a whole one, so
 * no dirty buffer ever reaches the disk ahead of its class. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "fs.h"

/* Consecutive dirty blocks are written in one request of at most CACHE_BATCH_BYTES. */
#define BATCH_BYTES CACHE_BATCH_BYTES

static uint32_t hash_of(struct cache *c, uint32_t block)
{
	return (block * 2654435761u) & (c->hash_size - 1);
}

static void lru_unlink(struct buf *b)
{
	b->lru_prev->lru_next = b->lru_next;
	b->lru_next->lru_prev = b->lru_prev;
}

static void lru_push_front(struct cache *c, struct buf *b)
{
	b->lru_next = c->lru.lru_next;
	b->lru_prev = &c->lru;
	c->lru.lru_next->lru_prev = b;
	c->lru.lru_next = b;
}

int cache_init(struct ext2_fs *fs, uint32_t capacity)
{
	struct cache *c = &fs->cache;
	c->capacity = capacity < 16 ? 16 : capacity;
	c->hash_size = 1;
	while (c->hash_size < c->capacity)
		c->hash_size <<= 1;
	c->hash = calloc(c->hash_size, sizeof(*c->hash));
	if (!c->hash)
		return -ENOMEM;
	c->lru.lru_next = c->lru.lru_prev = &c->lru;
	return 0;
}

static struct buf *lookup(struct cache *c, uint32_t block)
{
	struct buf *b;
	for (b = c->hash[hash_of(c, block)]; b; b = b->hash_next)
		if (b->block == block)
			return b;
	return NULL;
}

static void unhash(struct cache *c, struct buf *b)
{
	struct buf **p = &c->hash[hash_of(c, b->block)];
	while (*p != b)
		p = &(*p)->hash_next;
	*p = b->hash_next;
}

/* A buffer leaves the cache; its memory waits on the spare list for another block. */
static void destroy_buf(struct cache *c, struct buf *b)
{
	unhash(c, b);
	lru_unlink(b);
	if (b->dirty)
		c->dirty_count--;
	c->count--;
	b->hash_next = c->spare;
	c->spare = b;
}

/* Buffers and their blocks are allocated SLAB_BUFS at a time and given back only with
 * the cache: a block-sized malloc would be an address-space region of its own, and a
 * cache of tens of thousands of blocks would run out of the task's regions. */
#define SLAB_BUFS 64

static int add_slab(struct ext2_fs *fs)
{
	struct cache *c = &fs->cache;
	struct slab *s = malloc(sizeof(*s));
	if (!s)
		return -ENOMEM;
	s->bufs = calloc(SLAB_BUFS, sizeof(*s->bufs));
	s->data = malloc((size_t)SLAB_BUFS * fs->block_size);
	if (!s->bufs || !s->data) {
		free(s->bufs);
		free(s->data);
		free(s);
		return -ENOMEM;
	}
	for (int i = 0; i < SLAB_BUFS; i++) {
		s->bufs[i].data = s->data + (size_t)i * fs->block_size;
		s->bufs[i].hash_next = c->spare;
		c->spare = &s->bufs[i];
	}
	s->next = c->slabs;
	c->slabs = s;
	return 0;
}

/* A buffer holding no block, off the spare list. */
static int spare_buf(struct ext2_fs *fs, struct buf **out)
{
	struct cache *c = &fs->cache;
	int err;
	if (!c->spare && (err = add_slab(fs)) < 0)
		return err;
	struct buf *b = c->spare;
	c->spare = b->hash_next;
	uint8_t *data = b->data;
	*b = (struct buf){ .data = data };
	*out = b;
	return 0;
}

void cache_destroy(struct ext2_fs *fs)
{
	struct cache *c = &fs->cache;
	if (!c->hash)
		return;
	while (c->lru.lru_next != &c->lru)
		destroy_buf(c, c->lru.lru_next);
	while (c->slabs) {
		struct slab *s = c->slabs;
		c->slabs = s->next;
		free(s->bufs);
		free(s->data);
		free(s);
	}
	c->spare = NULL;
	free(c->hash);
	c->hash = NULL;
	free(c->run);
	c->run = NULL;
}

/* The least recently used buffer that is neither in use nor dirty, or NULL. */
static struct buf *clean_victim(struct cache *c)
{
	struct buf *b;
	for (b = c->lru.lru_prev; b != &c->lru; b = b->lru_prev)
		if (!b->refs && !b->dirty)
			return b;
	return NULL;
}

/* When the cache is full, a clean buffer no one uses, taken out of the cache to hold
 * another block (everything is written back first if all are dirty); NULL while the
 * cache has room. The cache grows past its capacity only while every buffer is in use
 * (or during a write-back). Reusing the buffer keeps its memory: a block-sized malloc
 * is a vm_allocate whose pages fault in at first touch, and its free a vm_deallocate,
 * which together cost several times the copy of the block itself. */
static int take_victim(struct ext2_fs *fs, struct buf **victim)
{
	struct cache *c = &fs->cache;
	int err;
	*victim = NULL;
	if (c->count < c->capacity)
		return 0;
	*victim = clean_victim(c);
	if (!*victim && !c->writing_back && c->dirty_count) {
		err = cache_writeback(fs);
		if (err < 0)
			return err;
		*victim = clean_victim(c);
	}
	if (*victim) {
		unhash(c, *victim);
		lru_unlink(*victim);
	}
	return 0;
}

/* A buffer for block, at the head of the LRU list; its contents are the caller's to
 * fill. */
static int new_buf(struct ext2_fs *fs, uint32_t block, struct buf **out)
{
	struct cache *c = &fs->cache;
	struct buf *b;
	int err = take_victim(fs, &b);
	if (err < 0)
		return err;
	if (!b) {
		if ((err = spare_buf(fs, &b)) < 0)
			return err;
		c->count++;
	}
	b->block = block;
	b->hash_next = c->hash[hash_of(c, block)];
	c->hash[hash_of(c, block)] = b;
	lru_push_front(c, b);
	*out = b;
	return 0;
}

static struct buf *take(struct cache *c, struct buf *b)
{
	b->refs++;
	lru_unlink(b);
	lru_push_front(c, b);
	return b;
}

/* Block `block` with its contents, referenced; the caller checked the number. */
int cache_get(struct ext2_fs *fs, uint32_t block, struct buf **out)
{
	struct cache *c = &fs->cache;
	struct buf *b = lookup(c, block);
	int err;
	if (b) {
		*out = take(c, b);
		return 0;
	}
	err = new_buf(fs, block, &b);
	if (err < 0)
		return err;
	err = fs->disk.read(fs->disk.ctx, (uint64_t)block * fs->block_size, b->data,
			    fs->block_size);
	if (err < 0) {
		destroy_buf(c, b);
		return err;
	}
	*out = take(c, b);
	return 0;
}

/* Block `block` without reading it, for a caller that writes every byte of it before
 * anything else looks: what the buffer holds meanwhile does not matter. */
int cache_get_overwrite(struct ext2_fs *fs, uint32_t block, struct buf **out)
{
	struct cache *c = &fs->cache;
	struct buf *b = lookup(c, block);
	int err;
	if (!b) {
		err = new_buf(fs, block, &b);
		if (err < 0)
			return err;
	}
	*out = take(c, b);
	return 0;
}

/* Block `block` filled with zeros, without reading it: a newly allocated block. */
int cache_get_zeroed(struct ext2_fs *fs, uint32_t block, struct buf **out)
{
	int err = cache_get_overwrite(fs, block, out);
	if (err < 0)
		return err;
	memset((*out)->data, 0, fs->block_size);
	return 0;
}

int cache_has(struct ext2_fs *fs, uint32_t block)
{
	return lookup(&fs->cache, block) != NULL;
}

/* Blocks [first, first + count) into the cache in one request (count at most a batch):
 * blocks cached already keep what they hold. Best effort: an error only means the
 * blocks are read one by one later. The request's memory is kept for the next run, as
 * the buffers' is (take_victim). */
void cache_read_run(struct ext2_fs *fs, uint32_t first, uint32_t count)
{
	uint8_t *batch = fs->cache.run;
	struct buf *b;
	uint32_t i;
	if (!batch && !(batch = fs->cache.run = malloc(BATCH_BYTES)))
		return;
	if (fs->disk.read(fs->disk.ctx, (uint64_t)first * fs->block_size, batch,
			  count * fs->block_size) >= 0) {
		for (i = 0; i < count; i++) {
			if (lookup(&fs->cache, first + i) || new_buf(fs, first + i, &b) < 0)
				continue;
			memcpy(b->data, batch + (size_t)i * fs->block_size, fs->block_size);
		}
	}
}

/* A buffer dirtied twice keeps the earlier class: a new block first written as DATA
 * (nothing on disk points at it yet) stays DATA until it is written. */
void cache_dirty(struct ext2_fs *fs, struct buf *b, enum buf_class class)
{
	if (!b->dirty) {
		fs->cache.dirty_count++;
		b->class = (uint8_t) class;
	} else if (class < b->class) {
		b->class = (uint8_t) class;
	}
	b->dirty = 1;
}

void cache_put(struct ext2_fs *fs, struct buf *b)
{
	(void)fs;
	b->refs--;
}

/* A freed block's buffer: its contents no longer matter, so it is never written. */
void cache_forget(struct ext2_fs *fs, uint32_t block)
{
	struct buf *b = lookup(&fs->cache, block);
	if (b && !b->refs)
		destroy_buf(&fs->cache, b);
	else if (b && b->dirty) {
		b->dirty = 0;
		fs->cache.dirty_count--;
	}
}

/* Heap sort by block number (no qsort in Masque's runtime): consecutive blocks become
 * neighbours, so they go in one request. */
static void sift_down(struct buf **a, uint32_t root, uint32_t n)
{
	uint32_t child;
	struct buf *t;
	while ((child = 2 * root + 1) < n) {
		if (child + 1 < n && a[child + 1]->block > a[child]->block)
			child++;
		if (a[root]->block >= a[child]->block)
			return;
		t = a[root];
		a[root] = a[child];
		a[child] = t;
		root = child;
	}
}

static void sort_by_block(struct buf **a, uint32_t n)
{
	uint32_t i;
	struct buf *t;
	for (i = n / 2; i-- > 0;)
		sift_down(a, i, n);
	for (i = n; i-- > 1;) {
		t = a[0];
		a[0] = a[i];
		a[i] = t;
		sift_down(a, 0, i);
	}
}

/* Write bufs[0..n), sorted by block, merging runs of consecutive blocks. */
static int write_sorted(struct ext2_fs *fs, struct buf **bufs, uint32_t n, uint8_t *batch)
{
	uint32_t per_batch = BATCH_BYTES / fs->block_size, i = 0, run, k;
	int err;
	while (i < n) {
		run = 1;
		while (i + run < n && run < per_batch &&
		       bufs[i + run]->block == bufs[i]->block + run)
			run++;
		for (k = 0; k < run; k++)
			memcpy(batch + (size_t)k * fs->block_size, bufs[i + k]->data,
			       fs->block_size);
		err = fs->disk.write(fs->disk.ctx, (uint64_t)bufs[i]->block * fs->block_size, batch,
				     run * fs->block_size);
		if (err < 0)
			return err;
		for (k = 0; k < run; k++) {
			bufs[i + k]->dirty = 0;
			fs->cache.dirty_count--;
		}
		i += run;
	}
	return 0;
}

/* Write every dirty buffer of one class and flush the device. */
static int write_class(struct ext2_fs *fs, enum buf_class class, struct buf **list, uint8_t *batch)
{
	struct buf *b;
	uint32_t n = 0;
	int err;
	for (b = fs->cache.lru.lru_next; b != &fs->cache.lru; b = b->lru_next)
		if (b->dirty && b->class == class)
			list[n++] = b;
	if (!n)
		return 0;
	sort_by_block(list, n);
	err = write_sorted(fs, list, n, batch);
	if (err < 0)
		return err;
	return fs->disk.flush(fs->disk.ctx);
}

static int writeback_steps(struct ext2_fs *fs, struct buf **list, uint8_t *batch)
{
	int err = write_class(fs, CLASS_DATA, list, batch);
	if (err >= 0)
		err = write_class(fs, CLASS_BITMAP, list, batch);
	if (err >= 0)
		err = write_class(fs, CLASS_META, list, batch);
	if (err >= 0)
		err = pending_apply(fs);
	if (err >= 0)
		err = write_class(fs, CLASS_BITMAP, list, batch);
	if (err >= 0 && fs->super_dirty)
		err = super_write(fs);
	return err;
}

/* Write everything dirty back in the order of the rules above. */
int cache_writeback(struct ext2_fs *fs)
{
	struct cache *c = &fs->cache;
	struct buf **list;
	uint8_t *batch;
	int err;
	if (c->writing_back || !ext2_dirty(fs))
		return 0; /* nothing to write: no device flush either */
	/* pending_apply may bring bitmap blocks in: room for them in the list. */
	list = malloc((c->count + fs->pending_count + 1) * sizeof(*list));
	batch = malloc(BATCH_BYTES < fs->block_size ? fs->block_size : BATCH_BYTES);
	if (!list || !batch) {
		free(list);
		free(batch);
		return -ENOMEM;
	}
	c->writing_back = 1;
	err = writeback_steps(fs, list, batch);
	c->writing_back = 0;
	free(list);
	free(batch);
	return err;
}
