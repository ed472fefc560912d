/* The ext2 library's write path, one scenario per run on a fresh image made by mke2fs.
 * Each scenario checks results through the library and leaves, in EXPECT_DIR, what
 * debugfs must then find: "files" (contents, one per path with '/' as ',') and
 * "stats" (a manifest line per path, as ext2_images.sh's manifest prints them); the
 * .t compares those and runs e2fsck -fn on the image.
 * usage: ext2_write SCENARIO IMAGE EXPECT_DIR */
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

static struct ext2_fs *fs;
static struct test_disk td;
static struct complaints complaints;
static const char *image, *expect_dir;

static void fill(uint8_t *buf, size_t len, uint64_t seed)
{
	uint64_t x = seed * 6364136223846793005ull + 1442695040888963407ull;
	size_t i;
	for (i = 0; i < len; i++) {
		x = x * 6364136223846793005ull + 1442695040888963407ull;
		buf[i] = (uint8_t)(x >> 33);
	}
}

static int mount_rw(void)
{
	struct ext2_mount_options o = test_options(&complaints, 0);
	o.cache_blocks = 256; /* small: evictions and write-backs happen in every scenario */
	if (test_disk_open(&td, image) < 0)
		return -1;
	return ext2_mount(&td.disk, &o, &fs);
}

static void unmount(void)
{
	is(ext2_unmount(fs), 0, "unmount");
	is(td.bad_requests, 0, "every request within the block protocol");
	is(complaints.count, 0, "no complaint about the file system%s%s",
	   complaints.count ? ": " : "", complaints.last);
	test_disk_close(&td);
}

/* Split path into its directory's inode and its last name. */
static int parent_of(const char *path, uint32_t *dir, const char **name)
{
	char buf[1024];
	const char *slash = strrchr(path, '/');
	snprintf(buf, sizeof(buf), "%.*s", (int)(slash - path), path);
	*name = slash + 1;
	return path_resolve(fs, buf, dir);
}

static int create(const char *path, uint32_t mode, uint32_t *ino)
{
	uint32_t dir;
	const char *name;
	int err = parent_of(path, &dir, &name);
	if (err < 0)
		return err;
	return ext2_mknod(fs, dir, name, strlen(name), 0100000 | mode, 0, 0, 0, ino);
}

static int make_dir(const char *path, uint32_t *ino)
{
	uint32_t dir;
	const char *name;
	int err = parent_of(path, &dir, &name);
	if (err < 0)
		return err;
	return ext2_mkdir(fs, dir, name, strlen(name), 0755, 0, 0, ino);
}

/* Write len bytes of pattern seed at off into path (created if need be), check they
 * read back; returns the inode or 0. */
static uint32_t write_file(const char *path, uint64_t off, size_t len, uint64_t seed)
{
	uint8_t *buf = malloc(len + 1), *back = malloc(len + 1);
	uint32_t ino;
	int err = path_resolve(fs, path, &ino);
	if (err == -ENOENT)
		err = create(path, 0644, &ino);
	fill(buf, len, seed);
	if (err >= 0 && ext2_write(fs, ino, off, buf, len) != (int64_t)len)
		err = -EIO;
	if (err >= 0 &&
	    (ext2_read(fs, ino, off, back, len) != (int64_t)len || memcmp(buf, back, len)))
		err = -EIO;
	ok(err >= 0, "%s: %zu bytes at %llu written and read back", path, len,
	   (unsigned long long)off);
	free(buf);
	free(back);
	return err >= 0 ? ino : 0;
}

static void scenario_files(void)
{
	static const size_t sizes[] = { 0,	1,	   4095,	   4096,
					4097,	12 * 1024, 268 * 1024 + 1, 2 << 20,
					5000000 };
	char path[64];
	unsigned i;
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		snprintf(path, sizeof(path), "/f%zu", sizes[i]);
		write_file(path, 0, sizes[i], i);
		expect_contents(fs, path);
	}
	/* Holes: data past double and triple indirect boundaries of 1 KiB blocks. */
	write_file("/sparse", 70u << 20, 3000, 100);
	write_file("/sparse", 5000, 10, 101);
	write_file("/huge", (5ull << 30) - 4000, 4000, 102);
	write_file("/huge", 1ull << 30, 4096, 103);
	expect_stat(fs, "/sparse");
	expect_stat(fs, "/huge");
	{
		uint8_t zeros[5000] = { 0 }, got[5000];
		uint32_t ino;
		path_resolve(fs, "/sparse", &ino);
		ok(ext2_read(fs, ino, 60u << 20, got, sizeof(got)) == sizeof(got) &&
			   !memcmp(got, zeros, sizeof(got)),
		   "a hole reads as zeros");
	}
	/* Overwrite the middle of a file across block boundaries. */
	write_file("/f5000000", 123457, 70000, 104);
	expect_contents(fs, "/f5000000");
	is(ext2_sync(fs), 0, "sync");
}

/* 1,200 files in 3 levels of directories. */
static void scenario_tree(void)
{
	char path[128];
	unsigned a, b, c, made = 0, found = 0;
	uint32_t ino;
	uint8_t data[300];
	for (a = 0; a < 4; a++) {
		snprintf(path, sizeof(path), "/d%u", a);
		made += make_dir(path, &ino) == 0;
		for (b = 0; b < 6; b++) {
			snprintf(path, sizeof(path), "/d%u/sub%u", a, b);
			made += make_dir(path, &ino) == 0;
			for (c = 0; c < 50; c++) {
				snprintf(path, sizeof(path),
					 "/d%u/sub%u/file_with_a_longer_name_%u", a, b, c);
				fill(data, c * 5, a * 1000 + b * 100 + c);
				made += create(path, 0644, &ino) == 0 &&
					ext2_write(fs, ino, 0, data, c * 5) == (int64_t)(c * 5);
			}
		}
	}
	is(made, 4 + 24 + 1200, "every directory and file made");
	for (a = 0; a < 4; a++)
		for (b = 0; b < 6; b++)
			for (c = 0; c < 50; c++) {
				snprintf(path, sizeof(path),
					 "/d%u/sub%u/file_with_a_longer_name_%u", a, b, c);
				found += path_resolve(fs, path, &ino) == 0;
			}
	is(found, 1200, "every file found by name");
	expect_contents(fs, "/d3/sub5/file_with_a_longer_name_49");
	expect_contents(fs, "/d0/sub0/file_with_a_longer_name_1");
	expect_stat(fs, "/d2");
	expect_stat(fs, "/d2/sub3");
	/* Half of them go, then new ones fill the space the removals left. */
	for (c = 0; c < 50; c += 2) {
		snprintf(path, sizeof(path), "file_with_a_longer_name_%u", c);
		path_resolve(fs, "/d1/sub1", &ino);
		if (ext2_unlink(fs, ino, path, strlen(path)) < 0)
			break;
	}
	is(c, 50, "every other file of /d1/sub1 unlinked");
	for (c = 0; c < 25; c++) {
		snprintf(path, sizeof(path), "/d1/sub1/n%u", c);
		if (create(path, 0600, &ino) < 0)
			break;
	}
	is(c, 25, "new names fill the space");
	expect_stat(fs, "/d1/sub1");
	expect_stat(fs, "/d1/sub1/n24");
}

static void check_stat(const char *path, uint32_t mode, uint32_t nlink, const char *what)
{
	struct vfs_stat st;
	uint32_t ino;
	int ok_ = path_resolve(fs, path, &ino) == 0 && ext2_stat(fs, ino, &st) == 0;
	ok(ok_ && st.mode == mode && st.nlink == nlink, "%s: %s is mode %o with %u links", what,
	   path, mode, nlink);
	if (ok_ && (st.mode != mode || st.nlink != nlink))
		diag("got mode %o, %u links", st.mode, st.nlink);
}

static uint32_t ino_of(const char *path)
{
	uint32_t ino = 0;
	path_resolve(fs, path, &ino);
	return ino;
}

static void scenario_names(void)
{
	uint32_t ino, root = EXT2_ROOT;
	char longname[256], target[300];
	int64_t n;
	memset(longname, 'L', sizeof(longname));
	is(make_dir("/a", &ino), 0, "mkdir /a");
	is(make_dir("/a/b", &ino), 0, "mkdir /a/b");
	is(make_dir("/a/b/c", &ino), 0, "mkdir /a/b/c");
	check_stat("/a", 040755, 3, "mkdir");
	is(make_dir("/a", &ino), -EEXIST, "mkdir over an existing name");
	is(create("/a/b", 0644, &ino), -EEXIST, "create over an existing directory");
	is(create("/nowhere/x", 0644, &ino), -ENOENT, "create in a missing directory");
	is(ext2_mknod(fs, root, longname, 256, 0100644, 0, 0, 0, &ino), -ENAMETOOLONG,
	   "a 256-byte name");
	is(ext2_mknod(fs, root, longname, 255, 0100644, 0, 0, 0, &ino), 0, "a 255-byte name");
	write_file("/file", 0, 5000, 1);
	is(create("/file/x", 0644, &ino), -ENOTDIR, "create under a file");
	is(ext2_rmdir(fs, root, "a", 1), -ENOTEMPTY, "rmdir of a non-empty directory");
	is(ext2_rmdir(fs, root, "file", 4), -ENOTDIR, "rmdir of a file");
	is(ext2_unlink(fs, root, "a", 1), -EISDIR, "unlink of a directory");
	is(ext2_unlink(fs, root, "missing", 7), -ENOENT, "unlink of a missing name");
	is(ext2_rmdir(fs, ino_of("/a/b/c"), ".", 1), -EINVAL, "rmdir of \".\"");
	is(ext2_rmdir(fs, ino_of("/a/b"), "c", 1), 0, "rmdir /a/b/c");
	check_stat("/a/b", 040755, 2, "rmdir");
	/* links */
	is(ext2_link(fs, ino_of("/file"), ino_of("/a"), "hard", 4), 0, "link /a/hard to /file");
	check_stat("/file", 0100644, 2, "link");
	is(ext2_link(fs, ino_of("/a"), root, "dirlink", 7), -EPERM, "hard link to a directory");
	is(ext2_link(fs, ino_of("/file"), root, "file", 4), -EEXIST, "link over an existing name");
	is(ext2_unlink(fs, root, "file", 4), 0, "unlink /file");
	check_stat("/a/hard", 0100644, 1, "unlink of one of two links");
	/* symlinks */
	memset(target, 't', sizeof(target));
	is(ext2_symlink(fs, root, "fast", 4, target, 59, 0, 0, &ino), 0, "59-byte (fast) symlink");
	is(ext2_symlink(fs, root, "slow", 4, target, 60, 0, 0, &ino), 0, "60-byte (slow) symlink");
	is(ext2_symlink(fs, root, "slower", 6, target, 300, 0, 0, &ino), 0, "300-byte symlink");
	n = ext2_readlink(fs, ino_of("/slower"), longname, sizeof(longname));
	is(n, 256, "readlink stops at the buffer's size");
	n = ext2_readlink(fs, ino_of("/fast"), longname, sizeof(longname));
	ok(n == 59 && !memcmp(longname, target, 59), "fast symlink reads back");
	is(ext2_readlink(fs, ino_of("/a"), longname, 10), -EINVAL, "readlink of a directory");
	expect_stat(fs, "/fast");
	expect_stat(fs, "/slow");
	expect_stat(fs, "/slower");
	/* special files */
	is(ext2_mknod(fs, root, "fifo", 4, 010644, 0, 0, 0, &ino), 0, "mknod fifo");
	is(ext2_mknod(fs, root, "null", 4, 020666, (1 << 8) | 3, 0, 0, &ino), 0, "mknod 1:3");
	is(ext2_mknod(fs, root, "nvme", 4, 060660,
		      (259 << 8) | (300 & 0xff) | ((300 & ~0xff) << 12), 0, 0, &ino),
	   0, "mknod block 259:300");
	is(ext2_mknod(fs, root, "sock", 4, 0140755, 0, 0, 0, &ino), 0, "mknod socket");
	is(ext2_mknod(fs, root, "bad", 3, 040755, 0, 0, 0, &ino), -EINVAL, "mknod of a directory");
	expect_stat(fs, "/sock");
	expect_stat(fs, "/fifo");
	expect_stat(fs, "/null");
	expect_stat(fs, "/nvme");
	{
		struct vfs_setattr a = { 0 };
		struct vfs_stat st;
		a.mask = VFS_SET_MODE | VFS_SET_UID | VFS_SET_GID | VFS_SET_MTIME | VFS_SET_ATIME;
		a.mode = 04711;
		a.uid = 70000;
		a.gid = 1234;
		a.mtime.sec = 1500000000;
		a.mtime.nsec = 123456789;
		a.atime.sec = 1600000000;
		a.atime.nsec = 5;
		is(ext2_setattr(fs, ino_of("/a/hard"), &a), 0, "setattr");
		ext2_stat(fs, ino_of("/a/hard"), &st);
		is(st.mode, 0104711, "chmod keeps the type");
		is(st.uid, 70000, "a 32-bit uid");
		is(st.gid, 1234, "gid");
		ok(st.mtime.sec == 1500000000 && st.mtime.nsec == 123456789,
		   "mtime with nanoseconds");
		ok(st.atime.sec == 1600000000 && st.atime.nsec == 5, "atime with nanoseconds");
		expect_stat(fs, "/a/hard");
	}
}

static void scenario_rename(void)
{
	uint32_t ino, root = EXT2_ROOT, keep;
	make_dir("/x", &ino);
	make_dir("/x/y", &ino);
	make_dir("/x/y/z", &ino);
	make_dir("/empty", &ino);
	make_dir("/full", &ino);
	write_file("/full/f", 0, 10, 1);
	write_file("/one", 0, 100, 2);
	write_file("/two", 0, 200, 3);
	write_file("/x/y/f", 0, 10, 4);
	is(ext2_rename(fs, ino_of("/full"), "f", 1, root, "full", 4), -ENOTEMPTY,
	   "a file over its own directory: not empty, as Linux says first");
	is(ext2_rename(fs, ino_of("/x/y"), "f", 1, root, "x", 1), -ENOTEMPTY,
	   "a file over a directory further up");
	is(ext2_rename(fs, root, "x", 1, ino_of("/x/y/z"), "in", 2), -EINVAL,
	   "a directory into its own subtree");
	is(ext2_rename(fs, root, "x", 1, ino_of("/x"), "in", 2), -EINVAL,
	   "a directory into itself");
	is(ext2_rename(fs, root, "missing", 7, root, "b", 1), -ENOENT, "rename of a missing name");
	is(ext2_rename(fs, root, "x", 1, root, "full", 4), -ENOTEMPTY,
	   "over a non-empty directory");
	is(ext2_rename(fs, root, "x", 1, root, "one", 3), -ENOTDIR, "a directory over a file");
	is(ext2_rename(fs, root, "one", 3, root, "empty", 5), -EISDIR, "a file over a directory");
	is(ext2_rename(fs, root, ".", 1, root, "dot", 3), -EINVAL, "rename of \".\"");
	keep = ino_of("/one");
	is(ext2_rename(fs, root, "one", 3, root, "uno", 3), 0, "rename in one directory");
	is(ino_of("/uno"), keep, "the new name has the inode");
	is(ext2_rename(fs, root, "uno", 3, ino_of("/x/y"), "moved", 5), 0, "across directories");
	is(ino_of("/x/y/moved"), keep, "moved file found");
	is(ext2_rename(fs, ino_of("/x/y"), "moved", 5, root, "two", 3), 0, "a file over a file");
	is(ino_of("/two"), keep, "the replaced name has the moved inode");
	check_stat("/two", 0100644, 1, "file over file");
	is(ext2_rename(fs, root, "two", 3, root, "two", 3), 0, "a name over itself");
	is(ext2_rename(fs, ino_of("/x/y"), "z", 1, root, "empty", 5), 0,
	   "a directory over an empty directory, across directories");
	check_stat("/x/y", 040755, 2, "source parent lost a subdirectory");
	check_stat("/", 040755, 6, "the root: lost+found, x, empty, full and . links");
	{
		uint32_t dotdot;
		ext2_lookup(fs, ino_of("/empty"), "..", 2, &dotdot);
		is(dotdot, EXT2_ROOT, "\"..\" of the moved directory is its new parent");
	}
	is(ext2_rename(fs, root, "x", 1, ino_of("/full"), "x", 1), 0, "a directory down a level");
	check_stat("/full", 040755, 3, "new parent gained a link");
	check_stat("/full/x/y", 040755, 2, "subtree moves with it");
	expect_stat(fs, "/full");
	expect_stat(fs, "/full/x");
	expect_stat(fs, "/two");
	expect_contents(fs, "/two");
}

static void scenario_truncate(void)
{
	struct vfs_statfs before, after;
	uint32_t ino;
	uint8_t buf[8192], zeros[8192] = { 0 };
	static const uint64_t sizes[] = { 300000, 12 * 1024 + 1, 12 * 1024, 5000, 1, 0 };
	unsigned i;
	ext2_sync(fs);
	ext2_statfs(fs, &before);
	ino = write_file("/t", 0, 3 << 20, 1);
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		is(ext2_truncate(fs, ino, sizes[i]), 0, "truncate down to %llu",
		   (unsigned long long)sizes[i]);
	ext2_sync(fs);
	ext2_statfs(fs, &after);
	is(after.free_blocks, before.free_blocks, "truncate to 0 frees every block");
	write_file("/t", 0, 8192, 2);
	is(ext2_truncate(fs, ino, 100), 0, "truncate to 100 bytes");
	is(ext2_truncate(fs, ino, 80u << 20), 0, "truncate up past the triple indirect start");
	ok(ext2_read(fs, ino, 100, buf, 8000) == 8000 && !memcmp(buf, zeros, 8000),
	   "bytes past the old end read as zeros");
	write_file("/t", (80u << 20) - 10, 10, 3);
	is(ext2_truncate(fs, ino, 300000), 0, "truncate down to the double indirect range");
	write_file("/t", 299990, 20000, 4);
	expect_contents(fs, "/t");
	is(ext2_truncate(fs, ino_of("/"), 0), -EISDIR, "truncate of a directory");
}

static void scenario_unlink_big(void)
{
	struct vfs_statfs before, after;
	uint32_t ino;
	uint8_t buf[100];
	ext2_sync(fs);
	ext2_statfs(fs, &before);
	write_file("/big", 0, 3 << 20, 1);
	write_file("/big", 70u << 20, 100000, 2);
	write_file("/big2", 0, 1 << 20, 3);
	make_dir("/dir", &ino);
	write_file("/dir/f", 0, 1000, 4);
	is(ext2_sync(fs), 0, "sync with big files");
	is(ext2_unlink(fs, EXT2_ROOT, "big", 3), 0, "unlink a file with triple indirect blocks");
	/* An open file outlives its name until its last reference goes. */
	ino = ino_of("/big2");
	is(ext2_inode_get(fs, ino), 0, "hold /big2");
	is(ext2_unlink(fs, EXT2_ROOT, "big2", 4), 0, "unlink held /big2");
	is(ext2_read(fs, ino, 1000, buf, sizeof(buf)), (int64_t)sizeof(buf),
	   "held file still reads after unlink");
	ext2_sync(fs);
	ext2_statfs(fs, &after);
	ok(after.free_blocks < before.free_blocks - 200, "held file keeps its blocks");
	ext2_inode_put(fs, ino);
	is(ext2_unlink(fs, ino_of("/dir"), "f", 1), 0, "unlink /dir/f");
	is(ext2_rmdir(fs, EXT2_ROOT, "dir", 3), 0, "rmdir /dir");
	ext2_sync(fs);
	ext2_statfs(fs, &after);
	is(after.free_blocks, before.free_blocks, "free blocks back exactly as before");
	is(after.free_inodes, before.free_inodes, "free inodes back exactly as before");
	/* Still held at unmount: the unmount frees it (e2fsck finds no orphan). */
	ino = write_file("/held", 0, 30000, 5);
	is(ext2_inode_get(fs, ino), 0, "hold /held");
	is(ext2_unlink(fs, EXT2_ROOT, "held", 4), 0, "unlink /held and keep holding it");
}

static void scenario_enospc(void)
{
	struct vfs_statfs before, after;
	uint8_t buf[4096];
	uint32_t ino, i;
	int64_t r = 0;
	uint64_t total = 0;
	char name[32];
	int err = 0;
	ext2_statfs(fs, &before);
	fill(buf, sizeof(buf), 9);
	create("/fill", 0644, &ino);
	while ((r = ext2_write(fs, ino, total, buf, sizeof(buf))) == (int64_t)sizeof(buf))
		total += (uint64_t)r;
	if (r > 0)
		r = ext2_write(fs, ino, total + (uint64_t)r, buf, sizeof(buf));
	is(r, -ENOSPC, "writing until the disk is full gives ENOSPC");
	ok(total > 200000, "%llu bytes fit first", (unsigned long long)total);
	/* One block free: a write that needs a double indirect, an indirect and a data block
	 * fails after the first; e2fsck later finds that one counted and pointed at. */
	ext2_truncate(fs, ino, total - 1024);
	ext2_sync(fs);
	create("/far", 0644, &i);
	is(ext2_write(fs, i, 300000, "x", 1), -ENOSPC, "a write that runs out of blocks halfway");
	for (i = 0; i < 100000 && err >= 0; i++) {
		snprintf(name, sizeof(name), "/e%u", i);
		err = create(name, 0644, &ino);
	}
	is(err, -ENOSPC, "creating until inodes or blocks run out gives ENOSPC");
	is(make_dir("/newdir", &ino), -ENOSPC, "mkdir on a full disk");
	is(ext2_sync(fs), 0, "sync of a full disk");
	is(ext2_unlink(fs, EXT2_ROOT, "fill", 4), 0, "unlink the big file");
	is(ext2_unlink(fs, EXT2_ROOT, "far", 3), 0, "unlink the half-written file");
	while (i-- > 0) {
		snprintf(name, sizeof(name), "e%u", i);
		ext2_unlink(fs, EXT2_ROOT, name, strlen(name));
	}
	ext2_sync(fs);
	ext2_statfs(fs, &after);
	is(after.free_inodes, before.free_inodes, "free inodes back");
	/* The root directory grew while full of names; its blocks stay. */
	ok(after.free_blocks + 8 >= before.free_blocks, "free blocks back (but the root's growth)");
	write_file("/after", 0, 10000, 5);
	expect_contents(fs, "/after");
}

/* Entries removed while a directory is being read: each entry is seen exactly once. */
static void scenario_readdir(void)
{
	struct vfs_dirent d;
	uint64_t cookie = 0;
	uint32_t dir, ino;
	char path[64];
	unsigned i, seen = 0, twice = 0;
	static unsigned char mark[400];
	int r;
	make_dir("/r", &dir);
	for (i = 0; i < 400; i++) {
		snprintf(path, sizeof(path), "/r/name%u", i);
		create(path, 0644, &ino);
	}
	while ((r = ext2_readdir(fs, dir, &cookie, &d)) == 1) {
		if (sscanf(d.name, "name%u", &i) != 1 || i >= 400)
			continue;
		twice += mark[i]++;
		seen++;
		ext2_unlink(fs, dir, d.name, d.name_len);
		if (i + 1 < 400 && !mark[i + 1]) {
			/* and a neighbour that comes later, if it has not been seen */
			snprintf(path, sizeof(path), "name%u", i + 1);
			if (ext2_unlink(fs, dir, path, strlen(path)) == 0)
				mark[i + 1] = 2;
		}
	}
	is(r, 0, "readdir ends cleanly");
	is(twice, 0, "no entry seen twice");
	ok(seen > 100 && seen < 400, "entries removed during the walk are not listed (%u seen)",
	   seen);
	is(ext2_rmdir(fs, EXT2_ROOT, "r", 1), 0, "the directory is empty after the walk");
}

/* Room for new names: the search starts at the entry where the last name went, and a
 * removal in that block (the entry merges into the one before it, its offset no
 * longer an entry's) sends it back to the block's first entry. */
static void scenario_room(void)
{
	struct vfs_stat before, after;
	uint32_t dir, ino;
	char path[64];
	unsigned i, found = 0;
	make_dir("/room", &dir);
	create("/room/a", 0644, &ino);
	create("/room/b", 0644, &ino);
	create("/room/c", 0644, &ino);
	is(ext2_unlink(fs, dir, "c", 1), 0, "the name added last goes");
	is(create("/room/d", 0644, &ino), 0, "a name added after that");
	is(ext2_lookup(fs, dir, "b", 1, &ino), 0, "the name before the removed one is there");
	is(ext2_lookup(fs, dir, "d", 1, &ino), 0, "the new name is found");
	for (i = 0; i < 300; i++) {
		snprintf(path, sizeof(path), "/room/name%u", i);
		create(path, 0644, &ino);
	}
	ext2_stat(fs, dir, &before);
	for (i = 0; i < 300; i += 3) {
		snprintf(path, sizeof(path), "name%u", i);
		ext2_unlink(fs, dir, path, strlen(path));
	}
	for (i = 0; i < 100; i++) {
		snprintf(path, sizeof(path), "/room/new%u", i);
		found += create(path, 0644, &ino) == 0;
	}
	is(found, 100, "100 names added where 100 went");
	ext2_stat(fs, dir, &after);
	is(after.size, before.size, "they fill the room the removals left: no new block");
	for (i = found = 0; i < 300; i++) {
		snprintf(path, sizeof(path), i % 3 ? "name%u" : "new%u", i % 3 ? i : i / 3);
		found += ext2_lookup(fs, dir, path, strlen(path), &ino) == 0;
	}
	is(found, 300, "every name kept or added is found");
	expect_stat(fs, "/room");
}

/* An indexed directory (e2fsck -D made it): lookups work, an added name clears the
 * index flag, removals keep the rest. */
static void scenario_dx(void)
{
	struct vfs_stat st;
	uint32_t dir = ino_of("/big"), ino;
	char name[64];
	unsigned i, found = 0;
	ext2_stat(fs, dir, &st);
	ok(st.flags & 0x1000, "/big starts indexed");
	for (i = 0; i < 700; i += 7) {
		snprintf(name, sizeof(name), "entry_%04u", i);
		found += ext2_lookup(fs, dir, name, strlen(name), &ino) == 0;
	}
	is(found, 100, "names found in the indexed directory");
	is(ext2_unlink(fs, dir, "entry_0003", 10), 0, "unlink in the indexed directory");
	ext2_stat(fs, dir, &st);
	ok(st.flags & 0x1000, "a removal keeps the index");
	is(create("/big/added", 0644, &ino), 0, "a new name");
	ext2_stat(fs, dir, &st);
	ok(!(st.flags & 0x1000), "a new name clears the index flag");
	for (i = 0; i < 300; i++) {
		snprintf(name, sizeof(name), "/big/more%u", i);
		if (create(name, 0644, &ino) < 0)
			break;
	}
	is(i, 300, "300 more names");
	expect_stat(fs, "/big");
}

/* Removals alone keep an index valid: e2fsck checks it with the flag still set. */
static void scenario_dx_remove(void)
{
	struct vfs_stat st;
	uint32_t dir = ino_of("/big");
	char name[64];
	unsigned i, removed = 0;
	for (i = 0; i < 700; i += 2) {
		snprintf(name, sizeof(name), "entry_%04u", i);
		removed += ext2_unlink(fs, dir, name, strlen(name)) == 0;
	}
	is(removed, 350, "half the names of the indexed directory removed");
	ext2_stat(fs, dir, &st);
	ok(st.flags & 0x1000, "the index flag stays");
	expect_stat(fs, "/big");
}

/* Link count limits: /d and /f come with 31999 links (set by debugfs). */
static void scenario_emlink(void)
{
	uint32_t ino;
	is(make_dir("/d/a", &ino), 0, "the 32000th link of a directory");
	is(make_dir("/d/b", &ino), -EMLINK, "mkdir past 32000 links");
	is(make_dir("/x", &ino), 0, "mkdir /x");
	is(ext2_rename(fs, EXT2_ROOT, "x", 1, ino_of("/d"), "x", 1), -EMLINK,
	   "a directory moved into a full one");
	is(ext2_link(fs, ino_of("/f"), EXT2_ROOT, "g", 1), 0, "the 32000th link of a file");
	is(ext2_link(fs, ino_of("/f"), EXT2_ROOT, "h", 1), -EMLINK, "a link past 32000");
}

static uint16_t disk_u16(unsigned offset)
{
	uint16_t v = 0;
	int fd = open(image, O_RDONLY);
	if (pread(fd, &v, 2, 1024 + offset) != 2)
		v = 0xffff;
	close(fd);
	return v;
}

#define S_MNT_COUNT  52
#define S_STATE	     58
#define S_INODE_SIZE 88

/* Mount again: nothing cached. */
static void remount_cold(void)
{
	is(ext2_unmount(fs), 0, "unmount");
	test_disk_close(&td);
	is(mount_rw(), 0, "mount again");
}

/* A new inode's table block is read from the disk unless no other inode in it is in
 * use (on a 1 KiB-block image): creates in blocks of free inodes read nothing, and a
 * create after a fresh mount beside an inode in use (past the table blocks the mount
 * read along with the root's) keeps that inode. */
static void scenario_fresh_inodes(void)
{
	uint32_t per_block = 1024u / disk_u16(S_INODE_SIZE), ino = 0, last = 0;
	uint64_t reads = td.reads;
	char path[32];
	unsigned i;
	for (i = 0; i < 600; i++) {
		snprintf(path, sizeof(path), "/many%u", i);
		create(path, 0644, &ino);
	}
	if (!ok(td.reads - reads < 10, "600 creates in fresh table blocks read (almost) nothing"))
		diag("%llu reads", (unsigned long long)(td.reads - reads));
	for (i = 0; i < 2 * per_block && (!last || last % per_block == 0); i++) {
		snprintf(path, sizeof(path), "/first%u", i);
		last = write_file(path, 0, 3000, i); /* not the last inode of its block */
	}
	remount_cold();
	is(create("/beside", 0644, &ino), 0, "a create after a fresh mount");
	is(ino, last + 1, "its inode shares the table block of one in use");
	for (i = 0; i < 2 * per_block; i++) {
		snprintf(path, sizeof(path), "/first%u", i);
		if (ext2_lookup(fs, EXT2_ROOT, path + 1, strlen(path + 1), &ino) == 0)
			expect_contents(fs, path);
	}
	expect_stat(fs, "/many599");
}

/* The superblock while mounted and after, as Linux keeps it. */
static void scenario_state(void)
{
	uint16_t count = disk_u16(S_MNT_COUNT);
	is(ext2_unmount(fs), 0, "unmount");
	test_disk_close(&td);
	is(disk_u16(S_STATE) & 1, 1, "clean before mounting");
	count = disk_u16(S_MNT_COUNT);
	is(mount_rw(), 0, "mount read-write");
	is(disk_u16(S_STATE) & 1, 0, "not clean on disk while mounted read-write");
	is(disk_u16(S_MNT_COUNT), (uint16_t)(count + 1), "the mount counted");
	write_file("/x", 0, 100, 1);
}

/* An inode whose attribute block /y shares (h_refcount 2): the block stays with /y. */
static void scenario_xattr_shared(void)
{
	struct vfs_statfs before, after;
	struct vfs_stat st;
	ext2_sync(fs);
	ext2_statfs(fs, &before);
	ext2_stat(fs, ino_of("/x"), &st);
	is(st.blocks, 12, "/x has 5 data blocks and an attribute block");
	is(ext2_unlink(fs, EXT2_ROOT, "x", 1), 0, "unlink /x");
	ext2_sync(fs);
	ext2_statfs(fs, &after);
	is(after.free_blocks, before.free_blocks + 5,
	   "its data blocks are free, the shared one not");
	expect_stat(fs, "/y");
}

/* The last inode using an attribute block takes it along. */
static void scenario_xattr_last(void)
{
	struct vfs_statfs before, after;
	ext2_sync(fs);
	ext2_statfs(fs, &before);
	is(ext2_unlink(fs, EXT2_ROOT, "x", 1), 0, "unlink /x");
	is(ext2_unlink(fs, EXT2_ROOT, "y", 1), 0, "unlink /y");
	ext2_sync(fs);
	ext2_statfs(fs, &after);
	is(after.free_blocks, before.free_blocks + 5 + 1 + 1, "every block free, attributes too");
}

/* Copy the image as it is now, for the .t to check. */
static int snapshot(const char *name)
{
	char path[1200];
	static uint8_t buf[1 << 16];
	ssize_t n;
	off_t off = 0;
	int out;
	snprintf(path, sizeof(path), "%s/%s", expect_dir, name);
	out = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (out < 0)
		return -1;
	while ((n = pread(td.fd, buf, sizeof(buf), off)) > 0) {
		if (write(out, buf, (size_t)n) != n)
			break;
		off += n;
	}
	close(out);
	return n == 0 ? 0 : -1;
}

/* Whether a second, read-only mount of the disk (what a crash now would leave, as far
 * as the root directory goes) finds name in the root: 1, 0, or -1 if it cannot mount. */
static int on_disk(const char *name)
{
	struct complaints c2 = { 0 };
	struct ext2_mount_options o = test_options(&c2, 1);
	struct test_disk second;
	struct ext2_fs *other;
	uint32_t ino;
	int found;
	if (test_disk_open(&second, image) < 0)
		return -1;
	if (ext2_mount(&second.disk, &o, &other) < 0) {
		test_disk_close(&second);
		return -1;
	}
	found = ext2_lookup(other, EXT2_ROOT, name, strlen(name), &ino) == 0;
	ext2_unmount(other);
	test_disk_close(&second);
	return found;
}

/* What fsync and sync promise: the data is on the disk while still mounted. */
static void scenario_fsync(void)
{
	struct complaints c2 = { 0 };
	struct ext2_mount_options o = test_options(&c2, 1);
	struct test_disk second;
	struct ext2_fs *other;
	static uint8_t want[100000], got[100000];
	uint32_t ino = write_file("/kept", 0, sizeof(want), 7), other_ino;
	char name[32];
	unsigned i;
	fill(want, sizeof(want), 7);
	is(ext2_fsync(fs, ino), 0, "fsync /kept");
	ok(test_disk_open(&second, image) == 0 && ext2_mount(&second.disk, &o, &other) == 0,
	   "a second, read-only mount of the disk");
	ok(ext2_lookup(other, EXT2_ROOT, "kept", 4, &other_ino) == 0 &&
		   ext2_read(other, other_ino, 0, got, sizeof(got)) == sizeof(got) &&
		   !memcmp(got, want, sizeof(want)),
	   "it reads /kept as written");
	is(c2.count, 1, "it says the file system is not clean (mounted)");
	ext2_unmount(other);
	test_disk_close(&second);
	is(ext2_rename(fs, EXT2_ROOT, "kept", 4, EXT2_ROOT, "moved", 5), 0, "rename /kept /moved");
	is(ext2_fsync(fs, EXT2_ROOT), 0, "fsync the directory");
	is(on_disk("moved"), 1, "a new name is on the disk once its directory is fsync'd");
	is(on_disk("kept"), 0, "and the old one is gone from it");
	for (i = 0; i < 300; i++) {
		snprintf(name, sizeof(name), "/many%u", i);
		write_file(name, 0, i * 37, i);
	}
	is(ext2_sync(fs), 0, "sync");
	is(snapshot("synced.img"), 0, "the image after sync, before unmount, kept for e2fsck");
}

/* mount -o remount,ro and back: clean on disk while read-only, writes refused. */
static void scenario_remount(void)
{
	uint32_t ino = write_file("/before", 0, 5000, 1), held;
	uint8_t byte = 1;

	held = write_file("/held", 0, 100, 2);
	is(ext2_inode_get(fs, held), 0, "hold /held");
	is(ext2_unlink(fs, EXT2_ROOT, "held", 4), 0, "unlink /held");
	is(ext2_remount(fs, 1), -EBUSY, "read-only while a deleted file is held: EBUSY");
	ext2_inode_put(fs, held);
	is(ext2_remount(fs, 1), 0, "read-only once it is let go");
	is(disk_u16(S_STATE) & 1, 1, "clean on disk while read-only");
	is(snapshot("ro.img"), 0, "the image while read-only, kept for e2fsck");
	is(ext2_write(fs, ino, 0, &byte, 1), -EROFS, "a write: EROFS");
	is(create("/new", 0644, &held), -EROFS, "a create: EROFS");
	is(ext2_remount(fs, 0), 0, "read-write again");
	is(disk_u16(S_STATE) & 1, 0, "not clean on disk while read-write again");
	write_file("/after", 0, 5000, 3);
	expect_contents(fs, "/before");
	expect_contents(fs, "/after");
}

static const struct {
	const char *name;
	void (*run)(void);
} scenarios[] = {
	{ "files", scenario_files },
	{ "tree", scenario_tree },
	{ "names", scenario_names },
	{ "rename", scenario_rename },
	{ "truncate", scenario_truncate },
	{ "unlink_big", scenario_unlink_big },
	{ "enospc", scenario_enospc },
	{ "readdir", scenario_readdir },
	{ "room", scenario_room },
	{ "dx", scenario_dx },
	{ "dx_remove", scenario_dx_remove },
	{ "emlink", scenario_emlink },
	{ "state", scenario_state },
	{ "xattr_shared", scenario_xattr_shared },
	{ "xattr_last", scenario_xattr_last },
	{ "fsync", scenario_fsync },
	{ "remount", scenario_remount },
	{ "fresh_inodes", scenario_fresh_inodes },
};

int main(int argc, char **argv)
{
	unsigned i;
	if (argc != 4) {
		printf("Bail out! usage: ext2_write SCENARIO IMAGE EXPECT_DIR\n");
		return 1;
	}
	image = argv[2];
	expect_dir = argv[3];
	expect_init(expect_dir);
	if (!ok(mount_rw() == 0, "mount %s read-write", image))
		return done_testing();
	for (i = 0; i < sizeof(scenarios) / sizeof(scenarios[0]); i++)
		if (!strcmp(argv[1], scenarios[i].name))
			scenarios[i].run();
	unmount();
	return done_testing();
}
