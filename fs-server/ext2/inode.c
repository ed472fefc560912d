/* In-core inodes: read from and written back to the inode table through the cache,
 * reference counted, and deleted (blocks, attribute block, inode) when the last
 * reference to an inode without links goes. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "fs.h"

/* Bytes of struct ext2_inode kept in core: the rest of a large inode (in-inode extended
 * attributes) stays on disk untouched. */
static uint32_t core_bytes(struct ext2_fs *fs)
{
	return fs->inode_size < sizeof(struct ext2_inode) ? fs->inode_size
							  : (uint32_t)sizeof(struct ext2_inode);
}

static void locate(struct ext2_fs *fs, uint32_t ino, uint32_t *block, uint32_t *offset)
{
	uint32_t g = (ino - 1) / fs->inodes_per_group, index = (ino - 1) % fs->inodes_per_group;
	uint64_t byte = (uint64_t)index * fs->inode_size;
	*block = fs->gd[g].bg_inode_table + (uint32_t)(byte / fs->block_size);
	*offset = (uint32_t)(byte % fs->block_size);
}

/* An inode-table block not cached yet comes with the table's blocks after it in one
 * request: inodes are mostly met in number order (files made one after another, a
 * directory listed), and one request costs about as much as one block. */
static void read_table_run(struct ext2_fs *fs, uint32_t ino, uint32_t block)
{
	uint32_t g = (ino - 1) / fs->inodes_per_group;
	uint64_t table_bytes = (uint64_t)fs->inodes_per_group * fs->inode_size;
	uint64_t end =
		fs->gd[g].bg_inode_table + (table_bytes + fs->block_size - 1) / fs->block_size;
	uint32_t count = 1, max = CACHE_BATCH_BYTES / fs->block_size;
	if (cache_has(fs, block))
		return;
	while (count < max && block + count < end && !cache_has(fs, block + count))
		count++;
	if (count > 1)
		cache_read_run(fs, block, count);
}

static struct node **bucket(struct ext2_fs *fs, uint32_t ino)
{
	return &fs->nodes[ino & (fs->nodes_size - 1)];
}

static struct node *find_node(struct ext2_fs *fs, uint32_t ino)
{
	struct node *n;
	for (n = *bucket(fs, ino); n; n = n->next)
		if (n->ino == ino)
			return n;
	return NULL;
}

static int load(struct ext2_fs *fs, uint32_t ino, struct node **out)
{
	uint32_t block, offset;
	struct buf *b;
	struct node *n;
	int err;
	if (ino < 1 || ino > fs->sb.s_inodes_count) {
		complain(fs, "inode number out of range", ino);
		return -EUCLEAN;
	}
	n = calloc(1, sizeof(*n));
	if (!n)
		return -ENOMEM;
	locate(fs, ino, &block, &offset);
	read_table_run(fs, ino, block);
	err = cache_get(fs, block, &b);
	if (err < 0) {
		free(n);
		return err;
	}
	memcpy(&n->raw, b->data + offset, core_bytes(fs));
	cache_put(fs, b);
	if (fs->inode_size == EXT2_GOOD_OLD_INODE_SIZE ||
	    n->raw.i_extra_isize > fs->inode_size - EXT2_GOOD_OLD_INODE_SIZE)
		n->raw.i_extra_isize = 0;
	n->ino = ino;
	n->next = *bucket(fs, ino);
	*bucket(fs, ino) = n;
	*out = n;
	return 0;
}

static void unhash_node(struct ext2_fs *fs, struct node *n)
{
	struct node **p = bucket(fs, n->ino);
	while (*p != n)
		p = &(*p)->next;
	*p = n->next;
}

/* Unreferenced inodes stay in core, up to this many, the least recently used going
 * first: a path walked again (a directory's, a program's) is not read and checked
 * from the inode table each time. */
#define IDLE_NODES_MAX 512

static void idle_unlink(struct ext2_fs *fs, struct node *n)
{
	n->idle_prev->idle_next = n->idle_next;
	n->idle_next->idle_prev = n->idle_prev;
	n->idle_prev = n->idle_next = NULL;
	fs->idle_count--;
}

static void idle_keep(struct ext2_fs *fs, struct node *n)
{
	if (!fs->idle.idle_next)
		fs->idle.idle_next = fs->idle.idle_prev = &fs->idle;
	n->idle_next = fs->idle.idle_next;
	n->idle_prev = &fs->idle;
	fs->idle.idle_next->idle_prev = n;
	fs->idle.idle_next = n;
	if (++fs->idle_count > IDLE_NODES_MAX) {
		struct node *old = fs->idle.idle_prev;
		idle_unlink(fs, old);
		unhash_node(fs, old);
		free(old);
	}
}

/* Inode ino, referenced; an inode without links or mode nobody holds is corruption
 * when reached from a name. */
int node_get(struct ext2_fs *fs, uint32_t ino, struct node **out)
{
	struct node *n = find_node(fs, ino);
	int err;
	if (!n) {
		if (ino != EXT2_ROOT_INO && ino < fs->first_ino) {
			complain(fs, "reference to a reserved inode", ino);
			return -EUCLEAN;
		}
		err = load(fs, ino, &n);
		if (err < 0)
			return err;
		if (!n->raw.i_links_count || !n->raw.i_mode) {
			unhash_node(fs, n);
			free(n);
			complain(fs, "reference to a free inode", ino);
			return -EUCLEAN;
		}
	}
	if (!n->refs && n->idle_next)
		idle_unlink(fs, n);
	n->refs++;
	*out = n;
	return 0;
}

int node_write(struct ext2_fs *fs, struct node *n)
{
	uint32_t block, offset;
	struct buf *b;
	int err;
	if (fs->read_only)
		return -EROFS;
	locate(fs, n->ino, &block, &offset);
	err = cache_get(fs, block, &b);
	if (err < 0)
		return err;
	memcpy(b->data + offset, &n->raw, core_bytes(fs));
	cache_dirty(fs, b, CLASS_META);
	cache_put(fs, b);
	return 0;
}

/* The attribute block loses this inode's reference; freed with its last. */
static int release_xattr(struct ext2_fs *fs, struct node *n)
{
	uint32_t block = n->raw.i_file_acl;
	struct ext2_xattr_header *h;
	struct buf *b;
	int err;
	if (!block)
		return 0;
	if (!block_is_data(fs, block)) {
		complain(fs, "bad extended attribute block in inode", n->ino);
		return -EUCLEAN;
	}
	err = cache_get(fs, block, &b);
	if (err < 0)
		return err;
	h = (struct ext2_xattr_header *)b->data;
	if (h->h_magic != EXT2_XATTR_MAGIC || !h->h_refcount) {
		cache_put(fs, b);
		complain(fs, "bad extended attribute block header in inode", n->ino);
		return -EUCLEAN;
	}
	n->raw.i_file_acl = 0;
	if (n->raw.i_blocks >= fs->block_size / 512)
		n->raw.i_blocks -= fs->block_size / 512;
	if (--h->h_refcount) {
		cache_dirty(fs, b, CLASS_META);
		cache_put(fs, b);
		return 0;
	}
	cache_put(fs, b);
	return free_block(fs, block);
}

/* The last reference to an inode without links: its blocks, then the inode. */
static int delete_node(struct ext2_fs *fs, struct node *n)
{
	struct vfs_time t;
	int is_dir = node_is_dir(n), err;
	err = node_release_blocks(fs, n);
	if (err >= 0)
		err = release_xattr(fs, n);
	if (err < 0)
		return err;
	fs_now(fs, &t);
	n->raw.i_dtime = (uint32_t)t.sec ? (uint32_t)t.sec : 1;
	err = node_write(fs, n);
	if (err < 0)
		return err;
	return free_inode(fs, n->ino, is_dir);
}

void node_put_last(struct ext2_fs *fs, struct node *n)
{
	int err;
	if (n->refs && --n->refs)
		return;
	if (n->raw.i_links_count) {
		idle_keep(fs, n);
		return;
	}
	if (n->raw.i_mode && !n->raw.i_dtime && !fs->read_only) {
		err = delete_node(fs, n);
		if (err < 0)
			complain(fs, "could not free the blocks of deleted inode", n->ino);
	}
	unhash_node(fs, n);
	free(n);
}

/* The inode-table block of a newly allocated inode: not read from the disk when no other
 * inode of the block is in use (a burst of creates takes fresh inodes, and a read of
 * each fresh block was a disk wait). */
static int new_inode_block(struct ext2_fs *fs, uint32_t ino, uint32_t block, struct buf **out)
{
	int alone = cache_has(fs, block) ? 0 : inode_alone_in_block(fs, ino);
	if (alone < 0)
		return alone;
	return alone ? cache_get_zeroed(fs, block, out) : cache_get(fs, block, out);
}

/* A freshly allocated inode ino, zeroed on disk and set up; one reference. */
int node_new(struct ext2_fs *fs, uint32_t ino, uint32_t mode, uint32_t uid, uint32_t gid,
	     struct node **out)
{
	uint32_t block, offset;
	struct buf *b;
	struct node *n;
	int err;
	if (find_node(fs, ino)) {
		complain(fs, "allocated an inode still in use", ino);
		return -EUCLEAN;
	}
	locate(fs, ino, &block, &offset);
	err = new_inode_block(fs, ino, block, &b);
	if (err < 0)
		return err;
	if (((struct ext2_inode *)(b->data + offset))->i_links_count) {
		cache_put(fs, b);
		complain(fs, "the inode bitmap frees an inode with links", ino);
		return -EUCLEAN;
	}
	memset(b->data + offset, 0, fs->inode_size);
	cache_dirty(fs, b, CLASS_META);
	cache_put(fs, b);
	err = load(fs, ino, &n);
	if (err < 0)
		return err;
	n->raw.i_mode = (uint16_t)mode;
	n->raw.i_uid = (uint16_t)uid;
	n->raw.l_i_uid_high = (uint16_t)(uid >> 16);
	n->raw.i_gid = (uint16_t)gid;
	n->raw.l_i_gid_high = (uint16_t)(gid >> 16);
	if (fs->inode_size >= sizeof(struct ext2_inode))
		n->raw.i_extra_isize = sizeof(struct ext2_inode) - EXT2_GOOD_OLD_INODE_SIZE;
	node_touch(fs, n, TIME_ATIME | TIME_MTIME | TIME_CTIME);
	n->raw.i_crtime = n->raw.i_ctime;
	n->raw.i_crtime_extra = n->raw.i_ctime_extra;
	n->refs = 1;
	*out = n;
	return 0;
}

uint64_t node_size(const struct node *n)
{
	uint64_t size = n->raw.i_size;
	if (node_type(n) == EXT2_S_IFREG)
		size |= (uint64_t)n->raw.i_size_high << 32;
	return size;
}

void node_set_size(struct node *n, uint64_t size)
{
	n->raw.i_size = (uint32_t)size;
	if (node_type(n) == EXT2_S_IFREG)
		n->raw.i_size_high = (uint32_t)(size >> 32);
}

/* The time fields: seconds in 32 bits, and where the inode has room, an extra word of
 * nanoseconds (upper 30 bits) and two more bits of seconds (ext4's layout). */
static void time_fields(struct node *n, int which, uint32_t **sec, uint32_t **extra)
{
	if (which == TIME_ATIME) {
		*sec = &n->raw.i_atime;
		*extra = &n->raw.i_atime_extra;
	} else if (which == TIME_MTIME) {
		*sec = &n->raw.i_mtime;
		*extra = &n->raw.i_mtime_extra;
	} else {
		*sec = &n->raw.i_ctime;
		*extra = &n->raw.i_ctime_extra;
	}
}

void node_set_time(struct ext2_fs *fs, struct node *n, int which, const struct vfs_time *t)
{
	uint32_t *sec, *extra;
	(void)fs;
	time_fields(n, which, &sec, &extra);
	*sec = (uint32_t)t->sec;
	if (node_has_nsec(n))
		*extra = (t->nsec << 2) | (uint32_t)(((t->sec - (int32_t)t->sec) >> 32) & 3);
}

void node_touch(struct ext2_fs *fs, struct node *n, int which)
{
	struct vfs_time t;
	int bit;
	fs_now(fs, &t);
	for (bit = TIME_ATIME; bit <= TIME_CTIME; bit <<= 1)
		if (which & bit)
			node_set_time(fs, n, bit, &t);
}

/* Inodes the server still holds at unmount: those without links are deleted now. */
void nodes_release_all(struct ext2_fs *fs)
{
	struct node *n;
	uint32_t i;
	for (i = 0; i < fs->nodes_size; i++) {
		n = fs->nodes[i];
		while (n) {
			if (n->raw.i_links_count || !n->refs) {
				n = n->next;
				continue;
			}
			n->refs = 1;
			node_put(fs, n); /* frees n: start the bucket again */
			n = fs->nodes[i];
		}
	}
}

int nodes_any_deleted_held(const struct ext2_fs *fs)
{
	for (uint32_t i = 0; i < fs->nodes_size; i++)
		for (const struct node *n = fs->nodes[i]; n; n = n->next)
			if (!n->raw.i_links_count && n->refs && n->raw.i_mode && !n->raw.i_dtime)
				return 1;
	return 0;
}

void nodes_destroy(struct ext2_fs *fs)
{
	struct node *n;
	uint32_t i;
	if (!fs->nodes)
		return;
	for (i = 0; i < fs->nodes_size; i++) {
		while ((n = fs->nodes[i])) {
			fs->nodes[i] = n->next;
			free(n);
		}
	}
	free(fs->nodes);
	fs->nodes = NULL;
}

/* Linux's st_rdev encoding from and to major and minor. */
static uint32_t rdev_encode(uint32_t major, uint32_t minor)
{
	return (minor & 0xff) | ((major & 0xfff) << 8) | ((minor & ~0xffu) << 12);
}

uint32_t node_rdev(const struct node *n)
{
	uint32_t old = n->raw.i_block[0], new = n->raw.i_block[1];
	if (old)
		return rdev_encode((old >> 8) & 0xff, old & 0xff);
	return new;
}

/* As Linux's ext2: the old 16-bit encoding in i_block[0] when it fits, else the new
 * one in i_block[1]. */
void node_set_rdev(struct node *n, uint32_t rdev)
{
	uint32_t major = (rdev & 0xfff00) >> 8, minor = (rdev & 0xff) | ((rdev >> 12) & 0xfff00);
	if (major < 256 && minor < 256)
		n->raw.i_block[0] = (major << 8) | minor;
	else
		n->raw.i_block[1] = rdev;
}

/* A fast symlink keeps its target in i_block: it has no blocks but an attribute one. */
int node_is_fast_symlink(struct ext2_fs *fs, const struct node *n)
{
	uint32_t acl = n->raw.i_file_acl ? fs->block_size / 512 : 0;
	return n->raw.i_blocks == acl;
}

int ext2_inode_get(struct ext2_fs *fs, uint32_t ino)
{
	struct node *n;
	return node_get(fs, ino, &n);
}

void ext2_inode_put(struct ext2_fs *fs, uint32_t ino)
{
	struct node *n = find_node(fs, ino);
	if (n && n->refs)
		node_put(fs, n);
}
