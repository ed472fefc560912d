/* The write order of the ext2 library (the rules at the top of fs-server/ext2/cache.c),
 * checked on every write while a workload runs with a small cache. A shadow of the
 * disk as it would be after a crash ("durable": everything before the last flush) is
 * kept, and each write is judged against it:
 *   rule 1: a pointer that makes a block reachable (from an inode, or from an indirect
 *           or directory block already reachable) points at a block, and a subtree,
 *           written in an earlier flush epoch;
 *   rule 2: that block's bitmap bit is set on disk already; a new directory entry's
 *           inode is set in the inode bitmap on disk already;
 *   rule 3: a bitmap write clears no bit of a block the disk still references, nor of
 *           an inode that still has links on disk.
 * With "noflush" the disk ignores flushes (one epoch): the checker must find
 * violations, which shows it can.
 * With "crash", at CRASHES seeded moments the disk a crash would leave (the durable
 * shadow plus a random part of the writes since the last flush) is written out:
 * e2fsck -fy must repair it, a second e2fsck -fn find it clean, and every file the
 * workload fsync'd before that moment must be intact (debugfs dump).
 * usage: ext2_order IMAGE [noflush | crash SEED DIR] */
#include <sys/wait.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "ext2.h"
#include "ext2_disk.h"
#include "ext2_format.h"
#include "tap.h"

#define CRASHES 20
#define NEVER	0x7fffffff
#define OLD	-1 /* on disk before the mount */

static struct {
	uint8_t *durable, *current;
	uint64_t size;
	uint32_t bs, blocks, ipg, isz, groups, first_data, bpg;
	struct ext2_group_desc *gd;
	int *written;	/* flush epoch of each block's last write */
	uint8_t *level; /* 1..3: a reachable indirect block; 4: a reachable directory block */
	int epoch, noflush;
	unsigned pointer_checks, entry_checks, free_checks;
	unsigned rule1, rule2, rule3;
	char first[200];
} S;

static void violation(unsigned *rule, const char *what, uint32_t number)
{
	if (!S.rule1 && !S.rule2 && !S.rule3)
		snprintf(S.first, sizeof(S.first), "%s %u (epoch %d)", what, number, S.epoch);
	(*rule)++;
}

static uint8_t *block_in(uint8_t *img, uint32_t b)
{
	return img + (uint64_t)b * S.bs;
}

static int bit(uint8_t *img, uint32_t bitmap, uint32_t i)
{
	return block_in(img, bitmap)[i >> 3] >> (i & 7) & 1;
}

static int block_used_on_disk(uint32_t b)
{
	uint32_t g = (b - S.first_data) / S.bpg;
	return bit(S.durable, S.gd[g].bg_block_bitmap, (b - S.first_data) % S.bpg);
}

static int inode_used_on_disk(uint32_t ino)
{
	uint32_t g = (ino - 1) / S.ipg;
	return bit(S.durable, S.gd[g].bg_inode_bitmap, (ino - 1) % S.ipg);
}

static int valid_block(uint32_t b)
{
	return b >= S.first_data && b < S.blocks;
}

/* Rule 1 and 2 for block b made reachable now, at indirect depth level (0: data),
 * with everything under it. */
static void check_reached(uint32_t b, int level, int dir)
{
	uint32_t i, *p;
	if (!valid_block(b))
		return;
	S.pointer_checks++;
	if (S.written[b] >= S.epoch)
		violation(&S.rule1, "pointer to a block not yet on disk:", b);
	if (!block_used_on_disk(b))
		violation(&S.rule2, "pointer to a block free in the bitmap on disk:", b);
	S.level[b] = level ? (uint8_t)level : dir ? 4 : 0;
	if (!level)
		return;
	p = (uint32_t *)block_in(S.current, b);
	for (i = 0; i < S.bs / 4; i++)
		if (p[i])
			check_reached(p[i], level - 1, dir);
}

static int has_blocks(const struct ext2_inode *in)
{
	uint32_t t = in->i_mode & EXT2_S_IFMT;
	return in->i_links_count && !in->i_dtime &&
	       (t == EXT2_S_IFREG || t == EXT2_S_IFDIR || (t == EXT2_S_IFLNK && in->i_blocks));
}

/* An inode table block written: each pointer new against the disk is checked. */
static void inode_block_written(uint32_t b)
{
	uint32_t i, k;
	for (i = 0; i < S.bs / S.isz; i++) {
		struct ext2_inode *now = (void *)(block_in(S.current, b) + i * S.isz);
		struct ext2_inode *before = (void *)(block_in(S.durable, b) + i * S.isz);
		if (!has_blocks(now))
			continue;
		for (k = 0; k < EXT2_N_BLOCKS; k++) {
			if (!now->i_block[k] ||
			    (has_blocks(before) && before->i_block[k] == now->i_block[k]))
				continue;
			check_reached(now->i_block[k], k < 12 ? 0 : (int)k - 11,
				      (now->i_mode & EXT2_S_IFMT) == EXT2_S_IFDIR);
		}
	}
}

static void indirect_written(uint32_t b)
{
	uint32_t i, *now = (uint32_t *)block_in(S.current, b),
		    *before = (uint32_t *)block_in(S.durable, b);
	for (i = 0; i < S.bs / 4; i++)
		if (now[i] && now[i] != before[i])
			check_reached(now[i], S.level[b] - 1, 0);
}

/* Whether a directory block holds an entry for ino (bounded walk). */
static int names(uint8_t *blk, uint32_t ino)
{
	uint32_t off = 0;
	while (off + 8 <= S.bs) {
		struct ext2_dir_entry_2 *e = (void *)(blk + off);
		if (e->rec_len < 8 || off + e->rec_len > S.bs)
			return 0;
		if (e->inode == ino)
			return 1;
		off += e->rec_len;
	}
	return 0;
}

static void dir_block_written(uint32_t b)
{
	uint8_t *now = block_in(S.current, b);
	uint32_t off = 0;
	while (off + 8 <= S.bs) {
		struct ext2_dir_entry_2 *e = (void *)(now + off);
		if (e->rec_len < 8 || off + e->rec_len > S.bs)
			return;
		if (e->inode && e->inode <= S.ipg * S.groups &&
		    !names(block_in(S.durable, b), e->inode)) {
			S.entry_checks++;
			if (!inode_used_on_disk(e->inode))
				violation(
					&S.rule2,
					"entry for an inode free in the bitmap on disk:", e->inode);
		}
		off += e->rec_len;
	}
}

/* Every block the durable image's inodes reference. */
static void mark_tree(uint8_t *refs, uint32_t b, int level)
{
	uint32_t i, *p;
	if (!valid_block(b))
		return;
	refs[b >> 3] |= (uint8_t)(1 << (b & 7));
	if (!level)
		return;
	p = (uint32_t *)block_in(S.durable, b);
	for (i = 0; i < S.bs / 4; i++)
		if (p[i])
			mark_tree(refs, p[i], level - 1);
}

static uint8_t *referenced_on_disk(void)
{
	uint8_t *refs = calloc(S.blocks / 8 + 1, 1);
	uint32_t g, i, k;
	for (g = 0; g < S.groups; g++)
		for (i = 0; i < S.ipg; i++) {
			struct ext2_inode *in =
				(void *)(block_in(S.durable, S.gd[g].bg_inode_table) + i * S.isz);
			if (!has_blocks(in))
				continue;
			for (k = 0; k < EXT2_N_BLOCKS; k++)
				if (in->i_block[k])
					mark_tree(refs, in->i_block[k], k < 12 ? 0 : (int)k - 11);
			if (in->i_file_acl && valid_block(in->i_file_acl))
				refs[in->i_file_acl >> 3] |= (uint8_t)(1 << (in->i_file_acl & 7));
		}
	return refs;
}

static void bitmap_written(uint32_t b, uint32_t g, int inodes)
{
	uint8_t *now = block_in(S.current, b), *before = block_in(S.durable, b), *refs = NULL;
	uint32_t i, limit = inodes ? S.ipg : S.bpg, number;
	for (i = 0; i < limit; i++) {
		if (!(before[i >> 3] >> (i & 7) & 1) || (now[i >> 3] >> (i & 7) & 1))
			continue;
		S.free_checks++;
		if (!inodes)
			S.level[S.first_data + g * S.bpg + i] = 0; /* no longer reachable */
		if (inodes) {
			number = g * S.ipg + i + 1;
			struct ext2_inode *in =
				(void *)(block_in(S.durable, S.gd[g].bg_inode_table) + i * S.isz);
			if (in->i_links_count && !in->i_dtime)
				violation(&S.rule3,
					  "inode freed while it has links on disk:", number);
			continue;
		}
		number = S.first_data + g * S.bpg + i;
		if (!refs)
			refs = referenced_on_disk();
		if (refs[number >> 3] >> (number & 7) & 1)
			violation(&S.rule3, "block freed while referenced on disk:", number);
	}
	free(refs);
}

static void block_written(uint32_t b)
{
	uint32_t g;
	for (g = 0; g < S.groups; g++) {
		if (b == S.gd[g].bg_block_bitmap)
			return bitmap_written(b, g, 0);
		if (b == S.gd[g].bg_inode_bitmap)
			return bitmap_written(b, g, 1);
		if (b >= S.gd[g].bg_inode_table &&
		    b < S.gd[g].bg_inode_table + (S.ipg * S.isz + S.bs - 1) / S.bs)
			return inode_block_written(b);
	}
	if (S.level[b] >= 1 && S.level[b] <= 3)
		indirect_written(b);
	else if (S.level[b] == 4)
		dir_block_written(b);
}

/* Files fsync'd so far: they must survive any crash after. */
struct kept {
	char path[32];
	unsigned seed;
	size_t size;
};
static struct kept kept[64];
static unsigned kept_count;

static struct {
	const char *dir;
	uint64_t rng;
	unsigned at[CRASHES], next, writes;
} C;

static void fill(uint8_t *buf, size_t len, unsigned seed)
{
	size_t i;
	for (i = 0; i < len; i++)
		buf[i] = (uint8_t)(seed * 131 + i * 7 + (i >> 9));
}

static int run(const char *fmt, const char *arg)
{
	char cmd[1400];
	int status;
	snprintf(cmd, sizeof(cmd), fmt, arg, arg);
	status = system(cmd);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 255;
}

/* Whether every fsync'd file dumps (debugfs) as written. */
static unsigned kept_broken(const char *img)
{
	static uint8_t want[70000], got[70001];
	char path[1200];
	unsigned i, broken = 0;
	FILE *f;
	snprintf(path, sizeof(path), "%s/dump.cmds", C.dir);
	f = fopen(path, "w");
	for (i = 0; f && i < kept_count; i++)
		fprintf(f, "dump %s %s/got%u\n", kept[i].path, C.dir, i);
	if (f)
		fclose(f);
	snprintf(path, sizeof(path), "debugfs -f %s/dump.cmds %%s >/dev/null 2>&1", C.dir);
	run(path, img);
	for (i = 0; i < kept_count; i++) {
		snprintf(path, sizeof(path), "%s/got%u", C.dir, i);
		f = fopen(path, "rb");
		fill(want, kept[i].size, kept[i].seed);
		if (!f || fread(got, 1, sizeof(got), f) != kept[i].size ||
		    memcmp(got, want, kept[i].size))
			broken++;
		if (f)
			fclose(f);
		remove(path);
	}
	return broken;
}

static uint32_t *epoch_blocks;
static unsigned epoch_count;

/* The disk as a crash now leaves it: what was flushed, and any part of the rest. */
static void crash(void)
{
	char img[1100];
	uint8_t *disk = malloc(S.size);
	unsigned i, broken;
	int fd, repaired;
	memcpy(disk, S.durable, S.size);
	for (i = 0; i < epoch_count; i++) {
		C.rng = C.rng * 6364136223846793005ull + 1442695040888963407ull;
		if (C.rng >> 63)
			memcpy(block_in(disk, epoch_blocks[i]),
			       block_in(S.current, epoch_blocks[i]), S.bs);
	}
	snprintf(img, sizeof(img), "%s/crashed.img", C.dir);
	fd = open(img, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || pwrite(fd, disk, S.size, 0) != (ssize_t)S.size)
		diag("cannot write %s", img);
	close(fd);
	free(disk);
	repaired = run("e2fsck -fy %s >/dev/null 2>&1", img);
	ok(repaired < 4, "crash at write %u: e2fsck -fy repairs (status %d)", C.writes, repaired);
	is(run("e2fsck -fn %s >/dev/null 2>&1", img), 0,
	   "crash at write %u: then e2fsck -fn is clean", C.writes);
	broken = kept_broken(img);
	is(broken, 0, "crash at write %u: the %u files fsync'd before are intact", C.writes,
	   kept_count);
}

/* Epochs: a flush makes every write before it durable. */

static void watch(void *arg, uint64_t off, uint32_t len, const void *data)
{
	uint32_t b, i;
	(void)arg;
	if (!len) {
		if (S.noflush)
			return;
		for (i = 0; i < epoch_count; i++)
			memcpy(block_in(S.durable, epoch_blocks[i]),
			       block_in(S.current, epoch_blocks[i]), S.bs);
		epoch_count = 0;
		S.epoch++;
		return;
	}
	memcpy(S.current + off, data, len);
	if (S.noflush && S.rule1)
		return; /* the control run has shown what it must */
	for (b = (uint32_t)(off / S.bs); b < (off + len + S.bs - 1) / S.bs && b < S.blocks; b++) {
		block_written(b);
		S.written[b] = S.epoch;
		epoch_blocks = realloc(epoch_blocks, (epoch_count + 1) * sizeof(*epoch_blocks));
		epoch_blocks[epoch_count++] = b;
	}
	C.writes++;
	if (C.dir && C.next < CRASHES && C.writes == C.at[C.next]) {
		crash();
		C.next++;
	}
}

/* A file in /keep written, fsync'd and never touched again: 1 if all went well. */
static int keep_file(struct ext2_fs *fs, uint32_t dir, unsigned n)
{
	static uint8_t data[70000];
	struct kept *k = &kept[kept_count];
	uint32_t ino;
	snprintf(k->path, sizeof(k->path), "/keep/k%u", n);
	k->seed = 100 + n;
	k->size = (n * 3001) % 70000 + 1;
	fill(data, k->size, k->seed);
	if (ext2_mknod(fs, dir, k->path + 6, strlen(k->path + 6), 0100644, 0, 0, 0, &ino) < 0 ||
	    ext2_write(fs, ino, 0, data, k->size) != (int64_t)k->size || ext2_fsync(fs, ino) < 0)
		return 0;
	kept_count++;
	return 1;
}

/* Files of sizes up to double indirect, directories, removals, truncates, renames,
 * with syncs between rounds: everything the rules are about. */
static void workload(struct ext2_fs *fs)
{
	static uint8_t buf[400000];
	uint32_t dir, sub, ino, keep;
	char name[32];
	unsigned round, i, ops = 0;
	fill(buf, sizeof(buf), 1);
	ops += ext2_mkdir(fs, EXT2_ROOT, "w", 1, 0755, 0, 0, &dir) == 0;
	ops += ext2_mkdir(fs, EXT2_ROOT, "keep", 4, 0755, 0, 0, &keep) == 0;
	for (round = 0; round < 4; round++) {
		snprintf(name, sizeof(name), "sub%u", round);
		ops += ext2_mkdir(fs, dir, name, strlen(name), 0755, 0, 0, &sub) == 0;
		for (i = 0; i < 40; i++) {
			size_t size = (size_t)((i * 7919 + round * 104729) % 300000);
			snprintf(name, sizeof(name), "f%u", i);
			ops += ext2_mknod(fs, sub, name, strlen(name), 0100644, 0, 0, 0, &ino) == 0;
			ops += ext2_write(fs, ino, 0, buf, size) == (int64_t)size;
		}
		for (i = 0; i < 5; i++)
			ops += keep_file(fs, keep, round * 5 + i);
		for (i = 0; i < 40; i += 3) {
			snprintf(name, sizeof(name), "f%u", i);
			ops += ext2_unlink(fs, sub, name, strlen(name)) == 0;
		}
		for (i = 1; i < 40; i += 3) {
			snprintf(name, sizeof(name), "f%u", i);
			if (ext2_lookup(fs, sub, name, strlen(name), &ino) == 0)
				ops += ext2_truncate(fs, ino, (i * 1000) % 20000) == 0;
		}
		if (round) {
			snprintf(name, sizeof(name), "sub%u", round - 1);
			ops += ext2_rename(fs, dir, name, strlen(name), sub, "moved", 5) == 0;
		}
		ops += ext2_sync(fs) == 0;
	}
	is(ops, 2 + 4 * (1 + 80 + 5 + 14 + 13 + 1) + 3, "every operation of the workload succeeds");
}

static int load_image(const char *path)
{
	struct ext2_super_block *sb;
	uint32_t b;
	int fd = open(path, O_RDONLY);
	S.size = (uint64_t)lseek(fd, 0, SEEK_END);
	S.durable = malloc(S.size);
	S.current = malloc(S.size);
	if (fd < 0 || pread(fd, S.durable, S.size, 0) != (ssize_t)S.size)
		return -1;
	close(fd);
	memcpy(S.current, S.durable, S.size);
	sb = (void *)(S.durable + 1024);
	S.bs = 1024u << sb->s_log_block_size;
	S.blocks = sb->s_blocks_count;
	S.ipg = sb->s_inodes_per_group;
	S.bpg = sb->s_blocks_per_group;
	S.isz = sb->s_inode_size;
	S.first_data = sb->s_first_data_block;
	S.groups = (S.blocks - S.first_data + S.bpg - 1) / S.bpg;
	S.gd = (void *)block_in(S.durable, S.first_data + 1);
	S.written = malloc(S.blocks * sizeof(*S.written));
	S.level = calloc(S.blocks, 1);
	for (b = 0; b < S.blocks; b++)
		S.written[b] = b < S.first_data || block_used_on_disk(b) ? OLD : NEVER;
	return 0;
}

/* CRASHES moments, in writes from the mount, spread over the run (~2,800 writes). */
static void crash_points(unsigned long long seed, const char *dir)
{
	unsigned i, k, t;
	C.dir = dir;
	C.rng = seed;
	for (i = 0; i < CRASHES; i++) {
		C.rng = C.rng * 6364136223846793005ull + 1442695040888963407ull;
		C.at[i] = 1 + (unsigned)(C.rng >> 33) % 2700;
	}
	for (i = 1; i < CRASHES; i++)
		for (k = i; k > 0 && C.at[k - 1] > C.at[k]; k--) {
			t = C.at[k];
			C.at[k] = C.at[k - 1];
			C.at[k - 1] = t;
		}
	diag("crash seed %llu", seed);
}

int main(int argc, char **argv)
{
	struct complaints c = { 0 };
	struct ext2_mount_options o = test_options(&c, 0);
	struct test_disk td;
	struct ext2_fs *fs;
	if (argc < 2 || load_image(argv[1]) < 0 || test_disk_open(&td, argv[1]) < 0) {
		printf("Bail out! usage: ext2_order IMAGE [noflush | crash SEED DIR]\n");
		return 1;
	}
	S.noflush = argc > 2 && !strcmp(argv[2], "noflush");
	if (argc > 4 && !strcmp(argv[2], "crash"))
		crash_points(strtoull(argv[3], NULL, 0), argv[4]);
	td.watch = watch;
	o.cache_blocks = 64; /* evictions force write-backs in the middle of operations */
	if (!ok(ext2_mount(&td.disk, &o, &fs) == 0, "mount"))
		return done_testing();
	/* The root directory's blocks are reachable from the start. */
	S.level[((struct ext2_inode *)(block_in(S.durable, S.gd[0].bg_inode_table) + S.isz))
			->i_block[0]] = 4;
	workload(fs);
	is(ext2_unmount(fs), 0, "unmount");
	diag("%llu writes, %d flushes; %u pointers, %u entries, %u frees checked",
	     (unsigned long long)td.writes, S.epoch, S.pointer_checks, S.entry_checks,
	     S.free_checks);
	if (S.first[0])
		diag("first violation: %s", S.first);
	if (S.noflush) {
		ok(S.rule1 > 0, "without flushes the checker finds rule 1 broken (%u)", S.rule1);
	} else {
		ok(S.pointer_checks > 1000 && S.entry_checks > 100 && S.free_checks > 1000,
		   "the checker saw pointers, entries and frees");
		is(S.rule1, 0, "rule 1: blocks on disk before pointers to them");
		is(S.rule2, 0, "rule 2: bitmaps on disk before use");
		is(S.rule3, 0, "rule 3: pointers cleared on disk before the bitmap frees");
	}
	if (C.dir)
		is(C.next, CRASHES, "every crash moment came");
	test_disk_close(&td);
	return done_testing();
}
