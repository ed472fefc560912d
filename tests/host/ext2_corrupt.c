/* The ext2 library on corrupted images: each case flips bytes or whole words in one
 * piece of metadata of a good image (superblock, group descriptors, inode table,
 * directory blocks, indirect blocks), then mounts, walks and reads every file, writes
 * new files and directories, renames, unlinks, syncs and unmounts. Every case must end
 * (an alarm stops a hang) without a crash (ASan), return only errno values, keep every
 * request inside the disk, and leave the blocks of a canary file that nothing writes to
 * untouched; a read-only mount (every fourth case) writes nothing at all. In another
 * fourth of the cases the device also fails one request in 30 (EIO). Cases are
 * seeded: case i uses seed SEED + i.
 * usage: ext2_corrupt IMAGE SEED COUNT CANARY_BLOCK... */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "ext2.h"
#include "ext2_disk.h"
#include "ext2_format.h"
#include "tap.h"

#define MAX_ENTRIES  100000 /* readdir of one directory giving more: it does not end */
#define CASE_SECONDS 10

enum kind { SUPER, GROUPS, INODES, DIRS, INDIRECT, KINDS };
static const char *kind_names[] = { "superblock", "group descriptors", "inode table",
				    "directory block", "indirect block" };

static uint8_t *pristine;
static uint64_t image_size;
static uint32_t bs;
static uint32_t *targets[KINDS], target_count[KINDS];
static uint32_t *canary;
static unsigned canary_count;

struct mem_disk {
	uint8_t *data;
	uint64_t size;
	unsigned bad, writes;
	unsigned fail_one_in; /* a failing device: each request fails with this chance */
	uint64_t fail_rng;
};

/* Whether this request of a failing device fails. */
static int fails(struct mem_disk *m)
{
	if (!m->fail_one_in)
		return 0;
	m->fail_rng = m->fail_rng * 6364136223846793005ull + 1442695040888963407ull;
	return (m->fail_rng >> 33) % m->fail_one_in == 0;
}

static int mem_read(void *ctx, uint64_t off, void *buf, uint32_t len)
{
	struct mem_disk *m = ctx;
	if (off % 512 || len % 512 || !len || len > EXT2_DISK_MAX_IO || off > m->size ||
	    len > m->size - off) {
		m->bad++;
		return -EIO;
	}
	if (fails(m))
		return -EIO;
	memcpy(buf, m->data + off, len);
	return 0;
}

static int mem_write(void *ctx, uint64_t off, const void *buf, uint32_t len)
{
	struct mem_disk *m = ctx;
	if (off % 512 || len % 512 || !len || len > EXT2_DISK_MAX_IO || off > m->size ||
	    len > m->size - off) {
		m->bad++;
		return -EIO;
	}
	if (fails(m))
		return -EIO;
	memcpy(m->data + off, buf, len);
	m->writes++;
	return 0;
}

static int mem_flush(void *ctx)
{
	(void)ctx;
	return 0;
}

static uint64_t rng;
static uint32_t next(void)
{
	rng = rng * 6364136223846793005ull + 1442695040888963407ull;
	return (uint32_t)(rng >> 33);
}

static void add_target(enum kind k, uint32_t block)
{
	uint64_t blocks = image_size / bs;
	if (!block || block >= blocks)
		return;
	targets[k] = realloc(targets[k], (target_count[k] + 1) * sizeof(uint32_t));
	targets[k][target_count[k]++] = block;
}

/* Where the metadata of the good image is: its directory and indirect blocks. */
static void find_targets(void)
{
	struct ext2_super_block *sb = (void *)(pristine + 1024);
	struct ext2_group_desc *gd;
	uint32_t i, k, isz = sb->s_inode_size, table;
	bs = 1024u << sb->s_log_block_size;
	gd = (void *)(pristine + (uint64_t)(sb->s_first_data_block + 1) * bs);
	table = gd[0].bg_inode_table;
	for (i = 0; i < sb->s_inodes_per_group; i++) {
		struct ext2_inode *in = (void *)(pristine + (uint64_t)table * bs + i * isz);
		uint32_t type = in->i_mode & EXT2_S_IFMT;
		if (!in->i_links_count)
			continue;
		add_target(INODES, table + i * isz / bs);
		if (type == EXT2_S_IFDIR)
			for (k = 0; k < 12; k++)
				add_target(DIRS, in->i_block[k]);
		if (type == EXT2_S_IFREG)
			for (k = 12; k < 15; k++)
				add_target(INDIRECT, in->i_block[k]);
		if (type == EXT2_S_IFREG && in->i_block[13])
			for (k = 0; k < 4; k++)
				add_target(INDIRECT,
					   ((uint32_t *)(pristine +
							 (uint64_t)in->i_block[13] * bs))[k]);
	}
}

/* Bytes [start, start+len) of img get a few random changes: bytes or whole words. */
static void smash(uint8_t *img, uint64_t start, uint32_t len)
{
	static const uint32_t words[] = { 0, 0xffffffff, 1, 0x7fffffff, 0x80000000, 12, 1024 };
	unsigned n = 1 + next() % 8, i;
	uint64_t at;
	for (i = 0; i < n; i++) {
		at = start + next() % len;
		if (next() % 3) {
			img[at] = (uint8_t)next();
		} else {
			uint32_t w = next() % 2 ? words[next() % 7] : next();
			at &= ~3ull;
			if (at + 4 <= start + len)
				memcpy(img + at, &w, 4);
		}
	}
}

static void corrupt(uint8_t *img, enum kind k)
{
	struct ext2_super_block *sb = (void *)(pristine + 1024);
	uint32_t groups =
		(sb->s_blocks_count - sb->s_first_data_block + sb->s_blocks_per_group - 1) /
		sb->s_blocks_per_group;
	uint32_t block;
	if (k == SUPER)
		return smash(img, 1024, 256);
	if (k == GROUPS)
		return smash(img, (uint64_t)(sb->s_first_data_block + 1) * bs, groups * 32);
	block = targets[k][next() % target_count[k]];
	smash(img, (uint64_t)block * bs, bs);
}

/* Results: errno values seen, and anything that is not a result at all. */
static unsigned results[200], strange;

static void note(int64_t r)
{
	if (r >= 0)
		return;
	if (r < -133)
		strange++;
	else
		results[-r]++;
}

static struct ext2_fs *fs;
static unsigned entries_seen;

static void read_file(uint32_t ino)
{
	static uint8_t buf[65536];
	uint64_t off;
	int64_t r = 1;
	for (off = 0; off < (256u << 10) && r > 0; off += (uint64_t)r) {
		r = ext2_read(fs, ino, off, buf, sizeof(buf));
		note(r);
	}
}

static void walk(uint32_t dir, int depth, int *runaway)
{
	struct vfs_dirent d;
	struct vfs_stat st;
	uint64_t cookie = 0;
	char target[4096];
	unsigned count = 0;
	int r;
	while ((r = ext2_readdir(fs, dir, &cookie, &d)) == 1) {
		if (++count > MAX_ENTRIES) {
			*runaway = 1;
			return;
		}
		entries_seen++;
		if (!strcmp(d.name, ".") || !strcmp(d.name, ".."))
			continue;
		r = ext2_stat(fs, d.ino, &st);
		note(r);
		if (r < 0)
			continue;
		if ((st.mode & 0170000) == 0100000)
			read_file(d.ino);
		else if ((st.mode & 0170000) == 0120000)
			note(ext2_readlink(fs, d.ino, target, sizeof(target)));
		else if ((st.mode & 0170000) == 0040000 && depth < 6)
			walk(d.ino, depth + 1, runaway);
	}
	note(r);
}

/* Writes: new names and data, a rename, an unlink of an old file. */
static void write_some(void)
{
	static uint8_t data[40000];
	uint32_t ino, dir, victim;
	char name[16];
	int i;
	memset(data, 0x5a, sizeof(data));
	note(ext2_mknod(fs, EXT2_ROOT, "newfile", 7, 0100644, 0, 0, 0, &ino));
	if (ext2_lookup(fs, EXT2_ROOT, "newfile", 7, &ino) == 0)
		note(ext2_write(fs, ino, 0, data, sizeof(data)));
	note(ext2_mkdir(fs, EXT2_ROOT, "newdir", 6, 0755, 0, 0, &dir));
	if (ext2_lookup(fs, EXT2_ROOT, "newdir", 6, &dir) == 0) {
		for (i = 0; i < 10; i++) {
			snprintf(name, sizeof(name), "n%d", i);
			note(ext2_mknod(fs, dir, name, strlen(name), 0100644, 0, 0, 0, &ino));
		}
		note(ext2_rename(fs, EXT2_ROOT, "newfile", 7, dir, "moved", 5));
	}
	note(ext2_symlink(fs, EXT2_ROOT, "newlink", 7,
			  "a/target/of/some/length/to/be/slow/"
			  "because/it/has/more/than/sixty/bytes",
			  71, 0, 0, &ino));
	if (ext2_lookup(fs, EXT2_ROOT, "victim", 6, &victim) == 0)
		note(ext2_unlink(fs, EXT2_ROOT, "victim", 6));
	note(ext2_sync(fs));
}

static unsigned long long current_seed;

static void on_alarm(int sig)
{
	(void)sig;
	printf("Bail out! case with seed %llu does not end in %d s\n", current_seed, CASE_SECONDS);
	fflush(stdout);
	_exit(1);
}

static int canary_intact(const uint8_t *img)
{
	unsigned i;
	for (i = 0; i < canary_count; i++)
		if (memcmp(img + (uint64_t)canary[i] * bs, pristine + (uint64_t)canary[i] * bs, bs))
			return 0;
	return 1;
}

#define GUARD 65536

static unsigned mounted, complained, marked, unmarked;

/* Complaints after the mount, not the mount's own warning about an unclean state. */
struct counted {
	struct complaints c;
	unsigned after_mount;
	int mounted;
};

static void count_complaint(void *ctx, const char *what, uint64_t number)
{
	struct counted *k = ctx;
	test_complain(&k->c, what, number);
	k->after_mount += k->mounted;
}

/* Every fourth case mounts read-only, as one would a damaged disk: nothing is written. */
static void run_case(unsigned long long seed)
{
	int read_only = seed % 4 == 0;
	struct counted said = { 0 };
	struct ext2_mount_options o = test_options(&said.c, read_only);
	struct mem_disk m = { malloc(image_size + GUARD), image_size, 0, 0, 0, 0 };
	struct ext2_disk disk = { &m, mem_read, mem_write, mem_flush, image_size };
	enum kind k;
	int runaway = 0, r;
	rng = seed;
	k = (enum kind)(next() % KINDS);
	memcpy(m.data, pristine, image_size);
	memset(m.data + image_size, 0xcc, GUARD);
	corrupt(m.data, k);
	if (seed % 4 == 1) { /* and a device that fails one request in 30 */
		m.fail_one_in = 30;
		m.fail_rng = seed;
	}
	current_seed = seed;
	alarm(CASE_SECONDS);
	o.cache_blocks = 64;
	o.complain = count_complaint;
	o.ctx = &said;
	r = ext2_mount(&disk, &o, &fs);
	note(r);
	if (r == 0) {
		mounted++;
		said.mounted = 1;
		walk(EXT2_ROOT, 0, &runaway);
		write_some();
		r = ext2_unmount(fs);
		note(r);
		/* s_state, at byte 58 of the superblock: bit 2 is "errors" */
		if (r == 0 && !read_only && said.after_mount) {
			marked += !!(m.data[1024 + 58] & EXT2_ERROR_FS);
			unmarked += !(m.data[1024 + 58] & EXT2_ERROR_FS);
		}
	}
	alarm(0);
	complained += said.c.count > 0;
	ok(!runaway && m.bad == 0, "seed %llu (%s): every readdir ends, every request in the disk",
	   seed, kind_names[k]);
	if (read_only)
		is(m.writes, 0, "seed %llu (%s): read-only, nothing written", seed, kind_names[k]);
	else
		ok(canary_intact(m.data), "seed %llu (%s): the canary file's blocks are untouched",
		   seed, kind_names[k]);
	free(m.data);
}

int main(int argc, char **argv)
{
	unsigned long long seed;
	unsigned count, i, other = 0;
	int fd, e;
	if (argc < 5) {
		printf("Bail out! usage: ext2_corrupt IMAGE SEED COUNT CANARY_BLOCK...\n");
		return 1;
	}
	fd = open(argv[1], O_RDONLY);
	image_size = (uint64_t)lseek(fd, 0, SEEK_END);
	pristine = malloc(image_size);
	if (fd < 0 || pread(fd, pristine, image_size, 0) != (ssize_t)image_size) {
		printf("Bail out! cannot read %s\n", argv[1]);
		return 1;
	}
	close(fd);
	seed = strtoull(argv[2], NULL, 0);
	count = (unsigned)strtoul(argv[3], NULL, 0);
	canary_count = (unsigned)argc - 4;
	canary = malloc(canary_count * sizeof(*canary));
	for (i = 0; i < canary_count; i++)
		canary[i] = (uint32_t)strtoul(argv[4 + i], NULL, 0);
	find_targets();
	for (i = 0; i < KINDS; i++)
		if (i > GROUPS && !target_count[i]) {
			printf("Bail out! the image has no %s to corrupt\n", kind_names[i]);
			return 1;
		}
	signal(SIGALRM, on_alarm);
	for (i = 0; i < count; i++)
		run_case(seed + i);
	diag("%u of %u corrupted images mounted; %u complained; %u directory entries read", mounted,
	     count, complained, entries_seen);
	diag("errors: EUCLEAN %u, EIO %u, EINVAL %u, ENOENT %u, ENOTDIR %u, EROFS %u",
	     results[EUCLEAN], results[EIO], results[EINVAL], results[ENOENT], results[ENOTDIR],
	     results[EROFS]);
	for (e = 1; e < 134; e++)
		if (results[e] && e != EUCLEAN && e != EIO && e != EINVAL && e != ENOENT &&
		    e != ENOTDIR && e != EISDIR && e != ENOSPC && e != EEXIST && e != EROFS &&
		    e != ENOTEMPTY && e != EFBIG && e != EMLINK && e != ENAMETOOLONG) {
			diag("unexpected error %d: %u times", e, results[e]);
			other++;
		}
	is(strange, 0, "every result is 0, a count or an errno");
	is(other, 0, "every error is one a file system gives");
	ok(results[EUCLEAN] > count / 10, "corruption is reported as EUCLEAN (%u times)",
	   results[EUCLEAN]);
	ok(complained > count / 10, "and complained about (%u cases)", complained);
	ok(mounted > count / 3, "most corrupted images still mount (%u)", mounted);
	ok(marked > 0 && !unmarked,
	   "a read-write mount that found corruption marks the disk with errors (%u of %u)", marked,
	   marked + unmarked);
	return done_testing();
}
