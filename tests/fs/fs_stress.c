/*
 * The fs-server under load (issue 12): 10,000 files in nested directories, at least
 * 100 MiB written in mixed sizes with holes, renames of every kind, truncates, half the
 * files deleted and some directories removed, then sync. A model says what every file
 * holds (extents of seeded bytes, zeros elsewhere); files are read back and compared,
 * and the survivors are printed as a manifest ("M crc32 size path", "D path") that
 * tests/fs/stress.t checks against debugfs dumps on the host. Everything follows from
 * the seed (argv[1], printed first), so a failure replays with the same seed.
 */
#include <errno.h>
#include <fs.h>
#include <linux/fcntl.h>
#include <linux/fs.h>
#include <linux/stat.h>
#include <masque/rights.h>
#include <ns.h>
#include <self.h>
#include <stdio.h>
#include <string.h>
#include <trap.h>
#include "../kernel/tap.h"

#define FILES	     10000
#define BIG_FILES    16		    /* written last, sized so the total reaches TARGET */
#define TARGET_BYTES (100ull << 20) /* written in all */
#define DIRS	     300
#define DEEP_CHAIN   12 /* the first dirs: one below the other */
/* The WIDE_DIRS directories after the chain get 1 / WIDE_SHARE of the files each (some
 * 830: 14 blocks of 1 KiB, past the 12 direct ones). */
#define WIDE_DIRS    2
#define WIDE_SHARE   12
#define EXTENTS	     8
#define INLINE_MAX   8192
#define LARGE_MAX    (1u << 20)
#define PATH_BYTES   4096
#define NAME_BYTES   256
#define SHOWN_ERRORS 20 /* diagnostics per phase, at most */
#define FSYNC_EVERY  250

struct extent { /* bytes pattern(seed, p) for p in [off, off + len) */
	uint64_t off, len, seed;
};

struct file {
	uint64_t size;
	struct extent ext[EXTENTS]; /* later ones written over earlier ones */
	uint16_t dir;
	uint8_t extents, live;
	char name[12]; /* its key, "fN" or "rN": the name on disk has a suffix (disk_name) */
};

struct dir {
	uint16_t parent; /* dir 0, /stress, is its own parent */
	uint8_t live;
	char name[8];
};

static port_name_t root;
static struct file files[FILES];
static struct dir dirs[DIRS];
static uint32_t block_size;
static uint64_t seed, rng, written, renamed;
/* Which file has each name, by its number: "fN" (each file's first) and "rN" (given by
 * renames), for readdir's entries. */
static uint16_t owner_f[FILES], owner_r[FILES];
static uint8_t iobuf[LARGE_MAX] __attribute__((aligned(4096)));
static uint8_t want[LARGE_MAX];
static uint32_t crc_table[256];

/* --- seeded randomness and the bytes files hold ------------------------------------ */

static uint64_t mix(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static uint64_t rnd(void)
{
	return mix(rng += 0x9e3779b97f4a7c15ull);
}

static uint64_t below(uint64_t n)
{
	return n ? rnd() % n : 0;
}

/* The bytes an extent of seed `seed` has at file offsets [p, p + len): word p / 8 of
 * the seed's stream, little-endian, whole words copied where they fit. */
static uint64_t pattern_word(uint64_t seed, uint64_t p)
{
	return mix(seed ^ (p >> 3) * 0x9e3779b97f4a7c15ull);
}

static void pattern(uint64_t seed, uint64_t p, uint8_t *out, uint64_t len)
{
	uint64_t i = 0, w;
	for (; i < len && (p + i) & 7; i++)
		out[i] = (uint8_t)(pattern_word(seed, p + i) >> (8 * ((p + i) & 7)));
	for (; i + 8 <= len; i += 8) {
		w = pattern_word(seed, p + i);
		memcpy(out + i, &w, 8);
	}
	for (; i < len; i++)
		out[i] = (uint8_t)(pattern_word(seed, p + i) >> (8 * ((p + i) & 7)));
}

/* What the model says f holds at [off, off + len), within its size. */
static void expected(const struct file *f, uint64_t off, uint8_t *out, uint64_t len)
{
	memset(out, 0, len);
	for (int i = 0; i < f->extents; i++) {
		const struct extent *e = &f->ext[i];
		uint64_t lo = off > e->off ? off : e->off;
		uint64_t hi = off + len < e->off + e->len ? off + len : e->off + e->len;
		if (lo < hi)
			pattern(e->seed, lo, out + (lo - off), hi - lo);
	}
}

static void crc_init(void)
{
	for (uint32_t i = 0; i < 256; i++) {
		uint32_t c = i;
		for (int k = 0; k < 8; k++)
			c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
		crc_table[i] = c;
	}
}

/* CRC-32 (IEEE, as zlib's crc32) of f's bytes by the model: what the host recomputes. */
static uint32_t model_crc(const struct file *f)
{
	uint32_t c = 0xffffffffu;
	for (uint64_t off = 0; off < f->size; off += LARGE_MAX) {
		uint64_t n = f->size - off < LARGE_MAX ? f->size - off : LARGE_MAX;
		expected(f, off, want, n);
		for (uint64_t i = 0; i < n; i++)
			c = crc_table[(c ^ want[i]) & 0xff] ^ (c >> 8);
	}
	return ~c;
}

/* Shrink the model to size bytes: bytes past it are gone for good. */
static void model_truncate(struct file *f, uint64_t size)
{
	int kept = 0;
	for (int i = 0; i < f->extents; i++) {
		struct extent e = f->ext[i];
		if (e.off >= size)
			continue;
		if (e.off + e.len > size)
			e.len = size - e.off;
		f->ext[kept++] = e;
	}
	f->extents = (uint8_t)kept;
	f->size = size;
}

/* --- paths and handles ------------------------------------------------------------- */

static int dir_path(int d, char *out)
{
	int n = d ? dir_path(dirs[d].parent, out) : snprintf(out, PATH_BYTES, "/stress");
	return d ? n + snprintf(out + n, PATH_BYTES - n, "/%s", dirs[d].name) : n;
}

/* A file's name on disk: its key and, after a '-', a suffix of 0 to 8 letters (seven
 * times in ten) or of 9 to 199, which the key and the seed choose: entries of many
 * lengths, so freed room in a directory is split and reused unevenly. */
static const char *disk_name(const char *key, char *out)
{
	uint64_t h = seed;
	size_t n = strlen(key);
	memcpy(out, key, n);
	for (const char *p = key; *p; p++)
		h = mix(h ^ (uint8_t)*p);
	uint64_t len = h % 10 < 7 ? (h >> 8) % 9 : 9 + (h >> 8) % 191;
	if (len)
		out[n++] = '-';
	for (uint64_t i = 0; i < len; i++)
		out[n++] = (char)('a' + (h = mix(h)) % 26);
	out[n] = 0;
	return out;
}

static const char *file_path(const struct file *f, char *out)
{
	char name[NAME_BYTES];
	int n = dir_path(f->dir, out);
	snprintf(out + n, PATH_BYTES - n, "/%s", disk_name(f->name, name));
	return out;
}

static int in_subtree(int d, int top)
{
	for (; d; d = dirs[d].parent)
		if (d == top)
			return 1;
	return top == 0;
}

static int64_t open_at(const char *path, uint32_t flags, uint32_t mode)
{
	port_name_t h;
	uint32_t type;
	int64_t r = rpc_fs_open(root, path, flags, mode, &h, &type);
	return r ? r : (int64_t)h;
}

static void close_handle(int64_t h)
{
	if (h > 0)
		port_mod_refs((port_name_t)h, RIGHT_SEND, -1);
}

static int64_t size_of(port_name_t h)
{
	struct fs_attr a;
	int64_t r = rpc_fs_stat(h, &a);

	return r ? r : a.size;
}

/* --- phases: timing and failures --------------------------------------------------- */

static struct {
	const char *name;
	uint64_t start;
	uint32_t ops, failed;
} phase;

static void phase_begin(const char *name)
{
	phase.name = name, phase.start = clock_now(), phase.ops = phase.failed = 0;
}

static void fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void fail(const char *fmt, ...)
{
	char line[PATH_BYTES + 128];
	va_list ap;
	if (phase.failed++ >= SHOWN_ERRORS)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	diag("%s: %s", phase.name, line);
}

static void phase_end(void)
{
	uint64_t ms = (clock_now() - phase.start) / 1000000;
	printf("# phase %s: %llu.%03llu s\n", phase.name, (unsigned long long)(ms / 1000),
	       (unsigned long long)(ms % 1000));
	ok(!phase.failed, "%s: %u operations, %u unexpected results", phase.name, phase.ops,
	   phase.failed);
}

/* One call whose result should be `want`. */
static void expect(int64_t got, int64_t want, const char *what, const char *path)
{
	phase.ops++;
	if (got != want)
		fail("%s %s: %lld, not %lld", what, path, (long long)got, (long long)want);
}

/* --- the tree ---------------------------------------------------------------------- */

static int random_live_dir(void)
{
	int d;
	do
		d = (int)below(DIRS);
	while (!dirs[d].live);
	return d;
}

static void make_dirs(void)
{
	char path[PATH_BYTES];
	phase_begin("mkdir");
	dirs[0] = (struct dir){ .parent = 0, .live = 1 };
	expect(rpc_fs_mkdir(root, "/stress", 0755), 0, "mkdir", "/stress");
	for (int d = 1; d < DIRS; d++) {
		/* a deep chain first, then directories anywhere: deep and wide */
		int parent = d <= DEEP_CHAIN ? d - 1 : (int)below((uint64_t)d);
		dirs[d] = (struct dir){ .parent = (uint16_t)parent, .live = 1 };
		snprintf(dirs[d].name, sizeof(dirs[d].name), "d%03d", d);
		dir_path(d, path);
		expect(rpc_fs_mkdir(root, path, 0755), 0, "mkdir", path);
	}
	phase_end();
}

/* --- writing ----------------------------------------------------------------------- */

enum how { INLINE_AT, INLINE_AT_POSITION, LARGE_AT };

/* Write [off, off + len) of new seeded bytes into f (open as h), the model first. */
static void write_piece(port_name_t h, struct file *f, uint64_t off, uint64_t len, enum how how,
			const char *path)
{
	struct extent e = { off, len, rnd() };
	uint32_t max = how == LARGE_AT ? LARGE_MAX : INLINE_MAX;
	f->ext[f->extents++] = e;
	if (off + len > f->size)
		f->size = off + len;
	if (how == INLINE_AT_POSITION) /* past the end for a hole: seek, not an offset */
		expect(rpc_fs_seek(h, (int64_t)off, SEEK_SET), (int64_t)off, "seek", path);
	for (uint64_t done = 0; done < len;) {
		uint32_t n = len - done < max ? (uint32_t)(len - done) : max;
		int64_t at = how == INLINE_AT_POSITION ? -1 : (int64_t)(off + done);
		pattern(e.seed, off + done, iobuf, n);
		int64_t r = how == LARGE_AT ? rpc_fs_write_large(h, at, iobuf, n)
					    : rpc_fs_write(h, at, iobuf, n);
		expect(r, n, how == LARGE_AT ? "write_large" : "write", path);
		done += n;
	}
	written += len;
}

/* How f is written: empty, under a block, whole blocks, up to 16 KiB, or with holes
 * (leading, inner, and sparse at the end by truncate up), inline or out of line. */
static void write_small(port_name_t h, struct file *f, const char *path)
{
	uint64_t kind = below(100), bs = block_size;
	enum how how = (enum how)below(3);
	if (kind < 10) { /* empty, a third of them grown by truncate: all hole */
		if (kind < 3) {
			f->size = 1 + below(8 * bs);
			expect(rpc_fs_truncate(h, (int64_t)f->size), 0, "truncate up", path);
		}
	} else if (kind < 45) {
		write_piece(h, f, 0, 1 + below(bs - 1), how, path);
	} else if (kind < 60) {
		write_piece(h, f, 0, bs * (1 + below(24)), how, path);
	} else if (kind < 88) {
		write_piece(h, f, 0, 1 + below(16384), how, path);
	} else {
		uint64_t first = below(2) ? 0 : bs * below(4) + below(bs); /* a leading hole */
		uint64_t len = 1 + below(3 * bs), gap = below(20 * bs);
		write_piece(h, f, first, len, how, path);
		write_piece(h, f, first + len + gap, 1 + below(6 * bs), (enum how)below(3), path);
		if (below(2)) /* over both pieces and the hole between */
			write_piece(h, f, first + len / 2, len / 2 + gap + 1, (enum how)below(3),
				    path);
		if (below(3) == 0) {
			f->size += 1 + below(10 * bs);
			expect(rpc_fs_truncate(h, (int64_t)f->size), 0, "truncate up", path);
		}
	}
}

/* A big file of about `size` bytes, some with a hole of a MiB in the middle. */
static void write_big(port_name_t h, struct file *f, uint64_t size, const char *path)
{
	enum how how = below(4) ? LARGE_AT : INLINE_AT;
	if (below(3) == 0) {
		uint64_t half = size / 2;
		write_piece(h, f, 0, half, how, path);
		write_piece(h, f, half + (1u << 20) + below(block_size), size - half, how, path);
	} else {
		write_piece(h, f, 0, size, how, path);
	}
}

static void create_file(int i, uint64_t big_size)
{
	struct file *f = &files[i];
	char path[PATH_BYTES];
	uint64_t wide = below(WIDE_SHARE);
	int dir = wide < WIDE_DIRS ? DEEP_CHAIN + 1 + (int)wide : random_live_dir();
	*f = (struct file){ .dir = (uint16_t)dir, .live = 1 };
	snprintf(f->name, sizeof(f->name), "f%05d", i);
	owner_f[i] = (uint16_t)i;
	file_path(f, path);
	int64_t h = open_at(path, O_CREAT | O_EXCL | O_RDWR, 0644);
	expect(h > 0, 1, "create", path);
	if (h <= 0)
		return;
	if (big_size)
		write_big((port_name_t)h, f, big_size, path);
	else
		write_small((port_name_t)h, f, path);
	expect(size_of((port_name_t)h), (int64_t)f->size, "stat size", path);
	if (i % FSYNC_EVERY == 0) /* a write-back in the middle of the stream */
		expect(rpc_fs_fsync((port_name_t)h, 0), 0, "fsync", path);
	close_handle(h);
}

static void create_files(void)
{
	phase_begin("create and write");
	for (int i = 0; i < FILES - BIG_FILES; i++)
		create_file(i, 0);
	for (int i = FILES - BIG_FILES; i < FILES; i++) {
		uint64_t left = written < TARGET_BYTES ? TARGET_BYTES - written : 0;
		uint64_t each = left / (uint64_t)(FILES - i);
		uint64_t size = i == FILES - 1 ? left : each / 2 + below(each);
		create_file(i, size > (1u << 20) ? size : (1u << 20));
	}
	phase_end();
	ok(written >= TARGET_BYTES, "%llu MiB written in all", (unsigned long long)(written >> 20));
}

/* --- counts in the model ----------------------------------------------------------- */

static int live_files(void)
{
	int n = 0;
	for (int i = 0; i < FILES; i++)
		n += files[i].live;
	return n;
}

static int has_subdirs(int d)
{
	for (int k = 1; k < DIRS; k++)
		if (dirs[k].live && dirs[k].parent == d)
			return 1;
	return 0;
}

static int files_in(int d)
{
	int n = 0;
	for (int i = 0; i < FILES; i++)
		n += files[i].live && files[i].dir == d;
	return n;
}

/* --- renames ----------------------------------------------------------------------- */

static struct file *random_live_file(void)
{
	struct file *f;
	do
		f = &files[below(FILES)];
	while (!f->live);
	return f;
}

/* The slot saying which file has the name "fN" or "rN". */
static uint16_t *name_owner(const char *name)
{
	uint32_t n = 0;
	for (const char *p = name + 1; *p >= '0' && *p <= '9'; p++)
		n = n * 10 + (uint32_t)(*p - '0');
	return name[0] == 'f' ? &owner_f[n] : &owner_r[n];
}

/* A name no file has had. */
static void fresh_name(struct file *f)
{
	owner_r[renamed] = (uint16_t)(f - files);
	snprintf(f->name, sizeof(f->name), "r%05llu", (unsigned long long)renamed++);
}

/* After a rename of f from `from`: the old name is gone, the new one has f's size. */
static void check_moved(const struct file *f, const char *from)
{
	char to[PATH_BYTES];
	file_path(f, to);
	expect(open_at(from, O_RDONLY, 0), -ENOENT, "open old name", from);
	int64_t h = open_at(to, O_RDONLY, 0);
	expect(h > 0 ? size_of((port_name_t)h) : h, (int64_t)f->size, "size under new name", to);
	close_handle(h);
}

/* Rename f to dir `to_dir` (the same or another), under a fresh name or its own. */
static void rename_file(struct file *f, int to_dir, int keep_name, uint32_t flags)
{
	char from[PATH_BYTES], to[PATH_BYTES];
	file_path(f, from);
	if (!keep_name || to_dir == f->dir)
		fresh_name(f);
	f->dir = (uint16_t)to_dir;
	file_path(f, to);
	expect(rpc_fs_rename(root, from, root, to, flags), 0, "rename", from);
	check_moved(f, from);
}

/* f over victim: victim's name now names f, and victim is gone. */
static void rename_over(struct file *f, struct file *victim)
{
	char from[PATH_BYTES], to[PATH_BYTES];
	file_path(f, from);
	file_path(victim, to);
	victim->live = 0;
	f->dir = victim->dir;
	memcpy(f->name, victim->name, sizeof(f->name));
	*name_owner(f->name) = (uint16_t)(f - files);
	expect(rpc_fs_rename(root, from, root, to, 0), 0, "rename over", from);
	check_moved(f, from);
}

static void rename_noreplace(struct file *f, struct file *other)
{
	char from[PATH_BYTES], to[PATH_BYTES];
	expect(rpc_fs_rename(root, file_path(f, from), root, file_path(other, to),
			     RENAME_NOREPLACE),
	       -EEXIST, "RENAME_NOREPLACE onto a name", to);
	int64_t h = open_at(from, O_RDONLY, 0);
	expect(h > 0 ? size_of((port_name_t)h) : h, (int64_t)f->size, "still there", from);
	close_handle(h);
}

static void rename_files(void)
{
	phase_begin("rename within a directory");
	for (int i = 0; i < 400; i++) {
		struct file *f = random_live_file();
		rename_file(f, f->dir, 0, 0);
	}
	phase_end();
	phase_begin("rename across directories");
	for (int i = 0; i < 400; i++)
		rename_file(random_live_file(), random_live_dir(), i & 1, 0);
	phase_end();
	phase_begin("RENAME_NOREPLACE onto free names");
	for (int i = 0; i < 100; i++)
		rename_file(random_live_file(), random_live_dir(), 0, RENAME_NOREPLACE);
	phase_end();
	phase_begin("rename over existing files, replacing them");
	for (int i = 0; i < 200; i++) {
		struct file *f = random_live_file(), *victim = random_live_file();
		if (f != victim)
			rename_over(f, victim);
	}
	phase_end();
	phase_begin("RENAME_NOREPLACE onto existing names (-EEXIST)");
	for (int i = 0; i < 100; i++) {
		struct file *f = random_live_file(), *other = random_live_file();
		if (f != other)
			rename_noreplace(f, other);
	}
	phase_end();
}

/* A live directory other than /stress whose subtree does not hold `not_above`. */
static int movable_dir(int not_above)
{
	int d;
	do
		d = random_live_dir();
	while (!d || in_subtree(not_above, d));
	return d;
}

/* Move a directory to another parent, over an empty directory there if `over`. */
static void move_dir(int over)
{
	char from[PATH_BYTES], to[PATH_BYTES];
	int to_parent, d;
	do /* a parent it does not have yet */
		to_parent = random_live_dir(), d = movable_dir(to_parent);
	while (dirs[d].parent == to_parent);
	dir_path(d, from);
	dirs[d].parent = (uint16_t)to_parent;
	dir_path(d, to);
	if (over)
		expect(rpc_fs_mkdir(root, to, 0755), 0, "mkdir", to);
	expect(rpc_fs_rename(root, from, root, to, 0), 0, "move directory", from);
	expect(open_at(from, O_RDONLY | O_DIRECTORY, 0), -ENOENT, "open old path", from);
	int64_t h = open_at(to, O_RDONLY | O_DIRECTORY, 0);
	expect(h > 0, 1, "open new path", to);
	close_handle(h);
}

/* A directory renamed to inside itself or below: to an ancestor of inner, or inner. */
static void move_into_own_subtree(void)
{
	char from[PATH_BYTES], to[PATH_BYTES];
	int inner = movable_dir(0), d = inner;
	for (uint64_t up = below(4); up && dirs[d].parent; up--)
		d = dirs[d].parent;
	dir_path(d, from);
	int n = dir_path(inner, to);
	snprintf(to + n, PATH_BYTES - n, "/inside");
	expect(rpc_fs_rename(root, from, root, to, 0), -EINVAL, "into own subtree", to);
}

static void move_dirs(void)
{
	phase_begin("move directories to other parents");
	for (int i = 0; i < 30; i++)
		move_dir(0);
	phase_end();
	phase_begin("move directories over empty ones, replacing them");
	for (int i = 0; i < 20; i++)
		move_dir(1);
	phase_end();
	phase_begin("directories into their own subtrees (-EINVAL)");
	for (int i = 0; i < 40; i++)
		move_into_own_subtree();
	phase_end();
}

/* Two live directories other than /stress, neither in the other's subtree. */
static void unrelated_dirs(int *a, int *b)
{
	do
		*a = movable_dir(0), *b = movable_dir(0);
	while (in_subtree(*a, *b) || in_subtree(*b, *a));
}

/* A live file outside directory d's subtree. */
static struct file *file_outside(int d)
{
	struct file *f;
	do
		f = random_live_file();
	while (in_subtree(f->dir, d));
	return f;
}

/* Files onto directories, directories onto files or onto directories that hold
 * something: all refused, nothing changes (the host finds every name as it was). */
static void rename_mismatched(void)
{
	char file[PATH_BYTES], dir[PATH_BYTES], full[PATH_BYTES];
	int d, f;
	phase_begin("a file onto a directory (-EISDIR)");
	for (int i = 0; i < 20; i++) {
		d = movable_dir(0);
		file_path(file_outside(d), file);
		dir_path(d, dir);
		expect(rpc_fs_rename(root, file, root, dir, 0), -EISDIR, "onto", dir);
	}
	phase_end();
	phase_begin("a file onto a directory above it (-ENOTEMPTY, as Linux)");
	for (int i = 0; i < 20; i++) {
		struct file *above = random_live_file();
		for (d = above->dir; d && below(2);)
			d = dirs[d].parent;
		file_path(above, file);
		dir_path(d, dir);
		expect(rpc_fs_rename(root, file, root, dir, 0), -ENOTEMPTY, "onto", dir);
	}
	phase_end();
	phase_begin("a directory onto a file (-ENOTDIR)");
	for (int i = 0; i < 20; i++) {
		d = movable_dir(0);
		file_path(file_outside(d), file);
		dir_path(d, dir);
		expect(rpc_fs_rename(root, dir, root, file, 0), -ENOTDIR, "onto", file);
	}
	phase_end();
	phase_begin("a directory onto a full one (-ENOTEMPTY)");
	for (int i = 0; i < 20; i++) {
		do
			unrelated_dirs(&d, &f);
		while (!files_in(f) && !has_subdirs(f));
		dir_path(d, dir);
		dir_path(f, full);
		expect(rpc_fs_rename(root, dir, root, full, 0), -ENOTEMPTY, "onto", full);
	}
	phase_end();
}

/* --- truncates --------------------------------------------------------------------- */

/* Truncate f to `to` bytes, and check the size stat gives. */
static void truncate_to(struct file *f, uint64_t to)
{
	char path[PATH_BYTES];
	if (to < f->size)
		model_truncate(f, to);
	else
		f->size = to;
	int64_t h = open_at(file_path(f, path), O_RDWR, 0);
	expect(h > 0 ? rpc_fs_truncate((port_name_t)h, (int64_t)to) : h, 0, "truncate", path);
	expect(h > 0 ? size_of((port_name_t)h) : h, (int64_t)to, "size after truncate", path);
	close_handle(h);
}

/* Down into the middle of a block, to 0, up (sparse at the end), or down and up again
 * over the old tail, which must read as zeros then. */
static void truncate_one(struct file *f)
{
	uint64_t kind = below(4), size = f->size;
	if (kind == 0 && size > 1) {
		uint64_t to = 1 + below(size - 1);
		truncate_to(f, to % block_size ? to : to - 1);
	} else if (kind == 1) {
		truncate_to(f, 0);
	} else if (kind == 3 && size > 1) {
		truncate_to(f, size - 1 - below(size - 1 < block_size ? size - 1 : block_size));
		truncate_to(f, size + below(block_size));
	} else {
		truncate_to(f, size + 1 + below(5 * (uint64_t)block_size));
	}
}

static void truncate_files(void)
{
	phase_begin("truncate");
	for (int i = 0; i < 1500; i++)
		truncate_one(random_live_file());
	phase_end();
}

/* New bytes somewhere in f or past its end: into its holes, over its data, across its
 * end, through either call. */
static void rewrite_one(struct file *f)
{
	char path[PATH_BYTES];
	uint64_t bs = block_size, off = below(f->size + 4 * bs), len = 1 + below(8 * bs);
	int64_t h = open_at(file_path(f, path), O_RDWR, 0);
	expect(h > 0, 1, "open", path);
	if (h <= 0)
		return;
	write_piece((port_name_t)h, f, off, len, (enum how)below(3), path);
	expect(size_of((port_name_t)h), (int64_t)f->size, "size after write", path);
	close_handle(h);
}

static void rewrite_files(void)
{
	phase_begin("write again into written files");
	for (int i = 0; i < 1000; i++) {
		struct file *f = random_live_file();
		if (f->extents < EXTENTS)
			rewrite_one(f);
	}
	phase_end();
}

/* --- reading back ----------------------------------------------------------------- */

/* Read f back through h with the inline or the out-of-line call and compare with the
 * model. */
static void read_back(int64_t h, const struct file *f, int large, const char *path)
{
	expect(h > 0 ? size_of((port_name_t)h) : h, (int64_t)f->size, "stat size", path);
	for (uint64_t off = 0; h > 0 && off < f->size;) {
		uint32_t max = large ? LARGE_MAX : INLINE_MAX;
		uint32_t n = f->size - off < max ? (uint32_t)(f->size - off) : max;
		uint32_t len = n;
		int64_t r = large ? rpc_fs_read_large((port_name_t)h, (int64_t)off, n, iobuf, &len)
				  : rpc_fs_read((port_name_t)h, (int64_t)off, n, iobuf, &len);
		if (r)
			len = 0;
		expected(f, off, want, len);
		expect(r == 0 && len && !memcmp(iobuf, want, len), 1, "bytes read back", path);
		if (r || !len)
			break;
		off += len;
	}
}

static void check_file(const struct file *f, int large)
{
	char path[PATH_BYTES];
	int64_t h = open_at(file_path(f, path), O_RDONLY, 0);
	read_back(h, f, large, path);
	close_handle(h);
}

/* --- deletion ---------------------------------------------------------------------- */

static void delete_file(struct file *f)
{
	char path[PATH_BYTES];
	f->live = 0;
	expect(rpc_fs_unlink(root, file_path(f, path), 0), 0, "unlink", path);
	expect(open_at(path, O_RDONLY, 0), -ENOENT, "open after unlink", path);
}

/* Empty some leaf directories (rmdir refused while they hold files) and remove them. */
static int remove_dirs(void)
{
	char path[PATH_BYTES];
	int removed = 0;
	phase_begin("empty directories and rmdir them");
	for (int d = 1; d < DIRS && removed < DIRS / 10; d++) {
		if (has_subdirs(d) || below(3))
			continue;
		dir_path(d, path);
		if (files_in(d))
			expect(rpc_fs_unlink(root, path, AT_REMOVEDIR), -ENOTEMPTY,
			       "rmdir of a full one", path);
		for (int i = 0; i < FILES; i++)
			if (files[i].live && files[i].dir == d)
				delete_file(&files[i]);
		dirs[d].live = 0, removed++;
		expect(rpc_fs_unlink(root, path, AT_REMOVEDIR), 0, "rmdir", path);
	}
	phase_end();
	return removed;
}

/* Files unlinked while open: their handles, and what they hold. */
#define HELD_MAX 64
static struct held {
	int64_t h;
	struct file model;
} held[HELD_MAX];
static int held_count;

/* Then delete files at random until half of those there were are gone, some of them
 * while open: those read back whole through their handles afterwards, then closed. */
static void delete_half(void)
{
	int goal = live_files() / 2, removed = remove_dirs();
	char path[PATH_BYTES];
	phase_begin("unlink files at random");
	for (int left = live_files() - goal; left > 0; left--) {
		struct file *f = random_live_file();
		if (held_count < HELD_MAX && !below(50))
			held[held_count++] =
				(struct held){ open_at(file_path(f, path), O_RDONLY, 0), *f };
		delete_file(f);
	}
	phase_end();
	ok(removed >= DIRS / 20, "%d directories removed, %d files left", removed, live_files());
	phase_begin("read files unlinked while open, then close them");
	for (int i = 0; i < held_count; i++) {
		read_back(held[i].h, &held[i].model, i & 1, "(unlinked)");
		close_handle(held[i].h);
	}
	phase_end();
}

/* --- checking ---------------------------------------------------------------------- */

static void check_files(void)
{
	int n = 0;
	phase_begin("read back");
	for (int i = 0; i < FILES; i++)
		if (files[i].live)
			check_file(&files[i], n++ & 1);
	phase_end();
}

static uint32_t listed[FILES + DIRS]; /* the directory an entry was last listed in, + 1 */

/* Whether the entry `name` listed in directory d is one the model has there, listed
 * once: dNNN a directory, fNNNNN a file by its number, rNNNNN by its rename. */
static int entry_known(int d, const char *name)
{
	char want[NAME_BYTES];
	uint32_t n = 0, slot;
	for (const char *p = name + 1; *p >= '0' && *p <= '9'; p++)
		n = n * 10 + (uint32_t)(*p - '0');
	if (name[0] == 'd' && n && n < DIRS && dirs[n].live && dirs[n].parent == d)
		slot = FILES + n;
	else if ((name[0] == 'f' && n < FILES) || (name[0] == 'r' && n < renamed))
		slot = *name_owner(name);
	else
		return 0;
	if (slot < FILES && (!files[slot].live || files[slot].dir != d ||
			     strcmp(disk_name(files[slot].name, want), name)))
		return 0;
	if (listed[slot] == (uint32_t)d + 1)
		return 0;
	listed[slot] = (uint32_t)d + 1;
	return 1;
}

/* The names in d besides . and .., each known; their count, or -1. */
static int list_dir(int d, port_name_t h)
{
	static uint8_t buf[INLINE_MAX];
	uint64_t cookie = 0, next;
	uint32_t len;
	int count = 0;
	while (rpc_fs_readdir(h, cookie, sizeof(buf), buf, &len, &next) == 0 && len) {
		for (uint32_t at = 0; at < len;) {
			uint16_t reclen;
			const char *name = (const char *)buf + at + 19;
			memcpy(&reclen, buf + at + 16, 2);
			if (strcmp(name, ".") && strcmp(name, "..") && count >= 0)
				count = entry_known(d, name) ? count + 1 : -1;
			at += reclen;
		}
		cookie = next;
	}
	return count;
}

/* readdir of every directory lists exactly what the model has in it. */
static void check_dirs(void)
{
	char path[PATH_BYTES];
	phase_begin("readdir");
	for (int d = 0; d < DIRS; d++) {
		if (!dirs[d].live)
			continue;
		int want = files_in(d);
		for (int k = 1; k < DIRS; k++)
			want += dirs[k].live && dirs[k].parent == d;
		dir_path(d, path);
		int64_t h = open_at(path, O_RDONLY | O_DIRECTORY, 0);
		expect(h > 0 ? list_dir(d, (port_name_t)h) : h, want, "entries listed", path);
		close_handle(h);
	}
	phase_end();
}

static void sync_all(void)
{
	phase_begin("sync");
	expect(rpc_fs_sync(root), 0, "sync", "/");
	phase_end();
}

static void print_manifest(void)
{
	char path[PATH_BYTES];
	for (int d = 0; d < DIRS; d++)
		if (dirs[d].live) {
			dir_path(d, path);
			printf("D %s\n", path);
		}
	for (int i = 0; i < FILES; i++)
		if (files[i].live)
			printf("M %08x %llu %s\n", model_crc(&files[i]),
			       (unsigned long long)files[i].size, file_path(&files[i], path));
}

/* What statfs gives of the block size and the free blocks and inodes. */
static int64_t root_statfs(uint64_t *bsize, uint64_t *bfree, uint64_t *ifree)
{
	uint64_t type, blocks, bavail, inodes, namelen;
	return rpc_fs_statfs(root, &type, bsize, &blocks, bfree, &bavail, &inodes, ifree, &namelen);
}

/* The free counts at the end, for the host to compare with the disk's: "S BLOCKS INODES". */
static void print_free_counts(void)
{
	uint64_t bsize, bfree, ifree;
	if (ok(root_statfs(&bsize, &bfree, &ifree) == 0, "statfs at the end"))
		printf("S %llu %llu\n", (unsigned long long)bfree, (unsigned long long)ifree);
}

static uint64_t seed_arg(int argc, char **argv)
{
	uint64_t s = 0;
	for (const char *p = argc > 1 ? argv[1] : "1"; *p >= '0' && *p <= '9'; p++)
		s = s * 10 + (uint64_t)(*p - '0');
	return s;
}

int main(int argc, char **argv)
{
	rng = seed = seed_arg(argc, argv);
	crc_init();
	printf("# fs_stress: seed %llu (replay: the argument of fs_stress in the boot script)\n",
	       (unsigned long long)seed);
	ok(rpc_ns_lookup(bootstrap_port, "fs", &root) == 0, "the fs-server's root, by name");
	uint64_t bsize = 0, bfree, ifree;
	int64_t r = root_statfs(&bsize, &bfree, &ifree);
	ok(r == 0 && bsize, "statfs gives the block size, %llu", (unsigned long long)bsize);
	block_size = (uint32_t)bsize;
	make_dirs();
	create_files();
	rename_files();
	move_dirs();
	rename_mismatched();
	truncate_files();
	rewrite_files();
	delete_half();
	sync_all();
	check_dirs();
	check_files();
	print_free_counts();
	print_manifest();
	return 0;
}
