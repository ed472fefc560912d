/* Logical to physical block numbers through the inode's direct, indirect, double and
 * triple indirect pointers: holes read as 0, blocks allocated on write, and truncation
 * freeing data and indirect blocks past a point. Every pointer read from disk is checked
 * before use; walks are bounded by the tree's depth and by the inode's block count. */
#include <errno.h>
#include "fs.h"

/* The path to lblock: the slot in i_block, then an index per indirect level. */
static int path_of(struct ext2_fs *fs, uint64_t lblock, uint32_t path[4])
{
	uint64_t apb = fs->addr_per_block;
	if (lblock < EXT2_NDIR_BLOCKS) {
		path[0] = (uint32_t)lblock;
		return 0;
	}
	lblock -= EXT2_NDIR_BLOCKS;
	if (lblock < apb) {
		path[0] = EXT2_IND_BLOCK;
		path[1] = (uint32_t)lblock;
		return 1;
	}
	lblock -= apb;
	if (lblock < apb * apb) {
		path[0] = EXT2_DIND_BLOCK;
		path[1] = (uint32_t)(lblock / apb);
		path[2] = (uint32_t)(lblock % apb);
		return 2;
	}
	lblock -= apb * apb;
	if (lblock < apb * apb * apb) {
		path[0] = EXT2_TIND_BLOCK;
		path[1] = (uint32_t)(lblock / (apb * apb));
		path[2] = (uint32_t)(lblock / apb % apb);
		path[3] = (uint32_t)(lblock % apb);
		return 3;
	}
	return -EFBIG;
}

static int bad_pointer(struct ext2_fs *fs, struct node *n)
{
	complain(fs, "bad block pointer in inode", n->ino);
	return -EUCLEAN;
}

/* A new block for n near goal, counted in i_blocks and zeroed in the cache as DATA
 * before any pointer to it exists: whatever write-back comes next writes it before
 * the pointer (rule 1 of cache.c), so a crash never shows a file old disk contents. */
static int new_block(struct ext2_fs *fs, struct node *n, uint32_t goal, uint32_t *block)
{
	struct buf *b;
	int err = alloc_block(fs, goal, block);
	if (err < 0)
		return err;
	n->raw.i_blocks += fs->block_size / 512;
	err = cache_get_zeroed(fs, *block, &b);
	if (err < 0)
		return err;
	cache_dirty(fs, b, CLASS_DATA);
	cache_put(fs, b);
	return 0;
}

static uint32_t goal_for(struct ext2_fs *fs, struct node *n, uint32_t near)
{
	if (near)
		return near + 1;
	return fs->sb.s_first_data_block +
	       (n->ino - 1) / fs->inodes_per_group * fs->blocks_per_group;
}

/* One step down: entry index of indirect block `table`, allocated if create. */
static int step(struct ext2_fs *fs, struct node *n, uint32_t table, uint32_t index, int create,
		uint32_t *block)
{
	struct buf *b;
	uint32_t *ptrs;
	int err = cache_get(fs, table, &b);
	if (err < 0)
		return err;
	ptrs = (uint32_t *)b->data;
	*block = ptrs[index];
	if (!*block && create) {
		err = new_block(fs, n, goal_for(fs, n, index ? ptrs[index - 1] : table), block);
		if (err >= 0) {
			ptrs[index] = *block;
			cache_dirty(fs, b, CLASS_META);
		}
	}
	cache_put(fs, b);
	if (err < 0)
		return err;
	if (*block && !block_is_data(fs, *block))
		return bad_pointer(fs, n);
	return 0;
}

static int walk_path(struct ext2_fs *fs, struct node *n, const uint32_t *path, int depth,
		     int create, uint32_t *block)
{
	uint32_t cur = n->raw.i_block[path[0]];
	int level, err;
	if (!cur && create) {
		err = new_block(fs, n, goal_for(fs, n, path[0] ? n->raw.i_block[path[0] - 1] : 0),
				&cur);
		if (err < 0)
			return err;
		n->raw.i_block[path[0]] = cur;
	}
	if (cur && !block_is_data(fs, cur))
		return bad_pointer(fs, n);
	for (level = 1; level <= depth && cur; level++) {
		err = step(fs, n, cur, path[level], create, &cur);
		if (err < 0)
			return err;
	}
	*block = cur;
	return 0;
}

/* The physical block of lblock in *block, 0 for a hole (when !create). A block made
 * now is zeroed. With create the inode is written back even on failure: the blocks
 * allocated before it stay counted and pointed at. */
int bmap(struct ext2_fs *fs, struct node *n, uint64_t lblock, int create, uint32_t *block)
{
	uint32_t path[4];
	int depth = path_of(fs, lblock, path), err, werr;
	if (depth < 0)
		return depth;
	err = walk_path(fs, n, path, depth, create, block);
	if (!create)
		return err;
	werr = node_write(fs, n);
	return err < 0 ? err : werr;
}

int bmap_run(struct ext2_fs *fs, struct node *n, uint64_t lblock, uint32_t max, uint32_t *blocks)
{
	uint32_t path[4], table = 0, count, i;
	int depth = path_of(fs, lblock, path), err = 0;
	const uint32_t *ptrs = n->raw.i_block;
	struct buf *b = NULL;
	if (depth < 0)
		return depth;
	count = depth ? fs->addr_per_block - path[depth] : EXT2_NDIR_BLOCKS - path[0];
	if (count > max)
		count = max;
	if (depth) { /* the pointer table that holds lblock's entry */
		err = walk_path(fs, n, path, depth - 1, 0, &table);
		if (err >= 0 && table)
			err = cache_get(fs, table, &b);
		if (err < 0)
			return err;
		ptrs = b ? (const uint32_t *)b->data : NULL;
	}
	for (i = 0; i < count; i++) {
		blocks[i] = ptrs ? ptrs[path[depth] + i] : 0; /* no table: a hole throughout */
		if (blocks[i] && !block_is_data(fs, blocks[i]))
			err = bad_pointer(fs, n);
	}
	if (b)
		cache_put(fs, b);
	return err < 0 ? err : (int)count;
}

struct trim {
	struct node *n;
	uint64_t budget; /* blocks the inode can own at most */
	uint64_t freed;
};

static int release(struct ext2_fs *fs, struct trim *t, uint32_t block)
{
	if (!t->budget--) {
		complain(fs, "more blocks than the inode counts in inode", t->n->ino);
		return -EUCLEAN;
	}
	t->freed++;
	return free_block(fs, block);
}

static uint64_t span_of(struct ext2_fs *fs, int level)
{
	uint64_t span = 1;
	while (--level > 0)
		span *= fs->addr_per_block;
	return span;
}

/* Free what indirect block `table` (level 1: pointers to data) maps from logical offset
 * `from` within its span. Returns 1 when nothing is left under it, 0 if something is. */
static int trim(struct ext2_fs *fs, struct trim *t, uint32_t table, int level, uint64_t from)
{
	uint64_t span = span_of(fs, level), base;
	uint32_t i, *ptrs;
	struct buf *b;
	int err, r, left = 0;
	if (!block_is_data(fs, table))
		return bad_pointer(fs, t->n);
	err = cache_get(fs, table, &b);
	if (err < 0)
		return err;
	ptrs = (uint32_t *)b->data;
	for (i = 0; i < fs->addr_per_block && err >= 0; i++) {
		base = (uint64_t)i * span;
		if (!ptrs[i] || base + span <= from)
			continue;
		if (level > 1) {
			r = trim(fs, t, ptrs[i], level - 1, base < from ? from - base : 0);
			if (r <= 0) {
				err = r; /* 0: the child keeps blocks, and its pointer */
				continue;
			}
		}
		err = release(fs, t, ptrs[i]);
		if (err >= 0) {
			ptrs[i] = 0;
			cache_dirty(fs, b, CLASS_META);
		}
	}
	for (i = 0; i < fs->addr_per_block && !left; i++)
		left = ptrs[i] != 0;
	cache_put(fs, b);
	return err < 0 ? err : !left;
}

/* Free every block at or past logical block first, and indirect blocks left empty. */
int bmap_truncate(struct ext2_fs *fs, struct node *n, uint64_t first)
{
	struct trim t = { n, n->raw.i_blocks / (fs->block_size / 512), 0 };
	uint64_t start = EXT2_NDIR_BLOCKS, span;
	uint32_t i;
	int level, err = 0, werr;
	for (i = 0; i < EXT2_NDIR_BLOCKS && err >= 0; i++) {
		if (i < first || !n->raw.i_block[i])
			continue;
		if (!block_is_data(fs, n->raw.i_block[i]))
			err = bad_pointer(fs, n);
		else
			err = release(fs, &t, n->raw.i_block[i]);
		if (err >= 0)
			n->raw.i_block[i] = 0;
	}
	for (level = 1; level <= 3 && err >= 0; level++) {
		span = span_of(fs, level + 1);
		i = EXT2_IND_BLOCK + (uint32_t)level - 1;
		if (n->raw.i_block[i] && first < start + span) {
			err = trim(fs, &t, n->raw.i_block[i], level,
				   first > start ? first - start : 0);
			if (err == 1) {
				err = release(fs, &t, n->raw.i_block[i]);
				if (err >= 0)
					n->raw.i_block[i] = 0;
			}
		}
		start += span;
	}
	n->raw.i_blocks -= (uint32_t)(t.freed * (fs->block_size / 512));
	werr = node_write(fs, n);
	return err < 0 ? err : werr;
}

/* Whether i_block holds block numbers: not for devices, fifos, sockets and fast
 * symlinks (whose i_block holds the target). */
static int has_blocks(struct ext2_fs *fs, struct node *n)
{
	switch (node_type(n)) {
	case EXT2_S_IFREG:
	case EXT2_S_IFDIR:
		return 1;
	case EXT2_S_IFLNK:
		return !node_is_fast_symlink(fs, n);
	default:
		return 0;
	}
}

int node_release_blocks(struct ext2_fs *fs, struct node *n)
{
	if (!has_blocks(fs, n))
		return 0;
	return bmap_truncate(fs, n, 0);
}
