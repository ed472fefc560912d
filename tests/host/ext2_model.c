/* The ext2 library against a model: thousands of seeded random operations (writes at
 * random offsets with holes, truncates up and down, unlinks, renames over other names,
 * hard links, files held open while unlinked, syncs) on 40 names in 4 directories, the
 * model keeping each file's bytes and link count. After every operation its result is
 * compared with the model's; at the end every file is read back, and its bytes and
 * stat left for debugfs (ext2_expect.h) in a snapshot taken after a sync. Then every
 * name goes and the free counts must be back to where they were.
 * usage: ext2_model IMAGE SEED OPS EXPECT_DIR */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "ext2.h"
#include "ext2_disk.h"
#include "ext2_expect.h"
#include "tap.h"

#define DIRS	   4
#define NAMES	   10
#define PATHS	   (DIRS * NAMES)
#define MAX_SIZE   (600u * 1024u)
#define MAX_INODES (PATHS * 8)

struct model_file {
	uint8_t *data;
	uint64_t size;
	unsigned links;
	uint32_t ino;
};

static struct model_file files[MAX_INODES];
static int at[PATHS]; /* file index at each path, -1: none */
static uint32_t dirs[DIRS];
static struct ext2_fs *fs;
static uint64_t rng;
static unsigned mismatches, ops_done;
static char first_mismatch[200];

static uint32_t rnd(uint32_t n)
{
	rng = rng * 6364136223846793005ull + 1442695040888963407ull;
	return (uint32_t)(rng >> 33) % n;
}

static void name_of(int path, char *name)
{
	sprintf(name, "n%d", path % NAMES);
}

static uint32_t dir_of(int path)
{
	return dirs[path / NAMES];
}

static void mismatch(const char *what, int path, int64_t got, int64_t want)
{
	if (!mismatches++)
		snprintf(first_mismatch, sizeof(first_mismatch),
			 "op %u: %s on path %d: got %lld, want %lld", ops_done, what, path,
			 (long long)got, (long long)want);
}

static int new_file(void)
{
	int i;
	for (i = 0; i < MAX_INODES; i++)
		if (!files[i].links && !files[i].data)
			return i;
	return -1;
}

static void drop_link(int f)
{
	if (--files[f].links)
		return;
	free(files[f].data);
	files[f].data = NULL;
	files[f].size = 0;
}

static void resize(struct model_file *m, uint64_t size)
{
	m->data = realloc(m->data, size ? size : 1);
	if (size > m->size)
		memset(m->data + m->size, 0, size - m->size);
	m->size = size;
}

static void op_write(int path)
{
	static uint8_t buf[20000];
	char name[8];
	uint64_t off = rnd(4) ? rnd(MAX_SIZE - sizeof(buf)) : (uint64_t)rnd(600) * 1024 - rnd(2);
	uint32_t len = rnd(sizeof(buf)), i, ino;
	int f = at[path];
	int64_t r;
	if (off > MAX_SIZE - sizeof(buf))
		off = 0;
	name_of(path, name);
	if (f < 0) {
		f = new_file();
		r = ext2_mknod(fs, dir_of(path), name, strlen(name), 0100644, 0, 0, 0, &ino);
		if (f < 0 || r < 0)
			return mismatch("create", path, r, 0);
		files[f].ino = ino;
		files[f].links = 1;
		resize(&files[f], 0);
		at[path] = f;
	}
	for (i = 0; i < len; i++)
		buf[i] = (uint8_t)rnd(256);
	r = ext2_write(fs, files[f].ino, off, buf, len);
	if (r != len)
		return mismatch("write", path, r, len);
	if (off + len > files[f].size)
		resize(&files[f], off + len);
	memcpy(files[f].data + off, buf, len);
}

static void op_truncate(int path)
{
	int f = at[path];
	uint64_t size = rnd(3) ? rnd(MAX_SIZE) : rnd(20) * 1024;
	int r = ext2_truncate(fs, files[f].ino, size);
	if (r)
		return mismatch("truncate", path, r, 0);
	resize(&files[f], size);
}

static void op_unlink(int path)
{
	char name[8];
	int r;
	name_of(path, name);
	r = ext2_unlink(fs, dir_of(path), name, strlen(name));
	if (r)
		return mismatch("unlink", path, r, 0);
	drop_link(at[path]);
	at[path] = -1;
}

static void op_rename(int from, int to)
{
	char a[8], b[8];
	int r;
	name_of(from, a);
	name_of(to, b);
	r = ext2_rename(fs, dir_of(from), a, strlen(a), dir_of(to), b, strlen(b));
	if (r)
		return mismatch("rename", from, r, 0);
	if (at[to] == at[from])
		return; /* two names of one file: nothing happens */
	if (at[to] >= 0)
		drop_link(at[to]);
	at[to] = at[from];
	at[from] = -1;
}

static void op_link(int from, int to)
{
	char b[8];
	int r;
	name_of(to, b);
	r = ext2_link(fs, files[at[from]].ino, dir_of(to), b, strlen(b));
	if (r)
		return mismatch("link", from, r, 0);
	at[to] = at[from];
	files[at[from]].links++;
}

/* The file's bytes and link count as the library has them. */
static void check_file(int path)
{
	static uint8_t buf[MAX_SIZE + 20000];
	struct model_file *m = &files[at[path]];
	struct vfs_stat st;
	int64_t r = ext2_read(fs, m->ino, 0, buf, sizeof(buf));
	if (r != (int64_t)m->size || memcmp(buf, m->data, m->size))
		return mismatch("read", path, r, (int64_t)m->size);
	if (ext2_stat(fs, m->ino, &st) < 0 || st.nlink != m->links)
		mismatch("links", path, st.nlink, m->links);
}

/* A file held while its last name goes: still readable, freed at the put. */
static void op_held_unlink(int path)
{
	struct model_file *m = &files[at[path]];
	uint32_t ino = m->ino;
	uint8_t byte;
	if (m->links != 1 || ext2_inode_get(fs, ino) < 0)
		return;
	op_unlink(path);
	if (ext2_read(fs, ino, 0, &byte, 1) < 0)
		mismatch("read after unlink", path, -1, 0);
	ext2_inode_put(fs, ino);
}

static void one_op(void)
{
	int p = (int)rnd(PATHS), q = (int)rnd(PATHS), k = (int)rnd(100);
	if (at[p] < 0 || k < 35)
		return op_write(p);
	if (k < 50)
		return op_truncate(p);
	if (k < 60)
		return op_unlink(p);
	if (k < 62)
		return op_held_unlink(p);
	if (k < 75)
		return op_rename(p, q);
	if (k < 80 && at[q] < 0)
		return op_link(p, q);
	if (k < 82) {
		int r = ext2_sync(fs);
		if (r)
			mismatch("sync", p, r, 0);
		return;
	}
	check_file(p);
}

static int snapshot(struct test_disk *td, const char *path)
{
	static uint8_t buf[1 << 16];
	ssize_t n;
	off_t off = 0;
	int out = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (out < 0)
		return -1;
	while ((n = pread(td->fd, buf, sizeof(buf), off)) > 0 && write(out, buf, (size_t)n) == n)
		off += n;
	close(out);
	return n == 0 ? 0 : -1;
}

int main(int argc, char **argv)
{
	struct complaints c = { 0 };
	struct ext2_mount_options o = test_options(&c, 0);
	struct vfs_statfs before, after;
	struct test_disk td;
	char path[64], snap[1100];
	unsigned ops, i;
	int p;
	if (argc != 5 || test_disk_open(&td, argv[1]) < 0) {
		printf("Bail out! usage: ext2_model IMAGE SEED OPS EXPECT_DIR\n");
		return 1;
	}
	rng = strtoull(argv[2], NULL, 0);
	ops = (unsigned)strtoul(argv[3], NULL, 0);
	expect_init(argv[4]);
	o.cache_blocks = 48; /* write-backs in the middle of everything */
	if (!ok(ext2_mount(&td.disk, &o, &fs) == 0, "mount"))
		return done_testing();
	ext2_statfs(fs, &before);
	for (i = 0; i < DIRS; i++) {
		sprintf(path, "d%u", i);
		ext2_mkdir(fs, EXT2_ROOT, path, strlen(path), 0755, 0, 0, &dirs[i]);
	}
	for (p = 0; p < PATHS; p++)
		at[p] = -1;
	for (ops_done = 0; ops_done < ops; ops_done++)
		one_op();
	for (p = 0; p < PATHS; p++)
		if (at[p] >= 0)
			check_file(p);
	is(mismatches, 0, "%u operations and the final reads agree with the model%s%s", ops,
	   mismatches ? ": " : "", first_mismatch);
	for (p = 0; p < PATHS; p++) {
		if (at[p] < 0)
			continue;
		sprintf(path, "/d%d/n%d", p / NAMES, p % NAMES);
		expect_contents(fs, path);
	}
	is(ext2_sync(fs), 0, "sync");
	snprintf(snap, sizeof(snap), "%s/synced.img", argv[4]);
	is(snapshot(&td, snap), 0, "the synced image kept for debugfs and e2fsck");
	for (p = 0; p < PATHS; p++)
		if (at[p] >= 0)
			op_unlink(p);
	for (i = 0; i < DIRS; i++) {
		sprintf(path, "d%u", i);
		ext2_rmdir(fs, EXT2_ROOT, path, strlen(path));
	}
	ext2_sync(fs);
	ext2_statfs(fs, &after);
	is(after.free_blocks, before.free_blocks, "every block back once every name is gone");
	is(after.free_inodes, before.free_inodes, "every inode back");
	is(ext2_unmount(fs), 0, "unmount");
	is(c.count, 0, "no complaint%s%s", c.count ? ": " : "", c.last);
	is(td.bad_requests, 0, "every request within the block protocol");
	test_disk_close(&td);
	return done_testing();
}
