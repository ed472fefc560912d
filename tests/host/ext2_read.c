/* The ext2 library's read path against an image made by mke2fs -d from a known tree:
 * every file of the manifest (what debugfs says about it) is found by name and its
 * metadata, bytes, link target, device number and directory listing are checked
 * against debugfs and the tree.
 * usage: ext2_read IMAGE MANIFEST TREE FREE_BLOCKS FREE_INODES
 *        ext2_read features EXT4_IMAGE HUGE_FILE_IMAGE: what unknown features refuse */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "ext2.h"
#include "ext2_disk.h"
#include "ext2_expect.h"
#include "ext2_format.h"
#include "tap.h"

#define BIG_FILE (8u << 20)
#define CHUNK	 1000 /* reads of odd sizes at odd offsets */

struct entry {
	char path[1024];
	char type;
	unsigned mode, links;
	uint64_t size, blocks;
	char extra[64];
};

static struct ext2_fs *fs;
static const char *tree;
static struct ext2_super_block sb; /* as the image has it, for its features */

static uint32_t type_bits(char type)
{
	switch (type) {
	case 'f':
		return 0100000;
	case 'd':
		return 0040000;
	case 'l':
		return 0120000;
	case 'p':
		return 0010000;
	case 'c':
		return 0020000;
	case 'b':
		return 0060000;
	default:
		return 0140000;
	}
}

/* Whether the library reads the same bytes as the host file at [off, off+len). */
static int same_bytes(uint32_t ino, int fd, uint64_t off, size_t len)
{
	static uint8_t a[CHUNK], b[CHUNK];
	int64_t got;
	size_t n;
	while (len) {
		n = len < CHUNK ? len : CHUNK;
		got = ext2_read(fs, ino, off, a, n);
		if (got != (int64_t)n || pread(fd, b, n, (off_t)off) != (ssize_t)n ||
		    memcmp(a, b, n)) {
			diag("differs near offset %llu (read %lld)", (unsigned long long)off,
			     (long long)got);
			return 0;
		}
		off += n;
		len -= n;
	}
	return 1;
}

/* A big sparse file: windows around every piece of data and in the holes. */
static int same_windows(uint32_t ino, int fd, uint64_t size)
{
	static const uint64_t at[] = {
		0, (1 << 20) - 100, 70u << 20, (70u << 20) - 3100, 4500ull << 20, 2ull << 30
	};
	unsigned i;
	for (i = 0; i < sizeof(at) / sizeof(at[0]); i++)
		if (at[i] < size &&
		    !same_bytes(ino, fd, at[i], size - at[i] < 20000 ? size - at[i] : 20000))
			return 0;
	return same_bytes(ino, fd, size - 5000, 5000);
}

static void check_contents(const struct entry *e, uint32_t ino)
{
	char host[1200];
	uint8_t past;
	int fd, same;
	snprintf(host, sizeof(host), "%s%s", tree, e->path);
	fd = open(host, O_RDONLY);
	if (fd < 0) {
		ok(0, "%s: tree file opens", e->path);
		return;
	}
	same = e->size > BIG_FILE ? same_windows(ino, fd, e->size)
				  : same_bytes(ino, fd, 0, e->size);
	ok(same, "%s: bytes as in the tree", e->path);
	is(ext2_read(fs, ino, e->size, &past, 1), 0, "%s: read at the end gives 0", e->path);
	close(fd);
}

static void check_link(const struct entry *e, uint32_t ino)
{
	char host[1200], want[4096], got[4096];
	ssize_t n;
	snprintf(host, sizeof(host), "%s%s", tree, e->path);
	n = readlink(host, want, sizeof(want));
	ok(n > 0 && ext2_readlink(fs, ino, got, sizeof(got)) == n && !memcmp(got, want, (size_t)n),
	   "%s: link target as in the tree", e->path);
}

static void check_device(const struct entry *e, const struct vfs_stat *st)
{
	unsigned major, minor;
	uint32_t want;
	if (sscanf(e->extra, "%u:%u", &major, &minor) != 2) {
		ok(0, "%s: debugfs device number %s parses", e->path, e->extra);
		return;
	}
	want = (minor & 0xff) | (major << 8) | ((minor & ~0xffu) << 12);
	is(st->rdev, want, "%s: device %u:%u", e->path, major, minor);
}

static struct entry *entries;
static unsigned nentries;

static int is_child(const char *parent, const char *path)
{
	size_t n = strlen(parent);
	const char *rest;
	if (!strcmp(parent, "/"))
		n = 0;
	if (strncmp(path, parent, n) || path[n] != '/' || !path[n + 1])
		return 0;
	rest = path + n + 1;
	return !strchr(rest, '/');
}

/* readdir lists exactly the manifest's children plus "." and "..", each with the
 * inode lookup finds. */
static void check_listing(const struct entry *e, uint32_t ino)
{
	struct vfs_dirent d;
	uint64_t cookie = 0;
	unsigned children = 0, listed = 0, dots = 0, i, mismatched = 0, types = 0;
	struct vfs_stat st;
	uint32_t found;
	int r;
	for (i = 0; i < nentries; i++)
		children += is_child(e->path, entries[i].path);
	while ((r = ext2_readdir(fs, ino, &cookie, &d)) == 1) {
		if (!strcmp(d.name, ".") || !strcmp(d.name, "..")) {
			dots++;
			mismatched += !strcmp(d.name, ".") && d.ino != ino;
			continue;
		}
		listed++;
		if (ext2_lookup(fs, ino, d.name, d.name_len, &found) < 0 || found != d.ino)
			mismatched++;
		/* d_type is the mode's type (DT_* == S_IF* >> 12), or unknown without filetype */
		if (ext2_stat(fs, d.ino, &st) < 0 ||
		    d.type != (sb.s_feature_incompat & EXT2_FEATURE_INCOMPAT_FILETYPE
				       ? st.mode >> 12
				       : 0))
			types++;
	}
	is(r, 0, "%s: readdir ends without error", e->path);
	is(listed, children, "%s: readdir lists the %u children", e->path, children);
	ok(dots == 2 && !mismatched, "%s: \".\", \"..\" and each entry's inode", e->path);
	is(types, 0, "%s: each entry's type", e->path);
}

static void check_entry(const struct entry *e)
{
	struct vfs_stat st;
	uint32_t ino;
	if (!ok(path_resolve(fs, e->path, &ino) == 0 && ext2_stat(fs, ino, &st) == 0, "%s: found",
		e->path))
		return;
	is(st.mode, type_bits(e->type) | e->mode, "%s: mode", e->path);
	is(st.nlink, e->links, "%s: links", e->path);
	is(st.size, e->size, "%s: size", e->path);
	is(st.blocks, e->blocks, "%s: blocks", e->path);
	if (e->type == 'f')
		check_contents(e, ino);
	else if (e->type == 'l')
		check_link(e, ino);
	else if (e->type == 'c' || e->type == 'b')
		check_device(e, &st);
	else if (e->type == 'd')
		check_listing(e, ino);
}

static int load_manifest(const char *path)
{
	FILE *f = fopen(path, "r");
	char line[2048];
	struct entry *e;
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		entries = realloc(entries, (nentries + 1) * sizeof(*entries));
		e = &entries[nentries];
		if (sscanf(line, "%1023[^\t]\t%c\t%o\t%u\t%lu\t%lu\t%63s", e->path, &e->type,
			   &e->mode, &e->links, &e->size, &e->blocks, e->extra) == 7)
			nentries++;
	}
	fclose(f);
	return 0;
}

/* What a read-only mount refuses and what bad names give. */
static void check_errors(void)
{
	uint32_t ino, file, dir;
	char longname[300];
	struct vfs_setattr a = { 0 };
	memset(longname, 'a', sizeof(longname));
	path_resolve(fs, "/sizes/s1", &file);
	path_resolve(fs, "/sizes", &dir);
	is(ext2_lookup(fs, EXT2_ROOT, "absent", 6, &ino), -ENOENT, "lookup of a missing name");
	is(ext2_lookup(fs, file, "x", 1, &ino), -ENOTDIR, "lookup in a file");
	is(ext2_lookup(fs, EXT2_ROOT, longname, 256, &ino), -ENAMETOOLONG, "256-byte name");
	is(ext2_read(fs, dir, 0, longname, 1), -EISDIR, "read of a directory");
	is(ext2_write(fs, file, 0, "x", 1), -EROFS, "write on a read-only mount");
	is(ext2_mkdir(fs, EXT2_ROOT, "new", 3, 0755, 0, 0, &ino), -EROFS, "mkdir read-only");
	is(ext2_unlink(fs, dir, "s1", 2), -EROFS, "unlink read-only");
	is(ext2_setattr(fs, file, &a), -EROFS, "setattr read-only");
	is(ext2_inode_get(fs, 0), -EUCLEAN, "inode 0 is no inode");
}

/* A file held open (as the server holds it) and read from start to end in small
 * pieces takes a request per batch of consecutive blocks, not one per block. */
static void sequential_reads(struct test_disk *td)
{
	static uint8_t buf[4096];
	uint64_t before = td->reads, off = 0, blocks;
	struct vfs_statfs sf;
	uint32_t ino;
	int64_t r = 1;
	ext2_statfs(fs, &sf);
	if (!ok(path_resolve(fs, "/sizes/s3145728", &ino) == 0 && ext2_inode_get(fs, ino) == 0,
		"the 3 MiB file, held"))
		return;
	while (r > 0) {
		r = ext2_read(fs, ino, off, buf, sizeof(buf));
		off += r > 0 ? (uint64_t)r : 0;
	}
	ext2_inode_put(fs, ino);
	blocks = (3u << 20) / sf.block_size;
	ok(td->reads - before < blocks / 4, "read in %llu requests for its %llu blocks",
	   (unsigned long long)(td->reads - before), (unsigned long long)blocks);
}

/* The default cache holds 4 MiB whatever the block size (1,024 blocks of 1 KiB did
 * not keep a stress run's directories and inodes): the 3 MiB file read again, after
 * sequential_reads, comes from memory. */
static void cached_rereads(struct test_disk *td)
{
	static uint8_t buf[65536];
	uint64_t before = td->reads, off = 0;
	uint32_t ino;
	int64_t r = 1;
	if (path_resolve(fs, "/sizes/s3145728", &ino) < 0)
		return;
	while (r > 0) {
		r = ext2_read(fs, ino, off, buf, sizeof(buf));
		off += r > 0 ? (uint64_t)r : 0;
	}
	ok(off == 3u << 20 && td->reads == before,
	   "read again, it comes from the cache (%llu disk requests)",
	   (unsigned long long)(td->reads - before));
}

/* An ext4 image (extents, 64bit...) does not mount; an ro_compat feature the library
 * does not know (huge_file) mounts read-only only. */
static int features(const char *ext4, const char *huge)
{
	struct complaints c = { 0 };
	struct ext2_mount_options rw = test_options(&c, 0), ro = test_options(&c, 1);
	struct test_disk td;
	if (test_disk_open(&td, ext4) == 0) {
		is(ext2_mount(&td.disk, &rw, &fs), -EINVAL, "an ext4 image is refused");
		is(c.count, 1, "with a complaint");
		test_disk_close(&td);
	}
	if (test_disk_open(&td, huge) == 0) {
		is(ext2_mount(&td.disk, &rw, &fs), -EROFS, "huge_file: read-write refused");
		ok(ext2_mount(&td.disk, &ro, &fs) == 0 && ext2_unmount(fs) == 0,
		   "huge_file: read-only mount");
		is(td.writes, 0, "nothing written");
		test_disk_close(&td);
	}
	return done_testing();
}

int main(int argc, char **argv)
{
	struct complaints c = { 0 };
	struct ext2_mount_options o = test_options(&c, 1);
	struct test_disk td;
	struct vfs_statfs sf;
	struct vfs_stat st;
	uint32_t ino;
	unsigned i;
	if (argc == 4 && !strcmp(argv[1], "features"))
		return features(argv[2], argv[3]);
	if (argc != 6 || test_disk_open(&td, argv[1]) < 0 || load_manifest(argv[2]) < 0) {
		printf("Bail out! usage: ext2_read IMAGE MANIFEST TREE FREE_BLOCKS FREE_INODES\n");
		return 1;
	}
	tree = argv[3];
	if (pread(td.fd, &sb, sizeof(sb), 1024) != sizeof(sb)) {
		printf("Bail out! cannot read the superblock\n");
		return 1;
	}
	if (!ok(ext2_mount(&td.disk, &o, &fs) == 0, "mount %s read-only", argv[1]))
		return done_testing();
	ok(nentries > 700, "the manifest lists %u files", nentries);
	ext2_statfs(fs, &sf);
	is(sf.free_blocks, strtoull(argv[4], NULL, 0), "free blocks as dumpe2fs says");
	is(sf.free_inodes, strtoull(argv[5], NULL, 0), "free inodes as dumpe2fs says");
	sequential_reads(&td);
	cached_rereads(&td);
	for (i = 0; i < nentries; i++)
		check_entry(&entries[i]);
	if (sb.s_feature_compat & EXT2_FEATURE_COMPAT_DIR_INDEX)
		ok(path_resolve(fs, "/big", &ino) == 0 && ext2_stat(fs, ino, &st) == 0 &&
			   (st.flags & 0x1000),
		   "/big is an indexed (dir_index) directory");
	check_errors();
	is(c.count, 1, "one complaint: about inode 0");
	is(td.writes, 0, "nothing written on a read-only mount");
	is(td.bad_requests, 0, "every request within the block protocol");
	is(ext2_unmount(fs), 0, "unmount");
	test_disk_close(&td);
	free(entries);
	return done_testing();
}
