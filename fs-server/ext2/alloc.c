/* Block and inode allocation from the bitmaps, with the group counters, the superblock's
 * free counts and s_used_dirs_count kept exact. A file's blocks go near a goal (the
 * block before it in the file, or its inode's group); a file's inode goes in its
 * parent's group when that has room; a directory's inode goes, as Linux's ext2 did
 * before Orlov, in the group with the most free blocks among those with at least the
 * average number of free inodes, which spreads directories over the disk.
 * Frees are deferred: see rule 3 in cache.c. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "fs.h"

static uint32_t group_blocks(struct ext2_fs *fs, uint32_t g)
{
	uint32_t first = fs->sb.s_first_data_block + g * fs->blocks_per_group;
	uint32_t left = fs->sb.s_blocks_count - first;
	return left < fs->blocks_per_group ? left : fs->blocks_per_group;
}

/* The first clear bit in [from, limit) of a bitmap, or limit. */
static uint32_t find_clear(const uint8_t *map, uint32_t from, uint32_t limit)
{
	uint32_t i = from;
	uint64_t word;
	while (i < limit) {
		if ((i & 63) == 0 && i + 64 <= limit) { /* 64 bits at once, bit i first */
			memcpy(&word, map + (i >> 3), sizeof(word));
			if (word != ~0ull)
				return i + (uint32_t)__builtin_ctzll(~word);
			i += 64;
		} else if (!(map[i >> 3] & (1u << (i & 7)))) {
			return i;
		} else {
			i++;
		}
	}
	return limit;
}

static int bit_set(const uint8_t *map, uint32_t i)
{
	return map[i >> 3] >> (i & 7) & 1;
}

/* A block bitmap must mark the group's own bitmaps and inode table used: a descriptor
 * that points at anything else (a file's data) is caught before a bit of it changes. */
static int block_bitmap_sane(struct ext2_fs *fs, uint32_t g, const uint8_t *map)
{
	uint32_t first = fs->sb.s_first_data_block + g * fs->blocks_per_group, i;
	struct ext2_group_desc *gd = &fs->gd[g];
	if (!bit_set(map, gd->bg_block_bitmap - first) ||
	    !bit_set(map, gd->bg_inode_bitmap - first))
		return 0;
	for (i = 0; i < fs->inode_table_blocks; i++)
		if (!bit_set(map, gd->bg_inode_table - first + i))
			return 0;
	return 1;
}

/* An inode bitmap has its padding past the group's inodes set (mke2fs and e2fsck see
 * to it), and group 0 its reserved inodes. */
static int inode_bitmap_sane(struct ext2_fs *fs, uint32_t g, const uint8_t *map)
{
	uint32_t i;
	for (i = fs->inodes_per_group; i < 8 * fs->block_size; i++)
		if (!bit_set(map, i))
			return 0;
	for (i = 0; g == 0 && i < fs->first_ino - 1 && i < fs->inodes_per_group; i++)
		if (!bit_set(map, i))
			return 0;
	return 1;
}

/* Group g's block (inodes = 0) or inode bitmap, checked the first time it is read. */
static int get_bitmap(struct ext2_fs *fs, uint32_t g, int inodes, struct buf **out)
{
	uint8_t flag = inodes ? 2 : 1;
	uint32_t block = inodes ? fs->gd[g].bg_inode_bitmap : fs->gd[g].bg_block_bitmap;
	int err = cache_get(fs, block, out);
	if (err < 0 || (fs->bitmap_checked[g] & flag))
		return err;
	if (inodes ? !inode_bitmap_sane(fs, g, (*out)->data)
		   : !block_bitmap_sane(fs, g, (*out)->data)) {
		cache_put(fs, *out);
		complain(fs,
			 inodes ? "inode bitmap of group does not look like one"
				: "block bitmap of group does not look like one",
			 g);
		return -EUCLEAN;
	}
	fs->bitmap_checked[g] |= flag;
	return 0;
}

static int take_block_in_group(struct ext2_fs *fs, uint32_t g, uint32_t from, uint32_t *block)
{
	struct ext2_group_desc *gd = &fs->gd[g];
	uint32_t limit = group_blocks(fs, g), bit;
	struct buf *b;
	int err = get_bitmap(fs, g, 0, &b);
	if (err < 0)
		return err;
	if (from >= limit)
		from = 0;
	bit = find_clear(b->data, from, limit);
	if (bit == limit && from)
		bit = find_clear(b->data, 0, from);
	if (bit >= limit) {
		cache_put(fs, b);
		complain(fs, "group's free block count disagrees with its bitmap", g);
		return -EUCLEAN;
	}
	*block = fs->sb.s_first_data_block + g * fs->blocks_per_group + bit;
	if (!block_is_data(fs, *block)) {
		cache_put(fs, b);
		complain(fs, "block bitmap frees a metadata block", *block);
		return -EUCLEAN;
	}
	b->data[bit >> 3] |= (uint8_t)(1u << (bit & 7));
	cache_dirty(fs, b, CLASS_BITMAP);
	cache_put(fs, b);
	gd->bg_free_blocks_count--;
	fs->sb.s_free_blocks_count--;
	fs->super_dirty = 1;
	return 0;
}

static int alloc_block_once(struct ext2_fs *fs, uint32_t goal, uint32_t *block)
{
	uint32_t g0, g, i, from = 0;
	if (goal < fs->sb.s_first_data_block || goal >= fs->sb.s_blocks_count)
		goal = fs->sb.s_first_data_block;
	g0 = (goal - fs->sb.s_first_data_block) / fs->blocks_per_group;
	for (i = 0; i < fs->groups; i++) {
		g = (g0 + i) % fs->groups;
		if (!fs->gd[g].bg_free_blocks_count)
			continue;
		from = i ? 0 : (goal - fs->sb.s_first_data_block) % fs->blocks_per_group;
		return take_block_in_group(fs, g, from, block);
	}
	return -ENOSPC;
}

/* A free block near goal, marked used. When the disk looks full but frees wait for a
 * write-back, write back and look again. */
int alloc_block(struct ext2_fs *fs, uint32_t goal, uint32_t *block)
{
	int err;
	if (fs->read_only)
		return -EROFS;
	err = alloc_block_once(fs, goal, block);
	if (err == -ENOSPC && fs->pending_blocks) {
		err = cache_writeback(fs);
		if (err >= 0)
			err = alloc_block_once(fs, goal, block);
	}
	return err;
}

static int take_inode_in_group(struct ext2_fs *fs, uint32_t g, int is_dir, uint32_t *ino)
{
	struct ext2_group_desc *gd = &fs->gd[g];
	uint32_t from = 0, bit;
	struct buf *b;
	int err = get_bitmap(fs, g, 1, &b);
	if (err < 0)
		return err;
	if (g * fs->inodes_per_group < fs->first_ino - 1)
		from = fs->first_ino - 1 - g * fs->inodes_per_group;
	bit = find_clear(b->data, from, fs->inodes_per_group);
	if (bit >= fs->inodes_per_group) {
		cache_put(fs, b);
		complain(fs, "group's free inode count disagrees with its bitmap", g);
		return -EUCLEAN;
	}
	b->data[bit >> 3] |= (uint8_t)(1u << (bit & 7));
	cache_dirty(fs, b, CLASS_BITMAP);
	cache_put(fs, b);
	*ino = g * fs->inodes_per_group + bit + 1;
	gd->bg_free_inodes_count--;
	fs->sb.s_free_inodes_count--;
	if (is_dir)
		gd->bg_used_dirs_count++;
	fs->super_dirty = 1;
	return 0;
}

/* A directory's group: enough free inodes, then the most free blocks. */
static int64_t group_for_dir(struct ext2_fs *fs)
{
	uint32_t avg = fs->sb.s_free_inodes_count / fs->groups, g;
	int64_t best = -1;
	for (g = 0; g < fs->groups; g++) {
		if (!fs->gd[g].bg_free_inodes_count || fs->gd[g].bg_free_inodes_count < avg)
			continue;
		if (best < 0 || fs->gd[g].bg_free_blocks_count > fs->gd[best].bg_free_blocks_count)
			best = g;
	}
	return best;
}

/* A file's group: the parent's if it has an inode and a block free, else the next with
 * both, else the next with an inode. */
static int64_t group_for_file(struct ext2_fs *fs, uint32_t parent)
{
	uint32_t g0 = (parent - 1) / fs->inodes_per_group, i, g;
	for (i = 0; i < fs->groups; i++) {
		g = (g0 + i) % fs->groups;
		if (fs->gd[g].bg_free_inodes_count && fs->gd[g].bg_free_blocks_count)
			return g;
	}
	for (i = 0; i < fs->groups; i++) {
		g = (g0 + i) % fs->groups;
		if (fs->gd[g].bg_free_inodes_count)
			return g;
	}
	return -1;
}

static int alloc_inode_once(struct ext2_fs *fs, uint32_t parent, int is_dir, uint32_t *ino)
{
	int64_t g = is_dir ? group_for_dir(fs) : group_for_file(fs, parent);
	if (g < 0 && is_dir)
		g = group_for_file(fs, parent);
	if (g < 0)
		return -ENOSPC;
	return take_inode_in_group(fs, (uint32_t)g, is_dir, ino);
}

int alloc_inode(struct ext2_fs *fs, uint32_t parent, int is_dir, uint32_t *ino)
{
	int err;
	if (fs->read_only)
		return -EROFS;
	err = alloc_inode_once(fs, parent, is_dir, ino);
	if (err == -ENOSPC && fs->pending_inodes) {
		err = cache_writeback(fs);
		if (err >= 0)
			err = alloc_inode_once(fs, parent, is_dir, ino);
	}
	return err;
}

static int pending_add(struct ext2_fs *fs, uint32_t number, enum pending_kind kind)
{
	struct pending_free *p;
	uint32_t cap;
	if (fs->pending_count == fs->pending_capacity) {
		cap = fs->pending_capacity ? 2 * fs->pending_capacity : 64;
		p = realloc(fs->pending, cap * sizeof(*p));
		if (!p)
			return -ENOMEM;
		fs->pending = p;
		fs->pending_capacity = cap;
	}
	fs->pending[fs->pending_count].number = number;
	fs->pending[fs->pending_count].kind = (uint8_t)kind;
	fs->pending_count++;
	if (kind == PENDING_BLOCK)
		fs->pending_blocks++;
	else
		fs->pending_inodes++;
	return 0;
}

/* Give block back once the pointers to it are on disk. */
int free_block(struct ext2_fs *fs, uint32_t block)
{
	if (!block_is_data(fs, block)) {
		complain(fs, "freeing a block that is not a data block", block);
		return -EUCLEAN;
	}
	cache_forget(fs, block);
	return pending_add(fs, block, PENDING_BLOCK);
}

int free_inode(struct ext2_fs *fs, uint32_t ino, int is_dir)
{
	return pending_add(fs, ino, is_dir ? PENDING_DIR_INODE : PENDING_INODE);
}

/* Clear the bit of one pending free: 1 if done, 0 if it was clear already (a block
 * freed twice: corruption, counted so the counters stay right). */
static int clear_bit(struct ext2_fs *fs, uint32_t g, int inodes, uint32_t bit)
{
	struct buf *b;
	int err = get_bitmap(fs, g, inodes, &b);
	if (err < 0)
		return err;
	if (!bit_set(b->data, bit)) {
		cache_put(fs, b);
		return 0;
	}
	b->data[bit >> 3] &= (uint8_t) ~(1u << (bit & 7));
	cache_dirty(fs, b, CLASS_BITMAP);
	cache_put(fs, b);
	return 1;
}

static int apply_one(struct ext2_fs *fs, const struct pending_free *p)
{
	uint32_t g, bit;
	int done;
	if (p->kind == PENDING_BLOCK) {
		g = (p->number - fs->sb.s_first_data_block) / fs->blocks_per_group;
		bit = (p->number - fs->sb.s_first_data_block) % fs->blocks_per_group;
		done = clear_bit(fs, g, 0, bit);
		if (done > 0) {
			fs->gd[g].bg_free_blocks_count++;
			fs->sb.s_free_blocks_count++;
		}
		return done;
	}
	g = (p->number - 1) / fs->inodes_per_group;
	bit = (p->number - 1) % fs->inodes_per_group;
	done = clear_bit(fs, g, 1, bit);
	if (done > 0) {
		fs->gd[g].bg_free_inodes_count++;
		fs->sb.s_free_inodes_count++;
		if (p->kind == PENDING_DIR_INODE && fs->gd[g].bg_used_dirs_count)
			fs->gd[g].bg_used_dirs_count--;
	}
	return done;
}

/* Clear the bits of every pending free: the metadata that pointed at them is on disk. */
int pending_apply(struct ext2_fs *fs)
{
	uint32_t i, twice = 0, first = 0;
	int done;
	for (i = 0; i < fs->pending_count; i++) {
		done = apply_one(fs, &fs->pending[i]);
		if (done < 0) {
			/* Keep the rest for the next write-back. */
			fs->pending_count -= i;
			memmove(fs->pending, fs->pending + i,
				fs->pending_count * sizeof(*fs->pending));
			return done;
		}
		if (!done && !twice++)
			first = fs->pending[i].number;
		if (fs->pending[i].kind == PENDING_BLOCK)
			fs->pending_blocks--;
		else
			fs->pending_inodes--;
		fs->super_dirty = 1;
	}
	fs->pending_count = 0;
	if (twice)
		complain(fs, "freed what the bitmap says is free already (first of them)", first);
	return 0;
}
