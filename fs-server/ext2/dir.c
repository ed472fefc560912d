/* Directories as linear lists of entries (struct ext2_dir_entry_2) in their blocks:
 * lookup, add (reusing free space, else a new block), remove, change an entry's inode,
 * the empty check and readdir. An indexed (dir_index) directory is read the same way:
 * its index blocks look like empty entries. Adding an entry would not be in the index,
 * so adding clears EXT2_INDEX_FL; removing or retargeting an entry keeps it valid.
 * Every entry is checked before use; scans are bounded by i_size. */
#include <errno.h>
#include <string.h>
#include "fs.h"

static int bad_dir(struct ext2_fs *fs, struct node *dir, const char *what)
{
	complain(fs, what, dir->ino);
	return -EUCLEAN;
}

static int block_count(struct ext2_fs *fs, struct node *dir, uint64_t *count)
{
	uint64_t size = node_size(dir);
	if (size % fs->block_size)
		return bad_dir(fs, dir, "directory size not a multiple of the block size in inode");
	*count = size / fs->block_size;
	return 0;
}

static int get_block(struct ext2_fs *fs, struct node *dir, uint64_t lblock, struct buf **b)
{
	uint32_t block;
	int err = bmap(fs, dir, lblock, 0, &block);
	if (err < 0)
		return err;
	if (!block)
		return bad_dir(fs, dir, "hole in directory inode");
	return cache_get(fs, block, b);
}

/* The entry at off in a block, checked against the block and the file system. */
static int entry_at(struct ext2_fs *fs, struct node *dir, struct buf *b, uint32_t off,
		    struct ext2_dir_entry_2 **out)
{
	struct ext2_dir_entry_2 *e = (struct ext2_dir_entry_2 *)(b->data + off);
	if (off + EXT2_DIR_REC_LEN(1) > fs->block_size || e->rec_len < EXT2_DIR_REC_LEN(1) ||
	    e->rec_len % 4 || off + e->rec_len > fs->block_size ||
	    EXT2_DIR_REC_LEN(e->name_len) > e->rec_len || e->inode > fs->sb.s_inodes_count)
		return bad_dir(fs, dir, "bad directory entry in inode");
	*out = e;
	return 0;
}

static uint8_t file_type_of(uint32_t mode)
{
	switch (mode & EXT2_S_IFMT) {
	case EXT2_S_IFREG:
		return EXT2_FT_REG_FILE;
	case EXT2_S_IFDIR:
		return EXT2_FT_DIR;
	case EXT2_S_IFCHR:
		return EXT2_FT_CHRDEV;
	case EXT2_S_IFBLK:
		return EXT2_FT_BLKDEV;
	case EXT2_S_IFIFO:
		return EXT2_FT_FIFO;
	case EXT2_S_IFSOCK:
		return EXT2_FT_SOCK;
	case EXT2_S_IFLNK:
		return EXT2_FT_SYMLINK;
	default:
		return EXT2_FT_UNKNOWN;
	}
}

static void fill_entry(struct ext2_fs *fs, struct ext2_dir_entry_2 *e, const char *name, size_t len,
		       uint32_t ino, uint32_t mode)
{
	e->inode = ino;
	e->name_len = (uint8_t)len;
	e->file_type = fs->filetype ? file_type_of(mode) : 0;
	memcpy(e->name, name, len);
}

/* Walks every entry of dir from the entry at offset `off` of block `from` on, calling visit(..., arg) until it
 * returns 1: then returns 1 with the entry's buffer held in *held (the caller puts it).
 * Returns 0 when no entry was chosen, or a negative errno. */
typedef int (*visit_fn)(struct ext2_dir_entry_2 *e, uint64_t lblock, uint32_t off, uint32_t prev,
			void *arg);

static int walk(struct ext2_fs *fs, struct node *dir, uint64_t from, uint32_t off, visit_fn visit,
		void *arg, struct buf **held)
{
	struct ext2_dir_entry_2 *e;
	uint64_t count, lblock;
	uint32_t prev;
	struct buf *b;
	int err = block_count(fs, dir, &count);
	for (lblock = from; err >= 0 && lblock < count; lblock++, off = 0) {
		err = get_block(fs, dir, lblock, &b);
		if (err < 0)
			return err;
		for (prev = off; off < fs->block_size; off += e->rec_len) {
			err = entry_at(fs, dir, b, off, &e);
			if (err < 0)
				break;
			if (visit(e, lblock, off, prev, arg)) {
				*held = b;
				return 1;
			}
			prev = off;
		}
		cache_put(fs, b);
	}
	return err < 0 ? err : 0;
}

struct find {
	const char *name;
	size_t len;
	struct dir_slot *slot;
};

static int match(struct ext2_dir_entry_2 *e, uint64_t lblock, uint32_t off, uint32_t prev,
		 void *arg)
{
	struct find *f = arg;
	if (!e->inode || e->name_len != f->len || memcmp(e->name, f->name, f->len))
		return 0;
	f->slot->lblock = lblock;
	f->slot->offset = off;
	f->slot->prev_offset = prev;
	f->slot->ino = e->inode;
	return 1;
}

struct indexing {
	struct ext2_fs *fs;
	struct dir_index *x;
	int err;
};

static int index_entry(struct ext2_dir_entry_2 *e, uint64_t lblock, uint32_t off, uint32_t prev,
		       void *arg)
{
	struct indexing *in = arg;
	(void)prev;
	if (e->inode &&
	    (in->err = dir_index_add(in->x, dir_name_hash(e->name, e->name_len), lblock, off)) < 0)
		return 1;
	return 0;
}

/* dir's index, made now if it has none; NULL (no memory): search it all. */
static struct dir_index *index_of(struct ext2_fs *fs, struct node *dir)
{
	struct dir_index *x = dir_index_of(fs, dir->ino);
	struct buf *b;
	uint64_t count;
	if (x || block_count(fs, dir, &count) < 0 || !(x = dir_index_new(fs, dir->ino)))
		return x;
	struct indexing in = { fs, x, 0 };
	int err = walk(fs, dir, 0, 0, index_entry, &in, &b);
	if (err > 0)
		cache_put(fs, b);
	if (err || in.err) {
		dir_index_drop(fs, dir->ino);
		return NULL;
	}
	return x;
}

/* The entry at off in lblock if it is the name sought, with the one before it when
 * the finder needs it (to remove the entry); the index is ours, kept in step, so a
 * lookup alone takes its offset as an entry's without walking the block up to it. */
struct indexed_find {
	struct ext2_fs *fs;
	struct node *dir;
	struct find *f;
	int need_prev;
	int err;
};

static int match_at(uint64_t lblock, uint32_t off, void *arg)
{
	struct indexed_find *in = arg;
	struct ext2_dir_entry_2 *e;
	uint32_t at, prev = 0;
	struct buf *b;
	if ((in->err = get_block(in->fs, in->dir, lblock, &b)) < 0)
		return 1;
	for (at = 0; in->need_prev && at < off; at += e->rec_len) {
		if ((in->err = entry_at(in->fs, in->dir, b, at, &e)) < 0)
			break;
		prev = at;
	}
	if (in->err >= 0 && in->need_prev && at != off)
		in->err = bad_dir(in->fs, in->dir, "directory index out of step in inode");
	if (in->err >= 0 && (in->err = entry_at(in->fs, in->dir, b, off, &e)) >= 0 &&
	    match(e, lblock, off, prev, in->f))
		in->err = 1;
	cache_put(in->fs, b);
	return in->err != 0;
}

static int find(struct ext2_fs *fs, struct node *dir, const char *name, size_t len,
		struct dir_slot *slot, int need_prev)
{
	struct find f = { name, len, slot };
	struct dir_index *x = index_of(fs, dir);
	struct buf *b;
	if (x) {
		struct indexed_find in = { fs, dir, &f, need_prev, 0 };
		dir_index_each(x, dir_name_hash(name, len), match_at, &in);
		return in.err < 0 ? in.err : in.err ? 0 : -ENOENT;
	}
	int err = walk(fs, dir, 0, 0, match, &f, &b);
	if (err < 0)
		return err;
	if (!err)
		return -ENOENT;
	cache_put(fs, b);
	return 0;
}

int dir_find(struct ext2_fs *fs, struct node *dir, const char *name, size_t len,
	     struct dir_slot *slot)
{
	return find(fs, dir, name, len, slot, 1);
}

int dir_lookup(struct ext2_fs *fs, struct node *dir, const char *name, size_t len, uint32_t *ino)
{
	struct dir_slot slot;
	int err = find(fs, dir, name, len, &slot, 0);
	if (err >= 0)
		*ino = slot.ino;
	return err;
}

/* An entry went in at (lblock, off), or will go from there: the index follows. */
static void index_added(struct ext2_fs *fs, struct node *dir, const char *name, size_t len,
			uint64_t lblock, uint32_t off)
{
	struct dir_index *x = dir_index_of(fs, dir->ino);
	if (x)
		dir_index_room_used(x, lblock, off);
	if (x && dir_index_add(x, dir_name_hash(name, len), lblock, off) < 0)
		dir_index_drop(fs, dir->ino); /* no memory: searched in full again */
}

static void index_removed(struct ext2_fs *fs, struct node *dir, const struct ext2_dir_entry_2 *e,
			  uint64_t lblock, uint32_t off)
{
	struct dir_index *x = dir_index_of(fs, dir->ino);
	if (x) {
		dir_index_remove(x, dir_name_hash(e->name, e->name_len), lblock, off);
		dir_index_room_freed(x, lblock);
	}
}

struct room {
	uint32_t need;
	uint32_t offset;
	uint64_t lblock;
};

static int has_room(struct ext2_dir_entry_2 *e, uint64_t lblock, uint32_t off, uint32_t prev,
		    void *arg)
{
	struct room *r = arg;
	uint32_t used = e->inode ? EXT2_DIR_REC_LEN(e->name_len) : 0;
	(void)prev;
	if (e->rec_len < used + r->need)
		return 0;
	r->offset = off;
	r->lblock = lblock;
	return 1;
}

/* A new last block holding one entry; the directory grows by a block. */
static int add_block(struct ext2_fs *fs, struct node *dir, const char *name, size_t len,
		     uint32_t ino, uint32_t mode)
{
	uint64_t count;
	uint32_t block;
	struct ext2_dir_entry_2 *e;
	struct buf *b;
	int err = block_count(fs, dir, &count);
	if (err >= 0 && (count + 1) * fs->block_size > UINT32_MAX)
		err = -ENOSPC; /* a directory's size has 32 bits */
	if (err >= 0)
		err = bmap(fs, dir, count, 1, &block);
	if (err >= 0)
		err = cache_get_zeroed(fs, block, &b);
	if (err < 0)
		return err;
	e = (struct ext2_dir_entry_2 *)b->data;
	e->rec_len = (uint16_t)fs->block_size;
	fill_entry(fs, e, name, len, ino, mode);
	cache_dirty(fs, b, CLASS_DATA);
	cache_put(fs, b);
	node_set_size(dir, (count + 1) * fs->block_size);
	return 0;
}

int dir_add(struct ext2_fs *fs, struct node *dir, const char *name, size_t len, uint32_t ino,
	    uint32_t mode)
{
	struct room r = { EXT2_DIR_REC_LEN(len), 0, 0 };
	struct ext2_dir_entry_2 *e, *split;
	uint64_t count;
	uint32_t used;
	struct buf *b;
	int err = block_count(fs, dir, &count);
	if (err < 0)
		return err;
	struct dir_index *x = index_of(fs, dir);
	uint32_t off = 0;
	uint64_t from = x ? dir_index_room(x, &off) : 0;
	if (from >= count)
		from = off = 0;
	err = walk(fs, dir, from, off, has_room, &r, &b);
	if (err < 0)
		return err;
	if (!err) {
		err = add_block(fs, dir, name, len, ino, mode);
		if (err >= 0)
			index_added(fs, dir, name, len, count, 0);
	} else {
		e = (struct ext2_dir_entry_2 *)(b->data + r.offset);
		used = e->inode ? EXT2_DIR_REC_LEN(e->name_len) : 0;
		split = e;
		if (used) {
			split = (struct ext2_dir_entry_2 *)(b->data + r.offset + used);
			split->rec_len = (uint16_t)(e->rec_len - used);
			e->rec_len = (uint16_t)used;
		}
		fill_entry(fs, split, name, len, ino, mode);
		index_added(fs, dir, name, len, r.lblock, (uint32_t)((uint8_t *)split - b->data));
		cache_dirty(fs, b, CLASS_META);
		cache_put(fs, b);
	}
	if (err < 0)
		return err;
	dir->raw.i_flags &= ~(uint32_t)EXT2_INDEX_FL;
	node_touch(fs, dir, TIME_MTIME | TIME_CTIME);
	return node_write(fs, dir);
}

/* The entry at slot goes: merged into the one before it, or emptied if first. */
int dir_remove(struct ext2_fs *fs, struct node *dir, const struct dir_slot *slot)
{
	struct ext2_dir_entry_2 *e, *prev;
	struct buf *b;
	int err = get_block(fs, dir, slot->lblock, &b);
	if (err < 0)
		return err;
	e = (struct ext2_dir_entry_2 *)(b->data + slot->offset);
	prev = (struct ext2_dir_entry_2 *)(b->data + slot->prev_offset);
	index_removed(fs, dir, e, slot->lblock, slot->offset);
	if (prev != e)
		prev->rec_len = (uint16_t)(prev->rec_len + e->rec_len);
	else
		e->inode = 0;
	cache_dirty(fs, b, CLASS_META);
	cache_put(fs, b);
	node_touch(fs, dir, TIME_MTIME | TIME_CTIME);
	return node_write(fs, dir);
}

int dir_retarget(struct ext2_fs *fs, struct node *dir, const struct dir_slot *slot, uint32_t ino,
		 uint32_t mode)
{
	struct ext2_dir_entry_2 *e;
	struct buf *b;
	int err = get_block(fs, dir, slot->lblock, &b);
	if (err < 0)
		return err;
	e = (struct ext2_dir_entry_2 *)(b->data + slot->offset);
	e->inode = ino;
	e->file_type = fs->filetype ? file_type_of(mode) : 0;
	cache_dirty(fs, b, CLASS_META);
	cache_put(fs, b);
	node_touch(fs, dir, TIME_MTIME | TIME_CTIME);
	return node_write(fs, dir);
}

static int not_dot(struct ext2_dir_entry_2 *e, uint64_t lblock, uint32_t off, uint32_t prev,
		   void *arg)
{
	(void)lblock;
	(void)off;
	(void)prev;
	(void)arg;
	if (!e->inode || (e->name_len == 1 && e->name[0] == '.') ||
	    (e->name_len == 2 && e->name[0] == '.' && e->name[1] == '.'))
		return 0;
	return 1;
}

/* 1 if dir holds nothing but "." and "..", 0 if it holds more. */
int dir_is_empty(struct ext2_fs *fs, struct node *dir)
{
	struct buf *b;
	int err = walk(fs, dir, 0, 0, not_dot, NULL, &b);
	if (err < 0)
		return err;
	if (err)
		cache_put(fs, b);
	return !err;
}

/* The first block of a new directory: "." and "..". */
int dir_init(struct ext2_fs *fs, struct node *dir, uint32_t parent)
{
	struct ext2_dir_entry_2 *e;
	uint32_t block;
	struct buf *b;
	int err = bmap(fs, dir, 0, 1, &block);
	if (err >= 0)
		err = cache_get_zeroed(fs, block, &b);
	if (err < 0)
		return err;
	e = (struct ext2_dir_entry_2 *)b->data;
	e->rec_len = EXT2_DIR_REC_LEN(1);
	fill_entry(fs, e, ".", 1, dir->ino, EXT2_S_IFDIR);
	e = (struct ext2_dir_entry_2 *)(b->data + EXT2_DIR_REC_LEN(1));
	e->rec_len = (uint16_t)(fs->block_size - EXT2_DIR_REC_LEN(1));
	fill_entry(fs, e, "..", 2, parent, EXT2_S_IFDIR);
	cache_dirty(fs, b, CLASS_DATA);
	cache_put(fs, b);
	node_set_size(dir, fs->block_size);
	dir_index_drop(fs, dir->ino);
	return node_write(fs, dir);
}

static const uint8_t dt_of_file_type[8] = { 0, 8, 4, 2, 6, 1, 12, 10 };

struct next {
	uint32_t from; /* offset in the first block */
	uint64_t first_lblock;
	uint64_t lblock;
	uint32_t offset;
};

static int at_or_after(struct ext2_dir_entry_2 *e, uint64_t lblock, uint32_t off, uint32_t prev,
		       void *arg)
{
	struct next *n = arg;
	(void)prev;
	if (!e->inode || (lblock == n->first_lblock && off < n->from))
		return 0;
	n->lblock = lblock;
	n->offset = off;
	return 1;
}

/* The first live entry whose offset is at or past the cookie: a record boundary moved
 * by a removal does not lose or repeat an entry. */
int dir_next(struct ext2_fs *fs, struct node *dir, uint64_t *cookie, struct vfs_dirent *ent)
{
	struct next n = { (uint32_t)(*cookie % fs->block_size), *cookie / fs->block_size, 0, 0 };
	struct ext2_dir_entry_2 *e;
	struct buf *b;
	int err = walk(fs, dir, n.first_lblock, 0, at_or_after, &n, &b);
	if (err <= 0)
		return err;
	e = (struct ext2_dir_entry_2 *)(b->data + n.offset);
	ent->ino = e->inode;
	ent->type = fs->filetype ? dt_of_file_type[e->file_type & 7] : 0;
	if (e->file_type > 7)
		ent->type = 0;
	ent->name_len = e->name_len;
	memcpy(ent->name, e->name, e->name_len);
	ent->name[e->name_len] = 0;
	*cookie = n.lblock * fs->block_size + n.offset + e->rec_len;
	cache_put(fs, b);
	return 1;
}
