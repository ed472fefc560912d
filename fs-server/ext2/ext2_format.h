/* The ext2 on-disk structures (revision 1), field names as in the ext2 documentation and
 * Linux's fs/ext2/ext2.h. All fields are little-endian on disk; Masque and its host run
 * on x86-64, so they are read in place. */
#ifndef FS_EXT2_FORMAT_H
#define FS_EXT2_FORMAT_H

#include <stdint.h>

#define EXT2_SUPER_OFFSET	 1024
#define EXT2_SUPER_MAGIC	 0xEF53
#define EXT2_ROOT_INO		 2
#define EXT2_RESIZE_INO		 7
#define EXT2_GOOD_OLD_FIRST_INO	 11
#define EXT2_GOOD_OLD_INODE_SIZE 128
#define EXT2_GOOD_OLD_REV	 0
#define EXT2_DYNAMIC_REV	 1
#define EXT2_LINK_MAX		 32000
#define EXT2_NAME_LEN		 255

/* s_state */
#define EXT2_VALID_FS 0x0001
#define EXT2_ERROR_FS 0x0002

/* Feature flags. */
#define EXT2_FEATURE_COMPAT_DIR_PREALLOC  0x0001
#define EXT2_FEATURE_COMPAT_IMAGIC_INODES 0x0002
#define EXT3_FEATURE_COMPAT_HAS_JOURNAL	  0x0004
#define EXT2_FEATURE_COMPAT_EXT_ATTR	  0x0008
#define EXT2_FEATURE_COMPAT_RESIZE_INODE  0x0010
#define EXT2_FEATURE_COMPAT_DIR_INDEX	  0x0020

#define EXT2_FEATURE_RO_COMPAT_SPARSE_SUPER 0x0001
#define EXT2_FEATURE_RO_COMPAT_LARGE_FILE   0x0002
#define EXT2_FEATURE_RO_COMPAT_BTREE_DIR    0x0004

#define EXT2_FEATURE_INCOMPAT_COMPRESSION 0x0001
#define EXT2_FEATURE_INCOMPAT_FILETYPE	  0x0002
#define EXT3_FEATURE_INCOMPAT_RECOVER	  0x0004
#define EXT3_FEATURE_INCOMPAT_JOURNAL_DEV 0x0008
#define EXT2_FEATURE_INCOMPAT_META_BG	  0x0010

struct ext2_super_block {
	uint32_t s_inodes_count;
	uint32_t s_blocks_count;
	uint32_t s_r_blocks_count;
	uint32_t s_free_blocks_count;
	uint32_t s_free_inodes_count;
	uint32_t s_first_data_block;
	uint32_t s_log_block_size;
	uint32_t s_log_frag_size;
	uint32_t s_blocks_per_group;
	uint32_t s_frags_per_group;
	uint32_t s_inodes_per_group;
	uint32_t s_mtime;
	uint32_t s_wtime;
	uint16_t s_mnt_count;
	int16_t s_max_mnt_count;
	uint16_t s_magic;
	uint16_t s_state;
	uint16_t s_errors;
	uint16_t s_minor_rev_level;
	uint32_t s_lastcheck;
	uint32_t s_checkinterval;
	uint32_t s_creator_os;
	uint32_t s_rev_level;
	uint16_t s_def_resuid;
	uint16_t s_def_resgid;
	/* EXT2_DYNAMIC_REV */
	uint32_t s_first_ino;
	uint16_t s_inode_size;
	uint16_t s_block_group_nr;
	uint32_t s_feature_compat;
	uint32_t s_feature_incompat;
	uint32_t s_feature_ro_compat;
	uint8_t s_uuid[16];
	char s_volume_name[16];
	char s_last_mounted[64];
	uint32_t s_algorithm_usage_bitmap;
	uint8_t s_prealloc_blocks;
	uint8_t s_prealloc_dir_blocks;
	uint16_t s_reserved_gdt_blocks;
	uint8_t s_journal_uuid[16];
	uint32_t s_journal_inum;
	uint32_t s_journal_dev;
	uint32_t s_last_orphan;
	uint32_t s_hash_seed[4];
	uint8_t s_def_hash_version;
	uint8_t s_reserved_char_pad;
	uint16_t s_reserved_word_pad;
	uint32_t s_default_mount_opts;
	uint32_t s_first_meta_bg;
	uint32_t s_reserved[190];
};

struct ext2_group_desc {
	uint32_t bg_block_bitmap;
	uint32_t bg_inode_bitmap;
	uint32_t bg_inode_table;
	uint16_t bg_free_blocks_count;
	uint16_t bg_free_inodes_count;
	uint16_t bg_used_dirs_count;
	uint16_t bg_pad;
	uint32_t bg_reserved[3];
};

#define EXT2_NDIR_BLOCKS 12
#define EXT2_IND_BLOCK	 12
#define EXT2_DIND_BLOCK	 13
#define EXT2_TIND_BLOCK	 14
#define EXT2_N_BLOCKS	 15

/* A symlink target of up to this many bytes is kept in i_block ("fast"), as Linux does. */
#define EXT2_FAST_SYMLINK_MAX (EXT2_N_BLOCKS * 4 - 1)

/* i_flags */
#define EXT2_INDEX_FL 0x00001000

struct ext2_inode {
	uint16_t i_mode;
	uint16_t i_uid;
	uint32_t i_size;
	uint32_t i_atime;
	uint32_t i_ctime;
	uint32_t i_mtime;
	uint32_t i_dtime;
	uint16_t i_gid;
	uint16_t i_links_count;
	uint32_t i_blocks; /* in 512-byte sectors */
	uint32_t i_flags;
	uint32_t i_version; /* osd1 */
	uint32_t i_block[EXT2_N_BLOCKS];
	uint32_t i_generation;
	uint32_t i_file_acl;
	uint32_t i_size_high; /* i_dir_acl */
	uint32_t i_faddr;
	uint8_t l_i_frag;
	uint8_t l_i_fsize;
	uint16_t l_i_blocks_hi;
	uint16_t l_i_uid_high;
	uint16_t l_i_gid_high;
	uint32_t l_i_reserved2;
	/* The large inode (s_inode_size > 128), as ext4 lays it out. */
	uint16_t i_extra_isize;
	uint16_t i_checksum_hi;
	uint32_t i_ctime_extra;
	uint32_t i_mtime_extra;
	uint32_t i_atime_extra;
	uint32_t i_crtime;
	uint32_t i_crtime_extra;
	uint32_t i_version_hi;
	uint32_t i_projid;
};

/* Offsets of the extra fields from the start of the large-inode area (byte 128). */
#define EXT2_EXTRA_END_TIMES 16 /* i_extra_isize needed for ctime/mtime/atime _extra */

/* The mode's file type bits, as in Linux's stat.h. */
#define EXT2_S_IFMT   0170000
#define EXT2_S_IFSOCK 0140000
#define EXT2_S_IFLNK  0120000
#define EXT2_S_IFREG  0100000
#define EXT2_S_IFBLK  0060000
#define EXT2_S_IFDIR  0040000
#define EXT2_S_IFCHR  0020000
#define EXT2_S_IFIFO  0010000

/* Directory entry file types (filetype feature). */
#define EXT2_FT_UNKNOWN	 0
#define EXT2_FT_REG_FILE 1
#define EXT2_FT_DIR	 2
#define EXT2_FT_CHRDEV	 3
#define EXT2_FT_BLKDEV	 4
#define EXT2_FT_FIFO	 5
#define EXT2_FT_SOCK	 6
#define EXT2_FT_SYMLINK	 7

struct ext2_dir_entry_2 {
	uint32_t inode;
	uint16_t rec_len;
	uint8_t name_len;
	uint8_t file_type;
	char name[];
};

#define EXT2_DIR_ENTRY_HEADER 8
/* The record length an entry with a name of n bytes needs: 4-byte aligned. */
#define EXT2_DIR_REC_LEN(n) (((n) + EXT2_DIR_ENTRY_HEADER + 3) & ~3u)

/* The extended attribute block header (i_file_acl). */
#define EXT2_XATTR_MAGIC 0xEA020000
struct ext2_xattr_header {
	uint32_t h_magic;
	uint32_t h_refcount;
	uint32_t h_blocks;
	uint32_t h_hash;
	uint32_t h_reserved[4];
};

#endif
