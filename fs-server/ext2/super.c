/* Mounting and unmounting: the superblock and group descriptors checked against each
 * other and the disk, the mount state kept as Linux keeps it, sync and statfs. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "fs.h"

#define SUPPORTED_INCOMPAT EXT2_FEATURE_INCOMPAT_FILETYPE
#define SUPPORTED_RO_COMPAT                                                        \
	(EXT2_FEATURE_RO_COMPAT_SPARSE_SUPER | EXT2_FEATURE_RO_COMPAT_LARGE_FILE | \
	 EXT2_FEATURE_RO_COMPAT_BTREE_DIR)
/* The buffer cache's memory by default, whatever the block size: 1,024 blocks of 1 KiB
 * did not hold the directories and inodes of 10,000 files (tests/fs/stress.t ran a
 * third slower). */
#define DEFAULT_CACHE_BYTES (4u << 20)

static void say(struct ext2_fs *fs, const char *what, uint64_t number)
{
	if (fs->opt.complain)
		fs->opt.complain(fs->opt.ctx, what, number);
}

/* Corruption: said, and once mounted read-write the file system is marked with errors
 * on disk (as Linux does) so that e2fsck -p checks it at the next boot. */
void complain(struct ext2_fs *fs, const char *what, uint64_t number)
{
	say(fs, what, number);
	if (fs->read_only || !fs->mounted)
		return;
	fs->sb.s_state |= EXT2_ERROR_FS;
	fs->mount_state |= EXT2_ERROR_FS;
	fs->super_dirty = 1;
}

void fs_now(struct ext2_fs *fs, struct vfs_time *t)
{
	t->sec = 0;
	t->nsec = 0;
	if (fs->opt.now)
		fs->opt.now(fs->opt.ctx, t);
}

static int is_power_of(uint32_t n, uint32_t base)
{
	while (n > 1 && n % base == 0)
		n /= base;
	return n == 1;
}

/* Whether group holds a copy of the superblock and descriptors (sparse_super: groups
 * 0, 1 and the powers of 3, 5 and 7). */
int group_has_super(struct ext2_fs *fs, uint32_t group)
{
	if (!(fs->sb.s_feature_ro_compat & EXT2_FEATURE_RO_COMPAT_SPARSE_SUPER) || group <= 1)
		return 1;
	return is_power_of(group, 3) || is_power_of(group, 5) || is_power_of(group, 7);
}

static uint32_t group_first_block(struct ext2_fs *fs, uint32_t group)
{
	return fs->sb.s_first_data_block + group * fs->blocks_per_group;
}

static uint32_t group_block_count(struct ext2_fs *fs, uint32_t group)
{
	uint32_t first = group_first_block(fs, group);
	uint32_t left = fs->sb.s_blocks_count - first;
	return left < fs->blocks_per_group ? left : fs->blocks_per_group;
}

int block_is_data(struct ext2_fs *fs, uint32_t block)
{
	uint32_t group, first, meta_end;
	struct ext2_group_desc *gd;
	if (block < fs->sb.s_first_data_block || block >= fs->sb.s_blocks_count)
		return 0;
	group = (block - fs->sb.s_first_data_block) / fs->blocks_per_group;
	first = group_first_block(fs, group);
	gd = &fs->gd[group];
	meta_end = first;
	if (group_has_super(fs, group))
		meta_end += 1 + fs->desc_blocks + fs->sb.s_reserved_gdt_blocks;
	if (block < meta_end || block == gd->bg_block_bitmap || block == gd->bg_inode_bitmap)
		return 0;
	return block < gd->bg_inode_table || block >= gd->bg_inode_table + fs->inode_table_blocks;
}

static int bad_super(struct ext2_fs *fs, const char *what, uint64_t number)
{
	complain(fs, what, number);
	return -EUCLEAN;
}

/* Block size, groups and counts from the superblock, each value checked before the
 * next uses it. */
static int check_blocks(struct ext2_fs *fs)
{
	struct ext2_super_block *sb = &fs->sb;
	uint64_t data_blocks;
	if (sb->s_magic != EXT2_SUPER_MAGIC)
		return bad_super(fs, "superblock: bad magic", sb->s_magic);
	if (sb->s_rev_level > EXT2_DYNAMIC_REV)
		return bad_super(fs, "superblock: unknown revision", sb->s_rev_level);
	if (sb->s_log_block_size > 2)
		return bad_super(fs, "superblock: unsupported block size log",
				 sb->s_log_block_size);
	fs->log_block_size = 10 + sb->s_log_block_size;
	fs->block_size = 1u << fs->log_block_size;
	fs->addr_per_block = fs->block_size / 4;
	if (sb->s_first_data_block != (fs->block_size == 1024 ? 1u : 0u))
		return bad_super(fs, "superblock: bad first data block", sb->s_first_data_block);
	if (sb->s_blocks_count <= sb->s_first_data_block ||
	    (uint64_t)sb->s_blocks_count * fs->block_size > fs->disk.size)
		return bad_super(fs, "superblock: block count beyond the disk", sb->s_blocks_count);
	if (!sb->s_blocks_per_group || sb->s_blocks_per_group > 8 * fs->block_size)
		return bad_super(fs, "superblock: bad blocks per group", sb->s_blocks_per_group);
	if (!sb->s_inodes_per_group || sb->s_inodes_per_group > 8 * fs->block_size)
		return bad_super(fs, "superblock: bad inodes per group", sb->s_inodes_per_group);
	fs->blocks_per_group = sb->s_blocks_per_group;
	fs->inodes_per_group = sb->s_inodes_per_group;
	data_blocks = sb->s_blocks_count - sb->s_first_data_block;
	fs->groups = (uint32_t)((data_blocks + fs->blocks_per_group - 1) / fs->blocks_per_group);
	if ((uint64_t)fs->groups * fs->inodes_per_group != sb->s_inodes_count)
		return bad_super(fs, "superblock: inode count disagrees with groups",
				 sb->s_inodes_count);
	if (sb->s_free_blocks_count > sb->s_blocks_count ||
	    sb->s_free_inodes_count > sb->s_inodes_count)
		return bad_super(fs, "superblock: free counts beyond totals",
				 sb->s_free_blocks_count);
	return 0;
}

/* Inode size, the first inode and the sizes of the inode tables and descriptors. */
static int check_layout(struct ext2_fs *fs)
{
	struct ext2_super_block *sb = &fs->sb;
	uint64_t desc_bytes = (uint64_t)fs->groups * sizeof(struct ext2_group_desc);
	if (sb->s_rev_level == EXT2_GOOD_OLD_REV) {
		fs->inode_size = EXT2_GOOD_OLD_INODE_SIZE;
		fs->first_ino = EXT2_GOOD_OLD_FIRST_INO;
	} else {
		fs->inode_size = sb->s_inode_size;
		fs->first_ino = sb->s_first_ino;
	}
	if (fs->inode_size < EXT2_GOOD_OLD_INODE_SIZE || fs->inode_size > fs->block_size ||
	    (fs->inode_size & (fs->inode_size - 1)))
		return bad_super(fs, "superblock: bad inode size", fs->inode_size);
	if (fs->first_ino < EXT2_GOOD_OLD_FIRST_INO || fs->first_ino >= sb->s_inodes_count)
		return bad_super(fs, "superblock: bad first inode", fs->first_ino);
	fs->inode_table_blocks =
		(fs->inodes_per_group * fs->inode_size + fs->block_size - 1) / fs->block_size;
	if ((desc_bytes + fs->block_size - 1) / fs->block_size >= fs->blocks_per_group)
		return bad_super(fs, "superblock: descriptors do not fit in a group", fs->groups);
	fs->desc_blocks = (uint32_t)((desc_bytes + fs->block_size - 1) / fs->block_size);
	if (sb->s_reserved_gdt_blocks > fs->addr_per_block)
		return bad_super(fs, "superblock: bad reserved descriptor blocks",
				 sb->s_reserved_gdt_blocks);
	return 0;
}

/* What the features let us do: -EINVAL for an incompat feature we do not know, read-only
 * for an unknown ro_compat one. */
static int check_features(struct ext2_fs *fs)
{
	struct ext2_super_block *sb = &fs->sb;
	if (sb->s_rev_level == EXT2_GOOD_OLD_REV)
		return 0;
	if (sb->s_feature_incompat & ~SUPPORTED_INCOMPAT) {
		complain(fs, "unsupported incompat features", sb->s_feature_incompat);
		return -EINVAL;
	}
	if ((sb->s_feature_ro_compat & ~SUPPORTED_RO_COMPAT) && !fs->read_only) {
		complain(fs, "unsupported ro_compat features: read-only mount only",
			 sb->s_feature_ro_compat);
		return -EROFS;
	}
	fs->filetype = !!(sb->s_feature_incompat & EXT2_FEATURE_INCOMPAT_FILETYPE);
	return 0;
}

static void compute_max_size(struct ext2_fs *fs)
{
	uint64_t apb = fs->addr_per_block;
	uint64_t blocks = EXT2_NDIR_BLOCKS + apb + apb * apb + apb * apb * apb;
	/* i_blocks counts 512-byte sectors in 32 bits, indirect blocks included. */
	uint64_t by_iblocks = ((1ull << 32) - 1) / (fs->block_size / 512) - apb * apb - apb - 3;
	if (blocks > by_iblocks)
		blocks = by_iblocks;
	fs->max_file_size = blocks * fs->block_size;
	if (!(fs->sb.s_feature_ro_compat & EXT2_FEATURE_RO_COMPAT_LARGE_FILE) &&
	    fs->max_file_size > 0x7fffffffull)
		fs->max_file_size = 0x7fffffffull;
}

static int overlaps_table(struct ext2_fs *fs, struct ext2_group_desc *gd, uint32_t block)
{
	return block >= gd->bg_inode_table && block < gd->bg_inode_table + fs->inode_table_blocks;
}

/* Whether block is in group g's copy of the superblock and descriptors. */
static int in_super_area(struct ext2_fs *fs, uint32_t g, uint32_t block)
{
	uint32_t first = group_first_block(fs, g);
	if (!group_has_super(fs, g))
		return 0;
	return block >= first && block < first + 1 + fs->desc_blocks + fs->sb.s_reserved_gdt_blocks;
}

static int check_group(struct ext2_fs *fs, uint32_t g)
{
	struct ext2_group_desc *gd = &fs->gd[g];
	uint32_t first = group_first_block(fs, g), count = group_block_count(fs, g);
	uint32_t end = first + count;
	if (gd->bg_block_bitmap < first || gd->bg_block_bitmap >= end)
		return bad_super(fs, "group descriptor: block bitmap outside its group", g);
	if (gd->bg_inode_bitmap < first || gd->bg_inode_bitmap >= end)
		return bad_super(fs, "group descriptor: inode bitmap outside its group", g);
	if (gd->bg_inode_table < first || gd->bg_inode_table > end - fs->inode_table_blocks ||
	    count < fs->inode_table_blocks)
		return bad_super(fs, "group descriptor: inode table outside its group", g);
	if (gd->bg_block_bitmap == gd->bg_inode_bitmap ||
	    overlaps_table(fs, gd, gd->bg_block_bitmap) ||
	    overlaps_table(fs, gd, gd->bg_inode_bitmap) ||
	    in_super_area(fs, g, gd->bg_block_bitmap) ||
	    in_super_area(fs, g, gd->bg_inode_bitmap) || in_super_area(fs, g, gd->bg_inode_table))
		return bad_super(fs, "group descriptor: metadata blocks overlap", g);
	if (gd->bg_free_blocks_count > count || gd->bg_free_inodes_count > fs->inodes_per_group ||
	    gd->bg_used_dirs_count > fs->inodes_per_group)
		return bad_super(fs, "group descriptor: counts beyond the group's size", g);
	return 0;
}

/* A read (write = 0) or write of any length, in requests the block protocol takes. */
static int disk_io(struct ext2_fs *fs, int write, uint64_t off, void *buf, size_t len)
{
	uint32_t n;
	int err = 0;
	while (len && err >= 0) {
		n = len < EXT2_DISK_MAX_IO ? (uint32_t)len : EXT2_DISK_MAX_IO;
		err = write ? fs->disk.write(fs->disk.ctx, off, buf, n)
			    : fs->disk.read(fs->disk.ctx, off, buf, n);
		off += n;
		buf = (uint8_t *)buf + n;
		len -= n;
	}
	return err;
}

static int read_groups(struct ext2_fs *fs)
{
	uint32_t g;
	int err;
	size_t bytes = (size_t)fs->desc_blocks * fs->block_size;
	fs->gd = malloc(bytes);
	fs->bitmap_checked = calloc(fs->groups, 1);
	if (!fs->gd || !fs->bitmap_checked)
		return -ENOMEM;
	err = disk_io(fs, 0, (uint64_t)(fs->sb.s_first_data_block + 1) * fs->block_size, fs->gd,
		      bytes);
	if (err < 0)
		return err;
	for (g = 0; g < fs->groups; g++) {
		err = check_group(fs, g);
		if (err < 0)
			return err;
	}
	return 0;
}

/* The descriptors, then the superblock, then a flush: the counters of rule 4. */
int super_write(struct ext2_fs *fs)
{
	struct vfs_time t;
	int err;
	fs_now(fs, &t);
	fs->sb.s_wtime = (uint32_t)t.sec;
	err = disk_io(fs, 1, (uint64_t)(fs->sb.s_first_data_block + 1) * fs->block_size, fs->gd,
		      (size_t)fs->desc_blocks * fs->block_size);
	if (err >= 0)
		err = fs->disk.write(fs->disk.ctx, EXT2_SUPER_OFFSET, &fs->sb, sizeof(fs->sb));
	if (err >= 0)
		err = fs->disk.flush(fs->disk.ctx);
	if (err >= 0)
		fs->super_dirty = 0;
	return err;
}

static void release(struct ext2_fs *fs)
{
	nodes_destroy(fs);
	dir_indexes_destroy(fs);
	cache_destroy(fs);
	free(fs->pending);
	free(fs->bitmap_checked);
	free(fs->gd);
	free(fs);
}

/* Linux's mount bookkeeping: "not clean" on disk while mounted read-write. */
static int mark_mounted(struct ext2_fs *fs)
{
	struct vfs_time t;
	fs->mount_state = fs->sb.s_state;
	if (!(fs->sb.s_state & EXT2_VALID_FS) || (fs->sb.s_state & EXT2_ERROR_FS))
		say(fs, "not cleanly unmounted, mounted anyway (run e2fsck); its state",
		    fs->sb.s_state);
	if (fs->read_only)
		return 0;
	fs_now(fs, &t);
	fs->sb.s_state &= (uint16_t)~EXT2_VALID_FS;
	fs->sb.s_mnt_count++;
	fs->sb.s_mtime = (uint32_t)t.sec;
	return super_write(fs);
}

static uint32_t cache_blocks(const struct ext2_fs *fs, const struct ext2_mount_options *opt)
{
	uint64_t bytes = opt->cache_bytes ? opt->cache_bytes : DEFAULT_CACHE_BYTES;
	uint64_t blocks = opt->cache_blocks ? opt->cache_blocks : bytes / fs->block_size;
	return blocks > UINT32_MAX ? UINT32_MAX : (uint32_t)blocks;
}

static int mount_steps(struct ext2_fs *fs, const struct ext2_mount_options *opt)
{
	int err;
	if (fs->disk.size < EXT2_SUPER_OFFSET + sizeof(fs->sb))
		return bad_super(fs, "disk too small for a superblock", fs->disk.size);
	err = fs->disk.read(fs->disk.ctx, EXT2_SUPER_OFFSET, &fs->sb, sizeof(fs->sb));
	if (err < 0)
		return err;
	err = check_blocks(fs);
	if (err >= 0)
		err = check_layout(fs);
	if (err >= 0)
		err = check_features(fs);
	if (err < 0)
		return err;
	compute_max_size(fs);
	err = read_groups(fs);
	if (err >= 0)
		err = cache_init(fs, cache_blocks(fs, opt));
	if (err < 0)
		return err;
	fs->nodes_size = 256;
	fs->nodes = calloc(fs->nodes_size, sizeof(*fs->nodes));
	if (!fs->nodes)
		return -ENOMEM;
	err = mark_mounted(fs);
	fs->mounted = err >= 0;
	return err;
}

int ext2_mount(const struct ext2_disk *disk, const struct ext2_mount_options *opt,
	       struct ext2_fs **out)
{
	struct ext2_fs *fs = calloc(1, sizeof(*fs));
	int err;
	if (!fs)
		return -ENOMEM;
	fs->disk = *disk;
	fs->opt = *opt;
	fs->read_only = opt->read_only;
	err = mount_steps(fs, opt);
	if (err < 0) {
		release(fs);
		return err;
	}
	*out = fs;
	return 0;
}

int ext2_dirty(const struct ext2_fs *fs)
{
	return fs->cache.dirty_count || fs->pending_count || fs->super_dirty;
}

int ext2_sync(struct ext2_fs *fs)
{
	if (fs->read_only)
		return 0;
	return cache_writeback(fs);
}

/* Read-only: what waits goes back, then the state the disk had at mount (clean). */
static int to_read_only(struct ext2_fs *fs)
{
	int err;
	if (nodes_any_deleted_held(fs))
		return -EBUSY; /* unlinked files still open: their blocks free at the last close */
	if ((err = cache_writeback(fs)) < 0)
		return err;
	fs->sb.s_state = fs->mount_state;
	if ((err = super_write(fs)) >= 0)
		fs->read_only = 1;
	return err;
}

/* Read-write: the features must allow it, then the mount's bookkeeping again. */
static int to_read_write(struct ext2_fs *fs)
{
	int err;
	fs->read_only = 0;
	if ((err = check_features(fs)) >= 0)
		err = mark_mounted(fs);
	if (err < 0)
		fs->read_only = 1;
	return err;
}

int ext2_remount(struct ext2_fs *fs, int read_only)
{
	if (!!read_only == !!fs->read_only)
		return 0;
	return read_only ? to_read_only(fs) : to_read_write(fs);
}

/* Everything goes back: dependencies between inodes (a directory entry, the bitmaps)
 * make a whole write-back the simple way to be sure fsync's inode is durable. */
int ext2_fsync(struct ext2_fs *fs, uint32_t ino)
{
	struct node *n;
	int err = node_get(fs, ino, &n);
	if (err < 0)
		return err;
	node_put(fs, n);
	return ext2_sync(fs);
}

int ext2_unmount(struct ext2_fs *fs)
{
	int err = 0;
	if (!fs->read_only) {
		nodes_release_all(fs);
		err = cache_writeback(fs);
		if (err >= 0) {
			fs->sb.s_state = fs->mount_state;
			err = super_write(fs);
		}
	}
	release(fs);
	return err;
}

int ext2_statfs(struct ext2_fs *fs, struct vfs_statfs *st)
{
	st->block_size = fs->block_size;
	st->blocks = fs->sb.s_blocks_count;
	st->free_blocks = (uint64_t)fs->sb.s_free_blocks_count + fs->pending_blocks;
	st->reserved_blocks = fs->sb.s_r_blocks_count;
	st->inodes = fs->sb.s_inodes_count;
	st->free_inodes = (uint64_t)fs->sb.s_free_inodes_count + fs->pending_inodes;
	st->name_max = EXT2_NAME_LEN;
	st->max_file_size = fs->max_file_size;
	return 0;
}
