/* The tmpfs library (fs-server/tmpfs/) through its table of operations, one fact per
 * test point: every operation and its error cases, the limits, inodes removed while
 * held, readdir's cookies, a large directory, and an allocation failing at each point
 * of an operation in turn, which must leave everything as it was. The clock ticks a
 * second at every reading, so each change of a time shows. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include "fail_alloc.h"
#include "tap.h"
#include "tmpfs.h"

#define PAGE	 4096
#define MAX_SIZE INT64_MAX
#define ROOT	 TMPFS_ROOT

static const struct vfs_ops *ops = &tmpfs_vfs_ops;
static struct tmpfs *fs;
static int64_t clock_sec;

static void now(void *ctx, struct vfs_time *t)
{
	(void)ctx;
	t->sec = ++clock_sec;
	t->nsec = 500;
}

static void bail(const char *what)
{
	printf("Bail out! %s\n", what);
	exit(1);
}

/* A fresh file system with these limits; the one before is unmounted. */
static void fresh(uint64_t max_bytes, uint64_t max_inodes)
{
	struct tmpfs_options o = { max_bytes, max_inodes, 01777, 1000, 100, now, NULL };
	if (fs && ops->unmount(fs) != 0)
		bail("unmount");
	fs = NULL;
	if (tmpfs_mount(&o, &fs) != 0)
		bail("mount");
}

static int lookup(uint32_t dir, const char *name, uint32_t *ino)
{
	return ops->lookup(fs, dir, name, strlen(name), ino);
}

/* The inode name stands for in dir, or 0. */
static uint32_t ino_of(uint32_t dir, const char *name)
{
	uint32_t ino;
	return lookup(dir, name, &ino) == 0 ? ino : 0;
}

static int mknod_as(uint32_t dir, const char *name, uint32_t mode, uint32_t rdev, uint32_t *ino)
{
	return ops->mknod(fs, dir, name, strlen(name), mode, rdev, 5, 6, ino);
}

/* A new regular file, or bail out. */
static uint32_t make(uint32_t dir, const char *name)
{
	uint32_t ino;
	if (mknod_as(dir, name, S_IFREG | 0644, 0, &ino) != 0)
		bail("mknod");
	return ino;
}

static int mkdir_as(uint32_t dir, const char *name, uint32_t *ino)
{
	return ops->mkdir(fs, dir, name, strlen(name), 0750, 7, 8, ino);
}

static uint32_t make_dir(uint32_t dir, const char *name)
{
	uint32_t ino;
	if (mkdir_as(dir, name, &ino) != 0)
		bail("mkdir");
	return ino;
}

static int symlink_as(uint32_t dir, const char *name, const char *target, size_t tlen,
		      uint32_t *ino)
{
	return ops->symlink(fs, dir, name, strlen(name), target, tlen, 3, 4, ino);
}

static int unlink_name(uint32_t dir, const char *name)
{
	return ops->unlink(fs, dir, name, strlen(name));
}

static int rmdir_name(uint32_t dir, const char *name)
{
	return ops->rmdir(fs, dir, name, strlen(name));
}

static int link_as(uint32_t ino, uint32_t dir, const char *name)
{
	return ops->link(fs, ino, dir, name, strlen(name));
}

static int rename_names(uint32_t od, const char *on, uint32_t nd, const char *nn)
{
	return ops->rename(fs, od, on, strlen(on), nd, nn, strlen(nn));
}

static struct vfs_stat stat_of(uint32_t ino)
{
	struct vfs_stat st;
	if (ops->stat(fs, ino, &st) != 0)
		memset(&st, 0xff, sizeof(st));
	return st;
}

static struct vfs_statfs statfs_of(void)
{
	struct vfs_statfs st;
	if (ops->statfs(fs, &st) != 0)
		bail("statfs");
	return st;
}

/* Write len bytes of value byte at off. */
static int64_t fill(uint32_t ino, uint64_t off, size_t len, int byte)
{
	uint8_t *buf = malloc(len ? len : 1);
	int64_t r;
	memset(buf, byte, len);
	r = ops->write(fs, ino, off, buf, len);
	free(buf);
	return r;
}

/* Whether the len bytes at off read back, all of value byte. */
static int reads_as(uint32_t ino, uint64_t off, size_t len, int byte)
{
	uint8_t *buf = malloc(len ? len : 1);
	int64_t r = ops->read(fs, ino, off, buf, len);
	size_t i;
	int good = r == (int64_t)len;
	for (i = 0; good && i < len; i++)
		good = buf[i] == (uint8_t)byte;
	free(buf);
	return good;
}

static void test_mount(void)
{
	struct tmpfs_options big = { 0, 1ull << 32, 0755, 0, 0, NULL, NULL };
	struct tmpfs *other;
	struct vfs_statfs st;
	struct vfs_stat root;
	ok(!strcmp(ops->type, "tmpfs"), "the type is called tmpfs");
	is(ops->magic, 0x01021994, "the magic is Linux's TMPFS_MAGIC");
	is(ops->root, 1, "the root is inode 1");
	is(tmpfs_mount(&big, &other), -EINVAL, "max_inodes past 32 bits: -EINVAL");
	fresh((1u << 20) + 1, 100);
	st = statfs_of();
	is(st.block_size, PAGE, "statfs: 4096-byte blocks");
	is(st.blocks, 257, "statfs: max_bytes rounded up to whole pages");
	is(st.free_blocks, 257, "statfs: all blocks free at first");
	is(st.reserved_blocks, 0, "statfs: no reserved blocks");
	is(st.inodes, 100, "statfs: inodes as max_inodes");
	is(st.free_inodes, 99, "statfs: the root takes one inode");
	is(st.name_max, 255, "statfs: names up to 255 bytes");
	is(st.max_file_size, MAX_SIZE, "statfs: files up to MAX_LFS_FILESIZE");
	root = stat_of(ROOT);
	is(root.ino, ROOT, "root stat: its number");
	is(root.mode, S_IFDIR | 01777, "root stat: a directory with the mount's mode");
	is(root.nlink, 2, "root stat: two links");
	ok(root.uid == 1000 && root.gid == 100, "root stat: the mount's owner");
	is(root.size, 40, "root stat: size 40 (\".\" and \"..\" at 20 bytes each)");
	is(root.blocks, 0, "root stat: no blocks");
	ok(root.atime.sec && root.atime.sec == root.mtime.sec && root.mtime.sec == root.ctime.sec,
	   "root stat: times set at mount");
	is(ino_of(ROOT, ".."), ROOT, "the root's \"..\" is itself");
}

static void test_unlimited(void)
{
	struct vfs_statfs st;
	uint32_t f;
	fresh(0, 0);
	f = make(ROOT, "f");
	fill(f, 0, 2 * PAGE, 'x');
	st = statfs_of();
	ok(st.blocks == 2 && st.free_blocks == 0,
	   "no size limit: statfs gives the pages in use as blocks, none free");
	ok(st.inodes == 2 && st.free_inodes == 0,
	   "no inode limit: statfs gives the inodes in use, none free");
}

static void test_numbers(void)
{
	struct vfs_setattr a = { 0 };
	uint32_t mode, uid, gid, inos[100], f;
	struct vfs_stat st;
	int i, j, distinct = 1;
	char c;
	fresh(0, 0);
	is(ops->inode_get(fs, 0), -ENOENT, "inode_get of 0: -ENOENT");
	is(ops->inode_get(fs, 12345), -ENOENT, "inode_get of an unused number: -ENOENT");
	is(ops->inode_get(fs, UINT32_MAX), -ENOENT, "inode_get of 2^32 - 1: -ENOENT");
	ops->inode_put(fs, 12345);
	ok(1, "inode_put of an unused number is ignored");
	is(ops->stat(fs, 777, &st), -ENOENT, "stat of an unused number: -ENOENT");
	is(ops->owner(fs, 777, &mode, &uid, &gid), -ENOENT, "owner of an unused number: -ENOENT");
	is(ops->setattr(fs, 777, &a), -ENOENT, "setattr of an unused number: -ENOENT");
	is(ops->read(fs, 777, 0, &c, 1), -ENOENT, "read of an unused number: -ENOENT");
	is(ops->write(fs, 777, 0, &c, 1), -ENOENT, "write of an unused number: -ENOENT");
	is(ops->truncate(fs, 777, 0), -ENOENT, "truncate of an unused number: -ENOENT");
	is(ops->readlink(fs, 777, &c, 1), -ENOENT, "readlink of an unused number: -ENOENT");
	is(ops->fsync(fs, 777), -ENOENT, "fsync of an unused number: -ENOENT");
	is(ops->inode_get(fs, ROOT), 0, "inode_get of the root");
	ops->inode_put(fs, ROOT);
	for (i = 0; i < 100; i++) {
		char name[16];
		sprintf(name, "f%d", i);
		inos[i] = make(ROOT, name);
		for (j = 0; j < i; j++)
			distinct &= inos[i] != inos[j] && inos[i] != ROOT && inos[i];
	}
	ok(distinct, "100 files, 100 numbers");
	f = inos[50];
	unlink_name(ROOT, "f50");
	ok(make(ROOT, "again") != f, "a freed number is not the next one given");
}

static void test_mknod(void)
{
	struct vfs_stat st;
	uint32_t ino;
	int64_t before;
	fresh(0, 0);
	before = stat_of(ROOT).mtime.sec;
	is(mknod_as(ROOT, "f", S_IFREG | 04644, 99, &ino), 0, "mknod a regular file");
	st = stat_of(ino);
	is(st.mode, S_IFREG | 04644, "mknod: the mode as given");
	is(st.nlink, 1, "mknod: one link");
	ok(st.uid == 5 && st.gid == 6, "mknod: the owner as given");
	ok(st.size == 0 && st.blocks == 0, "mknod: empty");
	is(st.rdev, 0, "mknod: a regular file has no rdev");
	is(st.flags, 0, "mknod: no flags");
	ok(st.atime.sec > before && st.atime.sec == st.mtime.sec && st.mtime.sec == st.ctime.sec &&
		   st.atime.nsec == 500,
	   "mknod: atime, mtime and ctime now");
	ok(stat_of(ROOT).mtime.sec >= st.ctime.sec && stat_of(ROOT).ctime.sec >= st.ctime.sec,
	   "mknod: the directory's mtime and ctime now");
	is(stat_of(ROOT).size, 60, "mknod: the directory grows by 20");
	is(ino_of(ROOT, "f"), ino, "mknod: the name looks up");
	is(mknod_as(ROOT, "p", S_IFIFO | 0600, 77, &ino), 0, "mknod a fifo");
	ok(stat_of(ino).mode == (S_IFIFO | 0600) && stat_of(ino).rdev == 0,
	   "mknod: a fifo with no rdev");
	is(mknod_as(ROOT, "s", S_IFSOCK | 0600, 0, &ino), 0, "mknod a socket");
	is(stat_of(ino).mode, S_IFSOCK | 0600, "mknod: a socket's mode");
	is(mknod_as(ROOT, "c", S_IFCHR | 0600, 0x10501, &ino), 0, "mknod a character device");
	ok(stat_of(ino).mode == (S_IFCHR | 0600) && stat_of(ino).rdev == 0x10501,
	   "mknod: a character device's rdev");
	is(mknod_as(ROOT, "b", S_IFBLK | 0600, 0x801, &ino), 0, "mknod a block device");
	ok(stat_of(ino).mode == (S_IFBLK | 0600) && stat_of(ino).rdev == 0x801,
	   "mknod: a block device's rdev");
	is(ops->mknod(fs, ROOT, "n", 1, S_IFREG | 0644, 0, 0, 0, NULL), 0,
	   "mknod without asking the number");
	is(mknod_as(ROOT, "d", S_IFDIR | 0755, 0, &ino), -EINVAL, "mknod of a directory: -EINVAL");
	is(mknod_as(ROOT, "l", S_IFLNK | 0777, 0, &ino), -EINVAL, "mknod of a symlink: -EINVAL");
	is(mknod_as(ROOT, "z", 0644, 0, &ino), -EINVAL, "mknod without a type: -EINVAL");
	is(mknod_as(ROOT, "f", S_IFREG | 0644, 0, &ino), -EEXIST, "mknod of a name taken: -EEXIST");
	is(mknod_as(ROOT, ".", S_IFREG | 0644, 0, &ino), -EEXIST, "mknod of \".\": -EEXIST");
	is(mknod_as(ROOT, "..", S_IFREG | 0644, 0, &ino), -EEXIST, "mknod of \"..\": -EEXIST");
	is(mknod_as(ino_of(ROOT, "f"), "x", S_IFREG | 0644, 0, &ino), -ENOTDIR,
	   "mknod in a file: -ENOTDIR");
	is(mknod_as(999, "x", S_IFREG | 0644, 0, &ino), -ENOENT,
	   "mknod in an unused number: -ENOENT");
}

static void test_names(void)
{
	char name[300];
	uint32_t ino;
	fresh(0, 0);
	memset(name, 'n', sizeof(name));
	is(ops->mknod(fs, ROOT, "", 0, S_IFREG | 0644, 0, 0, 0, &ino), -ENOENT,
	   "an empty name: -ENOENT");
	is(ops->mknod(fs, ROOT, name, 255, S_IFREG | 0644, 0, 0, 0, &ino), 0,
	   "a name of 255 bytes");
	is(ops->lookup(fs, ROOT, name, 255, &ino), 0, "a name of 255 bytes looks up");
	is(ops->mknod(fs, ROOT, name, 256, S_IFREG | 0644, 0, 0, 0, &ino), -ENAMETOOLONG,
	   "a name of 256 bytes: -ENAMETOOLONG");
	is(ops->lookup(fs, ROOT, name, 256, &ino), -ENAMETOOLONG,
	   "lookup of a name of 256 bytes: -ENAMETOOLONG");
	is(ops->mknod(fs, ROOT, "a/b", 3, S_IFREG | 0644, 0, 0, 0, &ino), -EINVAL,
	   "a name with '/': -EINVAL");
	is(ops->mknod(fs, ROOT, "a\0b", 3, S_IFREG | 0644, 0, 0, 0, &ino), -EINVAL,
	   "a name with a NUL: -EINVAL");
	is(ops->lookup(fs, ROOT, "", 0, &ino), -ENOENT, "lookup of an empty name: -ENOENT");
	is(lookup(ROOT, "missing", &ino), -ENOENT, "lookup of a missing name: -ENOENT");
	is(lookup(make(ROOT, "f"), "x", &ino), -ENOTDIR, "lookup in a file: -ENOTDIR");
	is(lookup(999, "x", &ino), -ENOENT, "lookup in an unused number: -ENOENT");
}

static void test_read_write(void)
{
	uint32_t f, d, l, p;
	char buf[100];
	struct vfs_stat st;
	uint64_t t;
	char c;
	fresh(0, 0);
	f = make(ROOT, "f");
	is(fill(f, 0, 10, 'a'), 10, "write 10 bytes");
	ok(stat_of(f).size == 10 && stat_of(f).blocks == 8, "size 10, one page (8 sectors)");
	ok(reads_as(f, 0, 10, 'a'), "the 10 bytes read back");
	is(ops->read(fs, f, 5, buf, sizeof(buf)), 5, "a read past the end is cut at the end");
	is(ops->read(fs, f, 10, &c, 1), 0, "a read at the end gives 0");
	is(ops->read(fs, f, UINT64_MAX, &c, 1), 0, "a read at 2^64 - 1 gives 0");
	is(ops->read(fs, f, 0, &c, 0), 0, "a read of 0 bytes gives 0");
	t = stat_of(f).mtime.sec;
	is(ops->write(fs, f, 0, &c, 0), 0, "a write of 0 bytes gives 0");
	is(stat_of(f).mtime.sec, t, "a write of 0 bytes changes no time");
	st = stat_of(f);
	fill(f, 2, 2, 'b');
	ok(stat_of(f).mtime.sec > st.mtime.sec, "a write changes mtime");
	ok(stat_of(f).ctime.sec > st.ctime.sec, "a write changes ctime");
	st = stat_of(f);
	reads_as(f, 0, 10, 0);
	is(stat_of(f).atime.sec, st.atime.sec, "a read leaves atime (noatime, as ext2)");
	is(fill(f, 1 << 20, 100, 'c'), 100, "a write 1 MiB on");
	ok(stat_of(f).size == (1 << 20) + 100 && stat_of(f).blocks == 16,
	   "the hole before it takes no page");
	ok(reads_as(f, PAGE, 100 * PAGE, 0), "the hole reads as zeros");
	ok(reads_as(f, 1 << 20, 100, 'c'), "the bytes past the hole read back");
	is(fill(f, PAGE - 10, PAGE + 20, 'd'), PAGE + 20, "a write across three pages");
	ok(reads_as(f, PAGE - 10, PAGE + 20, 'd') && stat_of(f).blocks == 32,
	   "it reads back and took two more pages");
	is(fill(f, MAX_SIZE, 1, 'e'), -EFBIG, "a write at MAX_LFS_FILESIZE: -EFBIG");
	is(fill(f, UINT64_MAX - 5, 10, 'e'), -EFBIG, "a write whose end passes 2^64: -EFBIG");
	is(fill(f, MAX_SIZE - 1, 10, 'e'), 1, "a write up to MAX_LFS_FILESIZE is cut there");
	is(stat_of(f).size, MAX_SIZE, "the file is MAX_LFS_FILESIZE bytes");
	ok(reads_as(f, MAX_SIZE - 1, 1, 'e'), "its last byte reads back");
	is(stat_of(f).blocks, 40, "the last page is one more");
	d = make_dir(ROOT, "d");
	is(ops->write(fs, d, 0, "x", 1), -EISDIR, "write to a directory: -EISDIR");
	is(ops->read(fs, d, 0, &c, 1), -EISDIR, "read of a directory: -EISDIR");
	is(ops->truncate(fs, d, 0), -EISDIR, "truncate of a directory: -EISDIR");
	symlink_as(ROOT, "l", "f", 1, &l);
	is(ops->write(fs, l, 0, "x", 1), -EINVAL, "write to a symlink: -EINVAL");
	mknod_as(ROOT, "p", S_IFIFO | 0644, 0, &p);
	is(ops->read(fs, p, 0, &c, 1), -EINVAL, "read of a fifo: -EINVAL");
	is(ops->truncate(fs, p, 0), -EINVAL, "truncate of a fifo: -EINVAL");
}

static void test_truncate(void)
{
	uint64_t free_before;
	struct vfs_stat st;
	uint32_t f;
	fresh(1 << 20, 0);
	f = make(ROOT, "f");
	fill(f, 0, 3 * PAGE, 'a');
	free_before = statfs_of().free_blocks;
	st = stat_of(f);
	is(ops->truncate(fs, f, 5000), 0, "truncate down");
	ok(stat_of(f).size == 5000 && stat_of(f).blocks == 16, "the page past the end went");
	is(statfs_of().free_blocks, free_before + 1, "the page is free again");
	ok(stat_of(f).mtime.sec > st.mtime.sec && stat_of(f).ctime.sec > st.ctime.sec,
	   "truncate changes mtime and ctime");
	is(ops->truncate(fs, f, 3 * PAGE), 0, "truncate up");
	is(stat_of(f).blocks, 16, "growing takes no page");
	ok(reads_as(f, 0, 5000, 'a'), "the bytes before the cut stay");
	ok(reads_as(f, 5000, 3 * PAGE - 5000, 0), "the bytes past the cut read as zeros");
	is(ops->truncate(fs, f, 10 * PAGE), 0, "truncate up further");
	is(fill(f, 9 * PAGE, 1, 'b'), 1, "a write at the end of the hole");
	ok(reads_as(f, 3 * PAGE, 6 * PAGE, 0), "the hole truncate made reads as zeros");
	is(ops->truncate(fs, f, (uint64_t)MAX_SIZE + 1), -EFBIG,
	   "truncate past MAX_LFS_FILESIZE: -EFBIG");
	is(ops->truncate(fs, f, MAX_SIZE), 0, "truncate to MAX_LFS_FILESIZE");
	is(ops->truncate(fs, f, 0), 0, "truncate to 0");
	ok(stat_of(f).size == 0 && stat_of(f).blocks == 0, "truncate to 0 frees every page");
	is(statfs_of().free_blocks, statfs_of().blocks, "every page free again");
}

static void test_enospc(void)
{
	uint32_t f, g, l;
	char target[200];
	fresh(4 * PAGE, 0);
	f = make(ROOT, "f");
	is(fill(f, 0, 5 * PAGE, 'a'), 4 * PAGE, "a write past the size limit is cut short");
	is(statfs_of().free_blocks, 0, "no block free");
	is(fill(f, 4 * PAGE, 1, 'a'), -ENOSPC, "a write that needs a page then: -ENOSPC");
	is(fill(f, 100, PAGE, 'b'), PAGE, "a write into pages the file has still goes");
	g = make(ROOT, "g");
	is(fill(g, 0, 1, 'a'), -ENOSPC, "a write to another file: -ENOSPC");
	is(ops->truncate(fs, g, 1 << 30), 0, "truncate up takes no page, so it goes");
	memset(target, 't', sizeof(target));
	is(symlink_as(ROOT, "long", target, sizeof(target), &l), -ENOSPC,
	   "a symlink of 200 bytes needs a page: -ENOSPC");
	is(symlink_as(ROOT, "short", target, 20, &l), 0, "a symlink of 20 bytes needs none");
	is(ops->truncate(fs, f, PAGE), 0, "truncate the full file to one page");
	is(statfs_of().free_blocks, 3, "three pages come back");
	is(unlink_name(ROOT, "f"), 0, "unlink the file");
	is(statfs_of().free_blocks, 4, "its last page comes back");
	is(fill(g, 0, 4 * PAGE, 'c'), 4 * PAGE, "the space is there to write again");
	fresh(PAGE + 1, 0);
	is(statfs_of().blocks, 2, "a limit of 4097 bytes is two pages");
}

static void test_inode_limit(void)
{
	uint32_t a, ino;
	fresh(0, 3);
	a = make(ROOT, "a");
	make(ROOT, "b");
	is(statfs_of().free_inodes, 0, "root and two files: no inode free");
	is(mknod_as(ROOT, "c", S_IFREG | 0644, 0, &ino), -ENOSPC, "mknod then: -ENOSPC");
	is(mkdir_as(ROOT, "c", &ino), -ENOSPC, "mkdir then: -ENOSPC");
	is(symlink_as(ROOT, "c", "a", 1, &ino), -ENOSPC, "symlink then: -ENOSPC");
	is(link_as(a, ROOT, "c"), 0, "link takes no inode, so it goes");
	is(unlink_name(ROOT, "b"), 0, "unlink a file");
	is(mknod_as(ROOT, "d", S_IFREG | 0644, 0, &ino), 0, "its inode can be had again");
}

static void test_held_file(void)
{
	uint64_t free_blocks, free_inodes;
	uint32_t f, ino, i;
	char name[16];
	fresh(1 << 20, 1000);
	free_blocks = statfs_of().free_blocks;
	free_inodes = statfs_of().free_inodes;
	f = make(ROOT, "f");
	fill(f, 0, 5000, 'a');
	is(ops->inode_get(fs, f), 0, "inode_get of a file");
	is(unlink_name(ROOT, "f"), 0, "unlink it while held");
	is(lookup(ROOT, "f", &ino), -ENOENT, "its name is gone");
	is(stat_of(f).nlink, 0, "it has no link");
	ok(reads_as(f, 0, 5000, 'a'), "it still reads");
	is(fill(f, 5000, 5000, 'b'), 5000, "it can still be written");
	ok(reads_as(f, 5000, 5000, 'b'), "what was written reads back");
	is(statfs_of().free_blocks, free_blocks - 3, "its pages are still taken");
	is(statfs_of().free_inodes, free_inodes - 1, "its inode is still taken");
	is(link_as(f, ROOT, "again"), -ENOENT, "a new link to it: -ENOENT");
	for (i = 0; i < 200; i++) {
		sprintf(name, "g%u", i);
		if (make(ROOT, name) == f)
			break;
	}
	is(i, 200, "its number is not given to another while it is held");
	is(ops->inode_get(fs, f), 0, "a second reference");
	ops->inode_put(fs, f);
	ok(reads_as(f, 0, 5000, 'a'), "one put: still there");
	ops->inode_put(fs, f);
	is(ops->inode_get(fs, f), -ENOENT, "the last put frees it");
	for (i = 0; i < 200; i++) {
		sprintf(name, "g%u", i);
		unlink_name(ROOT, name);
	}
	is(statfs_of().free_blocks, free_blocks, "its pages are free again");
	is(statfs_of().free_inodes, free_inodes, "its inode is free again");
	f = make(ROOT, "f");
	unlink_name(ROOT, "f");
	is(ops->inode_get(fs, f), -ENOENT, "a file nobody holds goes at its unlink");
	f = make(ROOT, "held");
	fill(f, 0, 3 * PAGE, 'h');
	ops->inode_get(fs, f);
	unlink_name(ROOT, "held");
	ops->inode_get(fs, make_dir(ROOT, "hd"));
	rmdir_name(ROOT, "hd");
	ok(1, "a removed file and directory still held at unmount (freed there: ASan sees)");
}

static void test_held_dir(void)
{
	uint64_t cookie = 0;
	struct vfs_dirent ent;
	uint32_t d, ino;
	fresh(0, 0);
	d = make_dir(ROOT, "d");
	ops->inode_get(fs, d);
	is(rmdir_name(ROOT, "d"), 0, "rmdir of a held directory");
	is(stat_of(d).nlink, 0, "it has no link");
	is(stat_of(ROOT).nlink, 2, "its parent lost the link of its \"..\"");
	is(lookup(d, ".", &ino), -ENOENT, "lookup of \".\" in it: -ENOENT");
	is(lookup(d, "..", &ino), -ENOENT, "lookup of \"..\" in it: -ENOENT");
	is(ops->readdir(fs, d, &cookie, &ent), -ENOENT, "readdir of it: -ENOENT");
	is(mknod_as(d, "f", S_IFREG | 0644, 0, &ino), -ENOENT, "mknod in it: -ENOENT");
	is(mkdir_as(d, "f", &ino), -ENOENT, "mkdir in it: -ENOENT");
	is(symlink_as(d, "f", "x", 1, &ino), -ENOENT, "symlink in it: -ENOENT");
	is(link_as(make(ROOT, "g"), d, "f"), -ENOENT, "link into it: -ENOENT");
	is(rename_names(ROOT, "g", d, "f"), -ENOENT, "rename into it: -ENOENT");
	ops->inode_put(fs, d);
	is(ops->inode_get(fs, d), -ENOENT, "the last put frees it");
}

static void test_mkdir(void)
{
	uint32_t d, e, ino;
	struct vfs_stat st;
	fresh(0, 0);
	is(mkdir_as(ROOT, "d", &d), 0, "mkdir");
	st = stat_of(d);
	is(st.mode, S_IFDIR | 0750, "mkdir: a directory with the mode given");
	is(st.nlink, 2, "mkdir: two links");
	ok(st.uid == 7 && st.gid == 8, "mkdir: the owner given");
	ok(st.size == 40 && st.blocks == 0, "mkdir: size 40, no blocks");
	ok(st.atime.sec == st.mtime.sec && st.mtime.sec == st.ctime.sec, "mkdir: times now");
	is(stat_of(ROOT).nlink, 3, "mkdir: the parent gains a link");
	is(ino_of(d, "."), d, "\".\" is the directory");
	is(ino_of(d, ".."), ROOT, "\"..\" is the parent");
	e = make_dir(d, "e");
	make_dir(d, "f");
	make(d, "file");
	is(stat_of(d).nlink, 4, "nlink is 2 and one per subdirectory");
	is(stat_of(d).size, 100, "size is 20 an entry");
	is(ino_of(e, ".."), d, "a subdirectory's \"..\"");
	is(mkdir_as(d, "e", &ino), -EEXIST, "mkdir of a name taken: -EEXIST");
	is(mkdir_as(d, ".", &ino), -EEXIST, "mkdir of \".\": -EEXIST");
	is(mkdir_as(d, "..", &ino), -EEXIST, "mkdir of \"..\": -EEXIST");
	is(mkdir_as(ino_of(d, "file"), "x", &ino), -ENOTDIR, "mkdir in a file: -ENOTDIR");
}

static void test_rmdir(void)
{
	uint32_t d, e, ino;
	struct vfs_stat st;
	fresh(0, 0);
	d = make_dir(ROOT, "d");
	e = make_dir(d, "e");
	make(d, "f");
	is(rmdir_name(ROOT, "d"), -ENOTEMPTY, "rmdir of a directory with entries: -ENOTEMPTY");
	is(rmdir_name(d, "f"), -ENOTDIR, "rmdir of a file: -ENOTDIR");
	is(rmdir_name(d, "."), -EINVAL, "rmdir of \".\": -EINVAL");
	is(rmdir_name(d, ".."), -ENOTEMPTY, "rmdir of \"..\": -ENOTEMPTY");
	is(rmdir_name(d, "missing"), -ENOENT, "rmdir of a missing name: -ENOENT");
	is(rmdir_name(ino_of(d, "f"), "x"), -ENOTDIR, "rmdir in a file: -ENOTDIR");
	st = stat_of(d);
	is(rmdir_name(d, "e"), 0, "rmdir of an empty directory");
	is(lookup(d, "e", &ino), -ENOENT, "its name is gone");
	is(ops->inode_get(fs, e), -ENOENT, "it is freed");
	is(stat_of(d).nlink, 2, "the parent loses a link");
	ok(stat_of(d).mtime.sec > st.mtime.sec && stat_of(d).ctime.sec > st.ctime.sec,
	   "rmdir changes the parent's mtime and ctime");
	is(unlink_name(ROOT, "d"), -EISDIR, "unlink of a directory: -EISDIR");
	is(unlink_name(d, "."), -EISDIR, "unlink of \".\": -EISDIR");
	is(unlink_name(d, ".."), -EISDIR, "unlink of \"..\": -EISDIR");
	is(unlink_name(d, "missing"), -ENOENT, "unlink of a missing name: -ENOENT");
	st = stat_of(d);
	is(unlink_name(d, "f"), 0, "unlink of a file");
	ok(stat_of(d).mtime.sec > st.mtime.sec && stat_of(d).ctime.sec > st.ctime.sec,
	   "unlink changes the directory's mtime and ctime");
	is(stat_of(d).size, 40, "the directory is back to 40 bytes");
	is(rmdir_name(ROOT, "d"), 0, "rmdir once it is empty");
	is(stat_of(ROOT).nlink, 2, "the root is back to two links");
}

/* The next entry of dir from *cookie, with its name in name ("" at the end). */
static int next_entry(uint32_t dir, uint64_t *cookie, struct vfs_dirent *ent)
{
	int r = ops->readdir(fs, dir, cookie, ent);
	if (r != 1)
		ent->name[0] = 0;
	return r;
}

static void test_readdir_types(void)
{
	static const char *const names[] = { "reg", "fifo", "chr", "blk", "sock", "link", "dir" };
	static const int types[] = { 8, 1, 2, 6, 12, 10, 4 };
	struct vfs_dirent ent;
	uint64_t cookie = 0;
	uint32_t d, ino;
	int i, good = 1;
	fresh(0, 0);
	d = make_dir(ROOT, "d");
	mknod_as(d, "reg", S_IFREG | 0644, 0, &ino);
	mknod_as(d, "fifo", S_IFIFO | 0644, 0, &ino);
	mknod_as(d, "chr", S_IFCHR | 0644, 0x101, &ino);
	mknod_as(d, "blk", S_IFBLK | 0644, 0x101, &ino);
	mknod_as(d, "sock", S_IFSOCK | 0644, 0, &ino);
	symlink_as(d, "link", "reg", 3, &ino);
	make_dir(d, "dir");
	is(next_entry(d, &cookie, &ent), 1, "readdir: an entry at cookie 0");
	ok(!strcmp(ent.name, ".") && ent.ino == d && ent.type == 4 && ent.name_len == 1,
	   "readdir: \".\" first, the directory, DT_DIR");
	is(cookie, 1, "readdir: \".\" moves the cookie to 1");
	next_entry(d, &cookie, &ent);
	ok(!strcmp(ent.name, "..") && ent.ino == ROOT && ent.type == 4 && ent.name_len == 2,
	   "readdir: \"..\" second, the parent, DT_DIR");
	is(cookie, 2, "readdir: \"..\" moves the cookie to 2");
	for (i = 0; i < 7; i++) {
		next_entry(d, &cookie, &ent);
		good &= !strcmp(ent.name, names[i]) && ent.type == types[i] &&
			ent.ino == ino_of(d, names[i]) && ent.name_len == strlen(names[i]);
	}
	ok(good, "readdir: the entries in the order made, each with its d_type and number");
	is(next_entry(d, &cookie, &ent), 0, "readdir: 0 at the end");
	is(next_entry(d, &cookie, &ent), 0, "readdir: 0 again past the end");
	is(ops->readdir(fs, ino_of(d, "reg"), &cookie, &ent), -ENOTDIR,
	   "readdir of a file: -ENOTDIR");
	cookie = 1;
	next_entry(ROOT, &cookie, &ent);
	is(ent.ino, ROOT, "readdir: the root's \"..\" is the root");
}

static void test_readdir_cookies(void)
{
	struct vfs_dirent ent;
	uint64_t cookie = 2, after_f0;
	char name[16], seen[16] = { 0 };
	uint32_t d;
	int i, twice = 0, missing = 0;
	fresh(0, 0);
	d = make_dir(ROOT, "d");
	for (i = 0; i < 10; i++) {
		sprintf(name, "f%d", i);
		make(d, name);
	}
	next_entry(d, &cookie, &ent);
	after_f0 = cookie;
	next_entry(d, &cookie, &ent);
	next_entry(d, &cookie, &ent);
	is(strcmp(ent.name, "f2"), 0, "a reader has passed f0, f1 and f2");
	unlink_name(d, "f3");
	unlink_name(d, "f1");
	next_entry(d, &cookie, &ent);
	is(strcmp(ent.name, "f4"), 0,
	   "the next entry removed: the reader goes on at the one after");
	make(d, "f10");
	for (i = 5; i < 10; i++) {
		next_entry(d, &cookie, &ent);
		if (ent.name[0] != 'f' || atoi(ent.name + 1) != i)
			missing++;
	}
	is(missing, 0, "the rest come in order");
	next_entry(d, &cookie, &ent);
	is(strcmp(ent.name, "f10"), 0, "an entry added behind the reader's place is seen");
	is(next_entry(d, &cookie, &ent), 0, "then the end");
	next_entry(d, &after_f0, &ent);
	is(strcmp(ent.name, "f2"), 0, "an older cookie still names its place");
	cookie = 0;
	while (next_entry(d, &cookie, &ent) == 1) {
		i = ent.name[0] == 'f' ? atoi(ent.name + 1) : 11 + (int)strlen(ent.name);
		twice += seen[i]++ != 0;
		if (i == 6)
			unlink_name(d, "f8");
		if (i == 6)
			make(d, "f11");
	}
	ok(!twice && !seen[8] && seen[11], "a whole listing with changes meanwhile: none twice, "
					   "none removed");
}

static void test_symlink(void)
{
	char target[4096], buf[4096];
	uint64_t free_blocks;
	struct vfs_stat st;
	uint32_t l, ino;
	fresh(1 << 20, 0);
	is(symlink_as(ROOT, "l", "target/path", 11, &l), 0, "symlink");
	st = stat_of(l);
	is(st.mode, S_IFLNK | 0777, "symlink: mode 0777");
	ok(st.size == 11 && st.nlink == 1 && st.blocks == 0, "symlink: size 11, one link, no page");
	ok(st.uid == 3 && st.gid == 4, "symlink: the owner given");
	is(ops->readlink(fs, l, buf, sizeof(buf)), 11, "readlink gives the length");
	ok(!memcmp(buf, "target/path", 11), "readlink gives the target");
	memset(buf, 0, sizeof(buf));
	is(ops->readlink(fs, l, buf, 4), 4, "readlink into 4 bytes gives 4");
	ok(!memcmp(buf, "targ", 4) && !buf[4], "and the first 4 bytes, no NUL");
	is(ops->readlink(fs, ROOT, buf, 4), -EINVAL, "readlink of a directory: -EINVAL");
	is(ops->readlink(fs, make(ROOT, "f"), buf, 4), -EINVAL, "readlink of a file: -EINVAL");
	is(symlink_as(ROOT, "e", "", 0, &ino), -ENOENT, "an empty target: -ENOENT");
	memset(target, 'x', sizeof(target));
	is(symlink_as(ROOT, "e", target, 4096, &ino), -ENAMETOOLONG,
	   "a target of 4096 bytes: -ENAMETOOLONG");
	free_blocks = statfs_of().free_blocks;
	is(symlink_as(ROOT, "big", target, 4095, &ino), 0, "a target of 4095 bytes");
	ok(ops->readlink(fs, ino, buf, sizeof(buf)) == 4095 && !memcmp(buf, target, 4095),
	   "it reads back");
	is(stat_of(ino).blocks, 8, "a long target takes a page");
	is(statfs_of().free_blocks, free_blocks - 1, "counted against the limit");
	unlink_name(ROOT, "big");
	is(statfs_of().free_blocks, free_blocks, "and given back with the symlink");
	is(symlink_as(ROOT, "l", "x", 1, &ino), -EEXIST, "symlink of a name taken: -EEXIST");
}

static void test_link(void)
{
	uint32_t f, d;
	struct vfs_stat st;
	fresh(0, 0);
	f = make(ROOT, "f");
	fill(f, 0, 10, 'a');
	d = make_dir(ROOT, "d");
	st = stat_of(f);
	is(link_as(f, d, "g"), 0, "link");
	is(ino_of(d, "g"), f, "the new name is the same inode");
	is(stat_of(f).nlink, 2, "two links");
	ok(stat_of(f).ctime.sec > st.ctime.sec, "link changes ctime");
	is(link_as(d, ROOT, "d2"), -EPERM, "link of a directory: -EPERM");
	is(link_as(f, d, "g"), -EEXIST, "link to a name taken: -EEXIST");
	is(link_as(f, d, "."), -EEXIST, "link to \".\": -EEXIST");
	is(link_as(999, d, "h"), -ENOENT, "link of an unused number: -ENOENT");
	is(link_as(f, f, "h"), -ENOTDIR, "link into a file: -ENOTDIR");
	is(unlink_name(ROOT, "f"), 0, "unlink one name");
	ok(stat_of(f).nlink == 1 && reads_as(f, 0, 10, 'a'), "the other keeps the file");
}

static void test_rename_files(void)
{
	uint32_t a, b, c, d, ino;
	struct vfs_stat st;
	fresh(0, 0);
	a = make(ROOT, "a");
	d = make_dir(ROOT, "d");
	st = stat_of(a);
	is(rename_names(ROOT, "a", ROOT, "b"), 0, "rename in a directory");
	ok(lookup(ROOT, "a", &ino) == -ENOENT && ino_of(ROOT, "b") == a, "the name moved");
	ok(stat_of(a).ctime.sec > st.ctime.sec, "rename changes the inode's ctime");
	st = stat_of(ROOT);
	is(rename_names(ROOT, "b", d, "b"), 0, "rename to another directory");
	ok(ino_of(d, "b") == a && lookup(ROOT, "b", &ino) == -ENOENT, "the file moved");
	ok(stat_of(ROOT).mtime.sec > st.mtime.sec && stat_of(d).mtime.sec > st.mtime.sec,
	   "both directories' mtime changes");
	ok(stat_of(ROOT).size == 60 && stat_of(d).size == 60, "both directories' sizes follow");
	c = make(d, "c");
	is(rename_names(d, "b", d, "c"), 0, "rename over a file");
	ok(ino_of(d, "c") == a && lookup(d, "b", &ino) == -ENOENT, "the name is the source's");
	is(ops->inode_get(fs, c), -ENOENT, "the file replaced is freed");
	b = make(d, "b");
	ops->inode_get(fs, b);
	rename_names(d, "c", d, "b");
	is(stat_of(b).nlink, 0, "a file replaced while held has no link");
	ops->inode_put(fs, b);
	is(ops->inode_get(fs, b), -ENOENT, "and goes at its put");
	link_as(a, d, "x");
	is(rename_names(d, "b", d, "x"), 0, "rename over another name of the same file");
	ok(ino_of(d, "b") == a && ino_of(d, "x") == a && stat_of(a).nlink == 2,
	   "does nothing, as on Linux");
	is(rename_names(d, "b", d, "b"), 0, "rename onto itself does nothing");
	is(ino_of(d, "b"), a, "and the name stays");
	make_dir(d, "sub");
	is(rename_names(d, "b", d, "sub"), -EISDIR, "a file over a directory: -EISDIR");
	is(rename_names(d, "missing", d, "y"), -ENOENT, "rename of a missing name: -ENOENT");
	is(rename_names(a, "b", d, "y"), -ENOTDIR, "rename from a file: -ENOTDIR");
	is(rename_names(d, "b", a, "y"), -ENOTDIR, "rename into a file: -ENOTDIR");
	is(rename_names(d, ".", d, "y"), -EINVAL, "rename of \".\": -EINVAL");
	is(rename_names(d, "b", d, ".."), -EINVAL, "rename onto \"..\": -EINVAL");
	is(ops->rename(fs, d, "", 0, d, "y", 1), -ENOENT, "rename of an empty name: -ENOENT");
	is(ops->rename(fs, d, "b", 1, d, "a/b", 3), -EINVAL,
	   "rename onto a name with '/': -EINVAL");
}

static void test_rename_dirs(void)
{
	uint32_t a, b, sub, e, f, ino;
	struct vfs_stat st;
	fresh(0, 0);
	a = make_dir(ROOT, "a");
	b = make_dir(ROOT, "b");
	sub = make_dir(a, "sub");
	make_dir(sub, "deep");
	make(ROOT, "file");
	st = stat_of(sub);
	is(rename_names(a, "sub", b, "sub"), 0, "rename a directory to another parent");
	is(ino_of(sub, ".."), b, "its \"..\" is the new parent");
	is(stat_of(a).nlink, 2, "the old parent loses a link");
	is(stat_of(b).nlink, 3, "the new parent gains one");
	ok(stat_of(sub).ctime.sec > st.ctime.sec, "the directory's ctime changes");
	is(rename_names(b, "sub", b, "sub2"), 0, "rename a directory in its parent");
	is(stat_of(b).nlink, 3, "the parent's links stay");
	is(rename_names(ROOT, "b", sub, "x"), -EINVAL,
	   "a directory into its own subdirectory: -EINVAL");
	is(rename_names(ROOT, "b", ino_of(sub, "deep"), "x"), -EINVAL,
	   "a directory further into its own subtree: -EINVAL");
	is(rename_names(ROOT, "b", b, "x"), -EINVAL, "a directory into itself: -EINVAL");
	is(rename_names(ROOT, "b", ROOT, "file"), -ENOTDIR, "a directory over a file: -ENOTDIR");
	is(rename_names(ROOT, "a", ROOT, "b"), -ENOTEMPTY,
	   "a directory over one with entries: -ENOTEMPTY");
	make(sub, "f");
	is(rename_names(sub, "f", ROOT, "b"), -ENOTEMPTY,
	   "a file over a directory above it: -ENOTEMPTY, as Linux");
	e = make_dir(ROOT, "empty");
	is(rename_names(b, "sub2", ROOT, "empty"), 0, "a directory over an empty one");
	is(ino_of(ROOT, "empty"), sub, "the name is the source's");
	is(ops->inode_get(fs, e), -ENOENT, "the empty directory is freed");
	is(stat_of(b).nlink, 2, "the old parent loses a link");
	is(stat_of(ROOT).nlink, 5, "the new parent loses the replaced one and gains the moved one");
	is(ino_of(sub, ".."), ROOT, "the moved directory's \"..\"");
	f = make_dir(ROOT, "held");
	ops->inode_get(fs, f);
	is(rename_names(ROOT, "a", ROOT, "held"), 0, "a directory over an empty one still held");
	is(stat_of(f).nlink, 0, "the one replaced has no link");
	is(lookup(f, ".", &ino), -ENOENT, "and no names");
	ops->inode_put(fs, f);
	is(ops->inode_get(fs, f), -ENOENT, "and goes at its put");
}

static void test_setattr(void)
{
	struct vfs_setattr a = { 0 };
	uint32_t f, mode, uid, gid;
	struct vfs_stat st;
	fresh(0, 0);
	f = make(ROOT, "f");
	st = stat_of(f);
	a.mask = VFS_SET_MODE;
	a.mode = S_IFDIR | 0600;
	is(ops->setattr(fs, f, &a), 0, "setattr of the mode");
	is(stat_of(f).mode, S_IFREG | 0600, "the permission bits change, the type stays");
	ok(stat_of(f).uid == st.uid && stat_of(f).gid == st.gid, "the owner stays");
	ok(stat_of(f).ctime.sec > st.ctime.sec, "ctime becomes now");
	is(stat_of(f).mtime.sec, st.mtime.sec, "mtime stays");
	a.mask = VFS_SET_UID;
	a.uid = 70000;
	ops->setattr(fs, f, &a);
	ok(stat_of(f).uid == 70000 && stat_of(f).gid == st.gid, "setattr of the uid alone");
	a.mask = VFS_SET_GID;
	a.gid = 80000;
	ops->setattr(fs, f, &a);
	ok(stat_of(f).gid == 80000 && stat_of(f).uid == 70000, "setattr of the gid alone");
	a.mask = VFS_SET_ATIME | VFS_SET_MTIME;
	a.atime = (struct vfs_time){ 111, 1 };
	a.mtime = (struct vfs_time){ -222, 2 };
	ops->setattr(fs, f, &a);
	st = stat_of(f);
	ok(st.atime.sec == 111 && st.atime.nsec == 1 && st.mtime.sec == -222 && st.mtime.nsec == 2,
	   "setattr of atime and mtime");
	ok(st.ctime.sec > 111, "and ctime now");
	a.mask = VFS_SET_CTIME;
	a.ctime = (struct vfs_time){ 333, 3 };
	ops->setattr(fs, f, &a);
	ok(stat_of(f).ctime.sec == 333 && stat_of(f).ctime.nsec == 3, "setattr of ctime");
	is(ops->owner(fs, f, &mode, &uid, &gid), 0, "owner");
	ok(mode == (S_IFREG | 0600) && uid == 70000 && gid == 80000,
	   "owner gives the mode, uid and gid");
}

static void test_nothing_to_do(void)
{
	fresh(0, 0);
	is(ops->sync(fs), 0, "sync: nothing to write");
	is(ops->fsync(fs, ROOT), 0, "fsync: nothing to write");
	is(ops->dirty(fs), 0, "dirty: never");
}

/* Read-only: every change is -EROFS, reads go on; read-write again, changes work. */
static void test_read_only(void)
{
	struct vfs_setattr a = { .mask = VFS_SET_MODE, .mode = 0600 };
	uint32_t f, d, ino;
	char c;

	fresh(0, 0);
	if (mknod_as(ROOT, "f", S_IFREG | 0644, 0, &f) || ops->write(fs, f, 0, "x", 1) != 1 ||
	    ops->mkdir(fs, ROOT, "d", 1, 0755, 0, 0, &d))
		bail("read-only setup");
	is(ops->remount(fs, 1), 0, "remount read-only");
	is(ops->write(fs, f, 0, "y", 1), -EROFS, "read-only: write");
	is(ops->truncate(fs, f, 0), -EROFS, "read-only: truncate");
	is(ops->setattr(fs, f, &a), -EROFS, "read-only: setattr");
	is(mknod_as(ROOT, "g", S_IFREG | 0644, 0, &ino), -EROFS, "read-only: mknod");
	is(ops->mkdir(fs, ROOT, "e", 1, 0755, 0, 0, &ino), -EROFS, "read-only: mkdir");
	is(ops->symlink(fs, ROOT, "s", 1, "f", 1, 0, 0, &ino), -EROFS, "read-only: symlink");
	is(ops->link(fs, f, ROOT, "h", 1), -EROFS, "read-only: link");
	is(ops->unlink(fs, ROOT, "f", 1), -EROFS, "read-only: unlink");
	is(ops->rmdir(fs, ROOT, "d", 1), -EROFS, "read-only: rmdir");
	is(ops->rename(fs, ROOT, "f", 1, ROOT, "g", 1), -EROFS, "read-only: rename");
	is(ops->read(fs, f, 0, &c, 1), 1, "read-only: a read still reads");
	is(ops->remount(fs, 0), 0, "remount read-write");
	is(ops->write(fs, f, 0, "y", 1), 1, "read-write again: write");
	is(ops->unlink(fs, ROOT, "f", 1), 0, "read-write again: unlink");
}

static double seconds(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void test_big_dir(void)
{
	struct vfs_dirent ent;
	uint64_t cookie = 0;
	unsigned i, made = 0, found = 0, listed = 0;
	uint32_t d, ino;
	char name[16];
	double start, took;
	fresh(0, 0);
	d = make_dir(ROOT, "big");
	start = seconds();
	for (i = 0; i < 10000; i++) {
		sprintf(name, "file%05u", i);
		made += mknod_as(d, name, S_IFREG | 0644, 0, &ino) == 0;
	}
	took = seconds() - start;
	is(made, 10000, "10000 files made in a row");
	ok(took < 1.0, "in under a second (%.3f s)", took);
	for (i = 0; i < 10000; i++) {
		sprintf(name, "file%05u", i);
		found += lookup(d, name, &ino) == 0;
	}
	is(found, 10000, "each looks up");
	start = seconds();
	while (next_entry(d, &cookie, &ent) == 1)
		listed++;
	took = seconds() - start;
	is(listed, 10002, "readdir lists them all with \".\" and \"..\"");
	ok(took < 1.0, "in under a second (%.3f s)", took);
	for (i = 0; i < 10000; i++) {
		sprintf(name, "file%05u", i);
		unlink_name(d, name);
	}
	is(stat_of(d).size, 40, "all removed again");
}

/* What a failed operation must leave as it was. */
struct state {
	struct vfs_statfs sfs;
	struct vfs_stat dir, file;
	int found;
	uint32_t ino;
};

static uint32_t sweep_dir, sweep_file;
static const char *sweep_name;

static void snapshot(struct state *s)
{
	memset(s, 0, sizeof(*s));
	s->sfs = statfs_of();
	s->dir = stat_of(sweep_dir);
	s->file = stat_of(sweep_file);
	s->found = lookup(sweep_dir, sweep_name, &s->ino);
}

static int same_stat(const struct vfs_stat *a, const struct vfs_stat *b)
{
	return a->ino == b->ino && a->mode == b->mode && a->nlink == b->nlink &&
	       a->size == b->size && a->blocks == b->blocks && a->mtime.sec == b->mtime.sec &&
	       a->ctime.sec == b->ctime.sec;
}

static int same_state(const struct state *a, const struct state *b)
{
	return a->sfs.free_blocks == b->sfs.free_blocks &&
	       a->sfs.free_inodes == b->sfs.free_inodes && same_stat(&a->dir, &b->dir) &&
	       same_stat(&a->file, &b->file) && a->found == b->found &&
	       (a->found || a->ino == b->ino);
}

/* op with its k-th allocation failing, k = 0, 1... until it does not give -ENOMEM;
 * returns how many times it did, and in *changed how many of those changed anything. */
static unsigned sweep(int64_t (*op)(void), unsigned *changed, int64_t *last)
{
	struct state before, after;
	unsigned k;
	*changed = 0;
	for (k = 0;; k++) {
		snapshot(&before);
		fail_alloc_arm(k);
		*last = op();
		fail_alloc_disarm();
		if (*last != -ENOMEM)
			return k;
		snapshot(&after);
		*changed += !same_state(&before, &after);
	}
}

static int64_t op_mknod(void)
{
	return mknod_as(sweep_dir, sweep_name, S_IFREG | 0644, 0, NULL);
}

static int64_t op_mkdir(void)
{
	return mkdir_as(sweep_dir, sweep_name, NULL);
}

static int64_t op_symlink(void)
{
	static char target[1000];
	memset(target, 't', sizeof(target));
	return symlink_as(sweep_dir, sweep_name, target, sizeof(target), NULL);
}

static int64_t op_link(void)
{
	return link_as(sweep_file, sweep_dir, sweep_name);
}

static int64_t op_rename(void)
{
	return rename_names(sweep_dir, "from", sweep_dir, sweep_name);
}

static int64_t op_write_far(void)
{
	static uint8_t buf[3 * PAGE];
	return ops->write(fs, sweep_file, (1ull << 40) - PAGE / 2, buf, sizeof(buf));
}

/* One test point: every failed allocation of op gave -ENOMEM with nothing changed, and
 * with none failing it succeeded. */
static void check_sweep(const char *what, int64_t (*op)(void), int64_t want)
{
	unsigned changed, failures;
	int64_t last;
	failures = sweep(op, &changed, &last);
	ok(failures > 0 && !changed && last == want,
	   "%s: %u failed allocations gave -ENOMEM and changed nothing, then %lld", what, failures,
	   (long long)last);
}

static void test_alloc_failures(void)
{
	struct tmpfs_options o = { 1 << 20, 100, 0755, 0, 0, now, NULL };
	struct tmpfs *other;
	unsigned k;
	int r;
	for (k = 0;; k++) {
		fail_alloc_arm(k);
		r = tmpfs_mount(&o, &other);
		fail_alloc_disarm();
		if (r != -ENOMEM)
			break;
	}
	ok(k > 0 && r == 0, "mount: %u failed allocations gave -ENOMEM, then it mounted", k);
	ops->unmount(other);
	fresh(1 << 30, 0);
	sweep_dir = make_dir(ROOT, "d");
	sweep_file = make(sweep_dir, "file");
	sweep_name = "new";
	check_sweep("mknod", op_mknod, 0);
	unlink_name(sweep_dir, "new");
	check_sweep("mkdir", op_mkdir, 0);
	rmdir_name(sweep_dir, "new");
	check_sweep("symlink with a target of a page", op_symlink, 0);
	unlink_name(sweep_dir, "new");
	check_sweep("link", op_link, 0);
	unlink_name(sweep_dir, "new");
	make(sweep_dir, "from");
	check_sweep("rename to a new name", op_rename, 0);
	unlink_name(sweep_dir, "new");
}

/* A write whose later page cannot be had stops short, with the bytes before it. */
static void test_write_failures(void)
{
	fresh(1 << 30, 0);
	sweep_dir = ROOT;
	sweep_file = make(ROOT, "file");
	sweep_name = "file";
	check_sweep("write of two pages far out", op_write_far, PAGE / 2);
	ok(stat_of(sweep_file).size == 1ull << 40 && stat_of(sweep_file).blocks == 8,
	   "the short write's page is there, the size at its end");
	ok(reads_as(sweep_file, (1ull << 40) - PAGE / 2, PAGE / 2, 0), "and its bytes");
}

/* A directory whose hash table could not be made finds its names along its list. */
static void test_hash_failure(void)
{
	unsigned i, found = 0;
	char name[16];
	fresh(0, 0);
	sweep_dir = make_dir(ROOT, "d");
	sweep_file = ROOT;
	sweep_name = "first";
	check_sweep("mknod of a directory's first entry", op_mknod, 0);
	ok(fail_alloc_disarm() && ino_of(sweep_dir, "first"),
	   "the last try failed the table's allocation, yet the entry is found");
	for (i = 0; i < 20; i++) {
		sprintf(name, "more%u", i);
		make(sweep_dir, name);
	}
	for (i = 0; i < 20; i++) {
		sprintf(name, "more%u", i);
		found += ino_of(sweep_dir, name) != 0;
	}
	ok(found == 20 && ino_of(sweep_dir, "first"), "a table made later holds every entry");
}

int main(void)
{
	test_mount();
	test_unlimited();
	test_numbers();
	test_mknod();
	test_names();
	test_read_write();
	test_truncate();
	test_enospc();
	test_inode_limit();
	test_held_file();
	test_held_dir();
	test_mkdir();
	test_rmdir();
	test_readdir_types();
	test_readdir_cookies();
	test_symlink();
	test_link();
	test_rename_files();
	test_rename_dirs();
	test_setattr();
	test_nothing_to_do();
	test_read_only();
	test_big_dir();
	test_alloc_failures();
	test_write_failures();
	test_hash_failure();
	is(ops->unmount(fs), 0, "unmount");
	return done_testing();
}
