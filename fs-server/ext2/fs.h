/* The inside of the ext2 library: the mounted file system, the buffer cache, in-core
 * inodes, and what each file of the library offers the others. Not for the server. */
#ifndef FS_EXT2_FS_H
#define FS_EXT2_FS_H

#include <stddef.h>
#include <stdint.h>
#include "disk.h"
#include "ext2.h"
#include "ext2_format.h"

/* What a dirty buffer holds; write-back goes class by class in this order (cache.c). */
enum buf_class { CLASS_DATA, CLASS_BITMAP, CLASS_META, CLASS_COUNT };

struct buf {
	uint32_t block;
	uint32_t refs;
	uint8_t dirty;
	uint8_t class;
	uint8_t *data;
	struct buf *hash_next;
	struct buf *lru_prev, *lru_next; /* most recently used at the head */
};

/* Buffers with their block memory come SLAB_BUFS at a time (cache.c). */
struct slab {
	struct slab *next;
	struct buf *bufs; /* SLAB_BUFS of them */
	uint8_t *data;	  /* and their blocks */
};

struct cache {
	struct slab *slabs;
	struct buf *spare; /* buffers holding no block, through hash_next */
	struct buf **hash;
	uint32_t hash_size;
	uint32_t count, capacity;
	uint32_t dirty_count;
	struct buf lru; /* list head */
	int writing_back;
	uint8_t *run; /* CACHE_BATCH_BYTES for cache_read_run, kept from one run to the next */
};

/* A block or inode freed in memory: its bitmap bit is cleared only after the metadata
 * that pointed at it is on disk (cache.c). */
enum pending_kind { PENDING_BLOCK, PENDING_INODE, PENDING_DIR_INODE };
struct pending_free {
	uint32_t number;
	uint8_t kind;
};

struct node {
	uint32_t ino;
	uint32_t refs;
	uint64_t next_read; /* where a sequential reader reads next: read ahead from there */
	struct node *next;
	struct node *idle_prev, *idle_next; /* in fs->idle while nobody holds it */
	struct ext2_inode raw;		    /* the first min(inode size, sizeof raw) bytes */
};

#define DIR_INDEXES 32 /* directories with a name index at a time */
struct dir_index;

struct ext2_fs {
	struct ext2_disk disk;
	struct ext2_mount_options opt;
	int read_only;
	int mounted;	      /* mount succeeded: corruption found from now on marks the disk */
	uint16_t mount_state; /* s_state at mount: written back on unmount */
	struct ext2_super_block sb;
	struct ext2_group_desc *gd;
	uint8_t *bitmap_checked; /* per group: 1 block bitmap, 2 inode bitmap checked */
	int super_dirty;
	uint32_t block_size, log_block_size;
	uint32_t addr_per_block; /* block numbers per indirect block */
	uint32_t groups, blocks_per_group, inodes_per_group;
	uint32_t inode_size, inode_table_blocks, first_ino;
	uint32_t desc_blocks;
	uint64_t max_file_size;
	int filetype;
	struct cache cache;
	struct pending_free *pending;
	uint32_t pending_count, pending_capacity;
	uint32_t pending_blocks, pending_inodes;
	struct node **nodes;
	uint32_t nodes_size;
	struct node idle; /* list head: nodes kept though unreferenced, most recent first */
	uint32_t idle_count;
	struct dir_index *dir_indexes[DIR_INDEXES]; /* dir_index.c */
	uint64_t dir_index_clock;
};

/* super.c */
void complain(struct ext2_fs *fs, const char *what, uint64_t number);
void fs_now(struct ext2_fs *fs, struct vfs_time *t);
/* Whether a block may be a file's or directory's block: inside the file system and
 * none of its own metadata (superblocks, descriptors, bitmaps, inode tables). */
int block_is_data(struct ext2_fs *fs, uint32_t block);
int group_has_super(struct ext2_fs *fs, uint32_t group);
int super_write(struct ext2_fs *fs);

/* cache.c */
#define CACHE_BATCH_BYTES (64u * 1024u) /* the largest request the cache makes */
int cache_init(struct ext2_fs *fs, uint32_t capacity);
void cache_destroy(struct ext2_fs *fs);
int cache_get(struct ext2_fs *fs, uint32_t block, struct buf **out);
int cache_get_overwrite(struct ext2_fs *fs, uint32_t block, struct buf **out);
int cache_get_zeroed(struct ext2_fs *fs, uint32_t block, struct buf **out);
void cache_dirty(struct ext2_fs *fs, struct buf *b, enum buf_class class);
void cache_put(struct ext2_fs *fs, struct buf *b);
void cache_forget(struct ext2_fs *fs, uint32_t block);
int cache_has(struct ext2_fs *fs, uint32_t block);
void cache_read_run(struct ext2_fs *fs, uint32_t first, uint32_t count);
int cache_writeback(struct ext2_fs *fs);

/* alloc.c */
int alloc_block(struct ext2_fs *fs, uint32_t goal, uint32_t *block);
int alloc_inode(struct ext2_fs *fs, uint32_t parent, int is_dir, uint32_t *ino);
int inode_alone_in_block(struct ext2_fs *fs, uint32_t ino);
int free_block(struct ext2_fs *fs, uint32_t block);
int free_inode(struct ext2_fs *fs, uint32_t ino, int is_dir);
int pending_apply(struct ext2_fs *fs);

/* inode.c */
int node_get(struct ext2_fs *fs, uint32_t ino, struct node **out);
void node_put_last(struct ext2_fs *fs, struct node *n);
/* Drop a reference; the last one keeps n idle in the cache, or frees it if deleted.
 * Inline: most are not the last (an open file holds one). */
static inline void node_put(struct ext2_fs *fs, struct node *n)
{
	if (n->refs > 1)
		n->refs--;
	else
		node_put_last(fs, n);
}
int node_write(struct ext2_fs *fs, struct node *n);
int node_new(struct ext2_fs *fs, uint32_t ino, uint32_t mode, uint32_t uid, uint32_t gid,
	     struct node **out);
uint64_t node_size(const struct node *n);
void node_set_size(struct node *n, uint64_t size);
void node_set_time(struct ext2_fs *fs, struct node *n, int which, const struct vfs_time *t);
void node_touch(struct ext2_fs *fs, struct node *n, int which);
int node_is_fast_symlink(struct ext2_fs *fs, const struct node *n);
uint32_t node_rdev(const struct node *n);
void node_set_rdev(struct node *n, uint32_t rdev);
void nodes_release_all(struct ext2_fs *fs);
/* Whether a deleted inode is still held (freed at its last reference, a write). */
int nodes_any_deleted_held(const struct ext2_fs *fs);
void nodes_destroy(struct ext2_fs *fs);
#define TIME_ATIME 1
#define TIME_MTIME 2
#define TIME_CTIME 4
static inline uint32_t node_type(const struct node *n)
{
	return n->raw.i_mode & EXT2_S_IFMT;
}
static inline int node_is_dir(const struct node *n)
{
	return node_type(n) == EXT2_S_IFDIR;
}
/* Whether n's times have their extra words (a large enough inode). */
static inline int node_has_nsec(const struct node *n)
{
	return n->raw.i_extra_isize >= EXT2_EXTRA_END_TIMES;
}
/* A time from its seconds word and its extra word (0 where the inode has none):
 * nanoseconds in the upper 30 bits, two more bits of seconds (ext4's layout). */
static inline struct vfs_time time_decode(uint32_t sec, uint32_t extra)
{
	uint32_t nsec = extra >> 2;

	return (struct vfs_time){ (int32_t)sec + ((int64_t)(extra & 3) << 32),
				  nsec <= 999999999 ? nsec : 0 };
}
/* The mask of n's extra time words: all of them where n has them, else none. */
static inline uint32_t node_extra_mask(const struct node *n)
{
	return node_has_nsec(n) ? ~0u : 0;
}
/* One of n's times from its seconds word and, where n has it, its extra word. */
static inline struct vfs_time node_time(const struct node *n, uint32_t sec, uint32_t extra)
{
	return time_decode(sec, extra & node_extra_mask(n));
}

/* bmap.c */
int bmap(struct ext2_fs *fs, struct node *n, uint64_t lblock, int create, uint32_t *block);
/* bmap of lblock and of the blocks after it, up to max of them and to the end of the
 * pointer table holding lblock's entry, in one walk (a reader's run): how many went
 * into blocks[] (0 for a hole), or an error. */
int bmap_run(struct ext2_fs *fs, struct node *n, uint64_t lblock, uint32_t max, uint32_t *blocks);
int bmap_truncate(struct ext2_fs *fs, struct node *n, uint64_t first_free);
int node_release_blocks(struct ext2_fs *fs, struct node *n);

/* dir.c */
struct dir_slot {
	uint64_t lblock;
	uint32_t offset, prev_offset; /* prev_offset == offset: the first in its block */
	uint32_t ino;
};
int dir_find(struct ext2_fs *fs, struct node *dir, const char *name, size_t len,
	     struct dir_slot *slot);
/* the inode the name is linked to (no slot: nothing to remove) */
int dir_lookup(struct ext2_fs *fs, struct node *dir, const char *name, size_t len, uint32_t *ino);
int dir_add(struct ext2_fs *fs, struct node *dir, const char *name, size_t len, uint32_t ino,
	    uint32_t mode);
int dir_remove(struct ext2_fs *fs, struct node *dir, const struct dir_slot *slot);
int dir_retarget(struct ext2_fs *fs, struct node *dir, const struct dir_slot *slot, uint32_t ino,
		 uint32_t mode);
int dir_is_empty(struct ext2_fs *fs, struct node *dir);
int dir_init(struct ext2_fs *fs, struct node *dir, uint32_t parent);
int dir_next(struct ext2_fs *fs, struct node *dir, uint64_t *cookie, struct vfs_dirent *ent);

/* dir_index.c: where a large directory's entries are, by name (dir.c keeps it true) */
uint32_t dir_name_hash(const char *name, size_t len);
/* ino's index, or NULL if none is kept */
struct dir_index *dir_index_of(struct ext2_fs *fs, uint32_t ino);
/* a new empty index for ino (one least recently used may go); NULL: no memory */
struct dir_index *dir_index_new(struct ext2_fs *fs, uint32_t ino);
int dir_index_add(struct dir_index *x, uint32_t hash, uint64_t lblock, uint32_t offset);
void dir_index_remove(struct dir_index *x, uint32_t hash, uint64_t lblock, uint32_t offset);
/* fn(lblock, offset, arg) for each place with this hash until it returns nonzero */
int dir_index_each(struct dir_index *x, uint32_t hash, int (*fn)(uint64_t, uint32_t, void *),
		   void *arg);
/* Where dir_add starts looking for room: blocks before it were full when an entry last
 * went in (a directory filled one name after another is not searched from its start
 * each time); a removal moves it back to where room appeared. */
/* where to look for room for an entry: a block, and an entry's offset in it */
uint64_t dir_index_room(const struct dir_index *x, uint32_t *offset);
void dir_index_room_used(struct dir_index *x, uint64_t lblock, uint32_t offset);
void dir_index_room_freed(struct dir_index *x, uint64_t lblock);
void dir_index_drop(struct ext2_fs *fs, uint32_t ino);
void dir_indexes_destroy(struct ext2_fs *fs);

/* ops.c: checks shared by the operations */
int check_name(const char *name, size_t len);
int is_dot_or_dotdot(const char *name, size_t len);
int get_dir(struct ext2_fs *fs, uint32_t ino, struct node **out);

/* names.c: link count changes shared with rename.c */
void drop_link(struct ext2_fs *fs, struct node *n);
int unlink_dir(struct ext2_fs *fs, struct node *parent, struct node *n);

/* file.c */
int64_t file_read(struct ext2_fs *fs, struct node *n, uint64_t off, void *buf, size_t len);
int64_t file_write(struct ext2_fs *fs, struct node *n, uint64_t off, const void *buf, size_t len);
int file_truncate(struct ext2_fs *fs, struct node *n, uint64_t size);

#endif
