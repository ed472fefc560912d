/* The tmpfs library against a model: thousands of seeded random operations (writes with
 * holes, near the start of a file and a terabyte out, truncates up and down, unlinks,
 * renames over other names, hard links, files held across operations and unlinked
 * while held) on 40 names in 4 directories, under a size and an inode limit that the
 * operations run into. The model keeps each file's pages (NULL for a hole, as tmpfs
 * allocates them), links and references, and so knows every result, short writes and
 * -ENOSPC included, and statfs's free counts after every operation; directory listings
 * are compared now and then. At the end every name goes and every reference is put:
 * the free counts must be back where they started, and the unmount must leave nothing
 * for ASan's leak checker.
 * usage: tmpfs_model SEED OPS */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "tap.h"
#include "tmpfs.h"

#define DIRS	   4
#define NAMES	   10
#define PATHS	   (DIRS * NAMES)
#define PAGE	   4096u
#define NEAR_PAGES 150		/* the first 600 KiB of a file */
#define FAR_PAGE   (1ull << 28) /* 1 TiB out */
#define FAR_PAGES  16		/* 64 KiB there */
#define FILE_PAGES (NEAR_PAGES + FAR_PAGES)
#define MAX_PAGES  256		    /* the size limit */
#define MAX_INODES (1 + DIRS + 34)  /* the inode limit: root, directories, 34 files */
#define MAX_FILES  (MAX_INODES + 1) /* model slots: more than can live */
#define MAX_HELD   8
#define WRITE_MAX  20000

struct model_file {
	uint8_t *page[FILE_PAGES]; /* near pages, then far ones; NULL: a hole */
	uint64_t size;
	unsigned links, held;
	uint32_t ino;
};

static const struct vfs_ops *ops = &tmpfs_vfs_ops;
static struct tmpfs *fs;
static struct model_file files[MAX_FILES];
static int at[PATHS]; /* the file at each path, -1: none */
static int held[MAX_HELD], held_count;
static uint32_t dirs[DIRS];
static uint64_t used_pages, used_inodes, rng;
static unsigned mismatches, ops_done, enospc_writes, enospc_creates, held_unlinks;
static char first_mismatch[200];

static uint32_t rnd(uint32_t n)
{
	rng = rng * 6364136223846793005ull + 1442695040888963407ull;
	return (uint32_t)(rng >> 33) % n;
}

static void mismatch(const char *what, int path, int64_t got, int64_t want)
{
	if (!mismatches++)
		snprintf(first_mismatch, sizeof(first_mismatch),
			 "op %u: %s on path %d: got %lld, want %lld", ops_done, what, path,
			 (long long)got, (long long)want);
}

static void name_of(int path, char *name)
{
	sprintf(name, "n%d", path % NAMES);
}

static uint32_t dir_of(int path)
{
	return dirs[path / NAMES];
}

/* The model's slot for page index of a file, or -1 outside the pages modelled. */
static int slot_of(uint64_t index)
{
	if (index < NEAR_PAGES)
		return (int)index;
	if (index >= FAR_PAGE && index < FAR_PAGE + FAR_PAGES)
		return (int)(NEAR_PAGES + index - FAR_PAGE);
	return -1;
}

static uint64_t index_of(int slot)
{
	return slot < NEAR_PAGES ? (uint64_t)slot : FAR_PAGE + (uint64_t)(slot - NEAR_PAGES);
}

static int file_lives(const struct model_file *m)
{
	return m->links || m->held;
}

/* A model slot for a new file. */
static int free_slot(void)
{
	int i;
	for (i = 0; i < MAX_FILES; i++)
		if (!file_lives(&files[i]))
			return i;
	return -1;
}

/* The pages of m from page index first on go. */
static void trim_pages(struct model_file *m, uint64_t first)
{
	int s;
	for (s = 0; s < FILE_PAGES; s++) {
		if (m->page[s] && index_of(s) >= first) {
			free(m->page[s]);
			m->page[s] = NULL;
			used_pages--;
		}
	}
}

/* File f goes if nothing names or holds it. */
static void release(int f)
{
	struct model_file *m = &files[f];
	if (file_lives(m))
		return;
	trim_pages(m, 0);
	m->size = 0;
	used_inodes--;
}

static void drop_link(int f)
{
	files[f].links--;
	release(f);
}

/* Whether ino names a live inode besides file f: a number given twice. */
static int number_taken(uint32_t ino, int f)
{
	int i;
	for (i = 0; i < DIRS; i++)
		if (dirs[i] == ino)
			return 1;
	for (i = 0; i < MAX_FILES; i++)
		if (i != f && file_lives(&files[i]) && files[i].ino == ino)
			return 1;
	return ino == TMPFS_ROOT;
}

/* A new empty file at path; -1 if tmpfs refused it (as the model said it would). */
static int create(int path)
{
	int f = free_slot(), r;
	char name[8];
	uint32_t ino;
	name_of(path, name);
	r = ops->mknod(fs, dir_of(path), name, strlen(name), S_IFREG | 0644, 0, 0, 0, &ino);
	if (used_inodes == MAX_INODES) {
		enospc_creates++;
		if (r != -ENOSPC)
			mismatch("create at the inode limit", path, r, -ENOSPC);
		return -1;
	}
	if (r || f < 0) {
		mismatch("create", path, r, 0);
		return -1;
	}
	files[f].ino = ino;
	files[f].links = 1;
	used_inodes++;
	at[path] = f;
	if (number_taken(ino, f))
		mismatch("a number given twice", path, ino, 0);
	return f;
}

/* Where to write len bytes in file m: near the start, at its end, or a terabyte out. */
static uint64_t write_offset(const struct model_file *m, uint32_t len)
{
	uint32_t k = rnd(10);
	if (k < 2 && m->size + len <= NEAR_PAGES * PAGE)
		return m->size;
	if (k < 3)
		return FAR_PAGE * PAGE + rnd(FAR_PAGES * PAGE - len);
	return rnd(NEAR_PAGES * PAGE - len);
}

/* What tmpfs must do with a write of buf to m: page by page, a page for each hole,
 * stopping when the limit is reached; returns the count, or -ENOSPC for none. */
static int64_t model_write(struct model_file *m, uint64_t off, const uint8_t *buf, uint32_t len)
{
	uint64_t done = 0, pos;
	uint32_t chunk;
	int s;
	while (done < len) {
		pos = off + done;
		chunk = PAGE - (uint32_t)(pos % PAGE);
		if (chunk > len - done)
			chunk = (uint32_t)(len - done);
		s = slot_of(pos / PAGE);
		if (!m->page[s] && used_pages == MAX_PAGES)
			break;
		if (!m->page[s]) {
			m->page[s] = calloc(1, PAGE);
			used_pages++;
		}
		memcpy(m->page[s] + pos % PAGE, buf + done, chunk);
		done += chunk;
	}
	if (done && off + done > m->size)
		m->size = off + done;
	return done ? (int64_t)done : len ? -ENOSPC : 0;
}

static void write_file(int f, int path)
{
	static uint8_t buf[WRITE_MAX];
	struct model_file *m = &files[f];
	uint32_t len = rnd(8) ? rnd(WRITE_MAX) : rnd(2), i;
	uint64_t off = write_offset(m, len);
	int64_t r, want;
	for (i = 0; i < len; i++)
		buf[i] = (uint8_t)rnd(256);
	r = ops->write(fs, m->ino, off, buf, len);
	want = model_write(m, off, buf, len);
	if (want < (int64_t)len)
		enospc_writes++;
	if (r != want)
		mismatch("write", path, r, want);
}

static void op_write(int path)
{
	int f = at[path] >= 0 ? at[path] : create(path);
	if (f >= 0)
		write_file(f, path);
}

static void op_truncate(int path)
{
	struct model_file *m = &files[at[path]];
	uint32_t k = rnd(10);
	uint64_t size = k < 6 ? rnd(NEAR_PAGES * PAGE) : k < 8 ? rnd(20) * PAGE : 0;
	uint8_t *last;
	int r;
	if (k == 9)
		size = FAR_PAGE * PAGE + rnd(FAR_PAGES * PAGE);
	r = ops->truncate(fs, m->ino, size);
	if (r)
		return mismatch("truncate", path, r, 0);
	if (size < m->size) {
		trim_pages(m, (size + PAGE - 1) / PAGE);
		last = size % PAGE ? m->page[slot_of(size / PAGE)] : NULL;
		if (last)
			memset(last + size % PAGE, 0, PAGE - size % PAGE);
	}
	m->size = size;
}

static void op_unlink(int path)
{
	char name[8];
	int r;
	name_of(path, name);
	r = ops->unlink(fs, dir_of(path), name, strlen(name));
	if (r)
		return mismatch("unlink", path, r, 0);
	if (files[at[path]].held)
		held_unlinks++;
	drop_link(at[path]);
	at[path] = -1;
}

static void op_rename(int from, int to)
{
	char a[8], b[8];
	int r;
	name_of(from, a);
	name_of(to, b);
	r = ops->rename(fs, dir_of(from), a, strlen(a), dir_of(to), b, strlen(b));
	if (r)
		return mismatch("rename", from, r, 0);
	if (at[to] == at[from])
		return; /* one name, or two names of one file: nothing happens */
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
	r = ops->link(fs, files[at[from]].ino, dir_of(to), b, strlen(b));
	if (r)
		return mismatch("link", from, r, 0);
	at[to] = at[from];
	files[at[from]].links++;
}

static int all_zero(const uint8_t *p, uint64_t len)
{
	return !len || (!p[0] && !memcmp(p, p + 1, len - 1));
}

/* Whether [off, off + len) of m reads back from tmpfs as the model has it. */
static int range_agrees(const struct model_file *m, uint64_t off, uint64_t len)
{
	static uint8_t buf[NEAR_PAGES * PAGE];
	uint64_t i, n;
	int s;
	if (ops->read(fs, m->ino, off, buf, len) != (int64_t)len)
		return 0;
	for (i = 0; i < len; i += n) {
		s = slot_of((off + i) / PAGE);
		n = len - i < PAGE ? len - i : PAGE;
		if (m->page[s] ? memcmp(buf + i, m->page[s], n) != 0 : !all_zero(buf + i, n))
			return 0;
	}
	return 1;
}

/* The file's bytes, size, links and pages as tmpfs has them. */
static void check_file(int f, int path)
{
	const struct model_file *m = &files[f];
	uint64_t near = NEAR_PAGES * PAGE, far = FAR_PAGE * PAGE, pages = 0;
	struct vfs_stat st;
	uint8_t byte = 1;
	int s;
	for (s = 0; s < FILE_PAGES; s++)
		pages += m->page[s] != NULL;
	if (ops->stat(fs, m->ino, &st) || st.size != m->size)
		return mismatch("size", path, (int64_t)st.size, (int64_t)m->size);
	if (st.nlink != m->links)
		mismatch("links", path, st.nlink, m->links);
	if (st.blocks != pages * 8)
		mismatch("blocks", path, (int64_t)st.blocks, (int64_t)pages * 8);
	if (!range_agrees(m, 0, m->size < near ? m->size : near))
		mismatch("read near", path, 0, 0);
	if (m->size > far && !range_agrees(m, far, m->size - far))
		mismatch("read far", path, 0, 0);
	if (m->size > near + 1000 && (ops->read(fs, m->ino, near + 1000, &byte, 1) != 1 || byte))
		mismatch("read between", path, byte, 0);
}

/* A reference to the file at path, kept across operations. */
static void op_hold(int path)
{
	int r;
	if (held_count == MAX_HELD)
		return;
	r = ops->inode_get(fs, files[at[path]].ino);
	if (r)
		return mismatch("inode_get", path, r, 0);
	files[at[path]].held++;
	held[held_count++] = at[path];
}

/* A held file (named or not) is read, written to, or let go. */
static void op_held(void)
{
	int i = (int)rnd((uint32_t)held_count), f = held[i], k = (int)rnd(3);
	if (k == 0)
		return check_file(f, -1);
	if (k == 1)
		return write_file(f, -1);
	ops->inode_put(fs, files[f].ino);
	held[i] = held[--held_count];
	files[f].held--;
	release(f);
}

/* The names in dir d and their numbers as tmpfs lists them. */
static void check_dir(int d)
{
	struct vfs_dirent ent;
	uint64_t cookie = 0;
	int listed = 0, want = 0, p, r;
	while ((r = ops->readdir(fs, dirs[d], &cookie, &ent)) == 1) {
		listed++;
		if (listed <= 2)
			continue; /* "." and ".." */
		p = d * NAMES + atoi(ent.name + 1);
		if (ent.name[0] != 'n' || at[p] < 0 || files[at[p]].ino != ent.ino || ent.type != 8)
			mismatch("readdir entry", p, ent.ino, at[p] < 0 ? 0 : files[at[p]].ino);
	}
	for (p = d * NAMES; p < (d + 1) * NAMES; p++)
		want += at[p] >= 0;
	if (r || listed != want + 2)
		mismatch("readdir count", d, listed, want + 2);
}

static void check_statfs(void)
{
	struct vfs_statfs st;
	if (ops->statfs(fs, &st) || st.free_blocks != MAX_PAGES - used_pages)
		mismatch("free blocks", -1, (int64_t)st.free_blocks,
			 (int64_t)(MAX_PAGES - used_pages));
	if (st.free_inodes != MAX_INODES - used_inodes)
		mismatch("free inodes", -1, (int64_t)st.free_inodes,
			 (int64_t)(MAX_INODES - used_inodes));
}

static void one_op(void)
{
	int p = (int)rnd(PATHS), q = (int)rnd(PATHS), k = (int)rnd(100);
	if (at[p] < 0 || k < 35)
		return op_write(p);
	if (k < 48)
		return op_truncate(p);
	if (k < 58)
		return op_unlink(p);
	if (k < 64)
		return op_hold(p);
	if (k < 72 && held_count)
		return op_held();
	if (k < 82)
		return op_rename(p, q);
	if (k < 87 && at[q] < 0)
		return op_link(p, q);
	if (k < 90)
		return check_dir((int)rnd(DIRS));
	check_file(at[p], p);
}

int main(int argc, char **argv)
{
	struct tmpfs_options o = { (uint64_t)MAX_PAGES * PAGE, MAX_INODES, 0755, 0, 0, NULL, NULL };
	struct vfs_statfs before, after;
	unsigned ops_count, i;
	char name[8];
	int p;
	if (argc != 3) {
		printf("Bail out! usage: tmpfs_model SEED OPS\n");
		return 1;
	}
	rng = strtoull(argv[1], NULL, 0);
	ops_count = (unsigned)strtoul(argv[2], NULL, 0);
	if (!ok(tmpfs_mount(&o, &fs) == 0, "mount"))
		return done_testing();
	ops->statfs(fs, &before);
	for (i = 0; i < DIRS; i++) {
		sprintf(name, "d%u", i);
		ops->mkdir(fs, TMPFS_ROOT, name, strlen(name), 0755, 0, 0, &dirs[i]);
	}
	used_inodes = 1 + DIRS;
	for (p = 0; p < PATHS; p++)
		at[p] = -1;
	for (ops_done = 0; ops_done < ops_count; ops_done++) {
		one_op();
		check_statfs();
	}
	for (p = 0; p < PATHS; p++)
		if (at[p] >= 0)
			check_file(at[p], p);
	for (i = 0; i < DIRS; i++)
		check_dir((int)i);
	is(mismatches, 0, "%u operations and the final reads agree with the model%s%s", ops_count,
	   mismatches ? ": " : "", first_mismatch);
	ok(enospc_writes > 0, "writes ran into the size limit (%u times)", enospc_writes);
	ok(enospc_creates > 0, "creates ran into the inode limit (%u times)", enospc_creates);
	ok(held_unlinks > 0, "files were unlinked while held (%u times)", held_unlinks);
	while (held_count)
		op_held();
	for (p = 0; p < PATHS; p++)
		if (at[p] >= 0)
			op_unlink(p);
	for (i = 0; i < DIRS; i++) {
		sprintf(name, "d%u", i);
		ops->rmdir(fs, TMPFS_ROOT, name, strlen(name));
	}
	ops->statfs(fs, &after);
	is(after.free_blocks, before.free_blocks, "every page back once every name is gone");
	is(after.free_inodes, before.free_inodes, "every inode back");
	is(mismatches, 0, "the clean-up agrees with the model");
	is(ops->unmount(fs), 0, "unmount");
	return done_testing();
}
