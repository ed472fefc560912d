/*
 * The fs-server on corrupted disks (tests/fs/corrupt.t). Each partition of the third
 * disk holds an ext2 image damaged in one piece of its metadata; /plan on the healthy
 * root disk says which, a line each: "DEVICE ro|rw SEED KIND". Each image is mounted
 * on /mnt (read-only if the plan says so), walked (readdir, stat, read, readlink of
 * everything), its big file mapped and paged in by a child task, written to if
 * read-write, and unmounted, after which /mnt must be the healthy disk's directory
 * again; then a file is written, read back and removed on the healthy disk. Some
 * images sit on sectors the device fails (corrupt.t has QEMU inject the errors), and
 * a second task uses the healthy disk all the while. Every call must return: results are counted by errno, a line per image (corrupt.t counts the
 * lines: every image visited), and the checks at the end say that the healthy disk
 * worked after each image, every mount came off, and the server still answers.
 */
#include <errno.h>
#include <fs.h>
#include <linux/fcntl.h>
#include <linux/fs.h>
#include <linux/mount.h>
#include <linux/stat.h>
#include <masque/error.h>
#include <masque/page_size.h>
#include <masque/vm.h>
#include <masque/rights.h>
#include <ns.h>
#include <self.h>
#include <stdio.h>
#include <string.h>
#include <trap.h>
#include "../kernel/tap.h"

#define IMAGES_MAX	    256
#define PLAN_BYTES	    (IMAGES_MAX * 80)
#define DEPTH_MAX	    6		/* a corrupted entry may lead back to an ancestor */
#define ENTRIES_MAX	    200		/* read of one directory */
#define CALLS_MAX	    800		/* calls of one image's walk: the good tree needs ~250 */
#define READ_MAX	    (256 << 10) /* bytes read of one file */
#define ERRNO_MAX	    134
#define UNMOUNT_TRIES	    100 /* the server hears of closed handles by notification */
#define HEALTHY_BYTES	    4096
#define MAP_BYTES	    (80 << 10) /* big.bin's pages */
#define TOUCH_MS	    10000
#define BACKGROUND_PAUSE_MS 20
#define BACKGROUND_END_MS   10000
#define R_OK		    4 /* access(2)'s, from <unistd.h>, which native programs lack */

struct image {
	char device[24];
	int read_only;
	char seed[24];
	char kind[96];
};

/* What one image's calls gave. */
struct tally {
	unsigned calls, good, euclean, eio, other;
};

static port_name_t root;
static struct image plan[IMAGES_MAX];
static unsigned images;
static unsigned errors[ERRNO_MAX]; /* over all images, by errno */
static unsigned strange;	   /* results that are neither a value nor an errno */
static struct tally t;
static unsigned stalls; /* readdir answers that would not move on */

/* Count a result: a value, an errno, or something a file server never answers. */
static int64_t note(int64_t r)
{
	t.calls++;
	if (r >= 0)
		t.good++;
	else if (kern_is_error(r) || -r >= ERRNO_MAX)
		strange++;
	else if (errors[-r]++, r == -EUCLEAN)
		t.euclean++;
	else if (r == -EIO)
		t.eio++;
	else
		t.other++;
	return r;
}

static void close_handle(int64_t h)
{
	if (h > 0)
		port_mod_refs((port_name_t)h, RIGHT_SEND, -1);
}

/* Open path from dir; the handle, or the negative result (counted). */
static int64_t open_at(port_name_t dir, const char *path, uint32_t flags, uint32_t mode)
{
	port_name_t file;
	uint32_t type;
	int64_t r = note(rpc_fs_open(dir, path, flags, mode, &file, &type));

	return r ? r : (int64_t)file;
}

static int64_t mode_of(port_name_t h)
{
	struct fs_attr a;
	int64_t r = note(rpc_fs_stat(h, &a));

	return r ? r : a.mode;
}

/* Read the file at handle f to its end (or READ_MAX). */
static void read_all(port_name_t f)
{
	int64_t off = 0, r = 0;

	while (off < READ_MAX && !r) {
		static char data[64 << 10];
		uint32_t size = sizeof(data);
		r = note(rpc_fs_read_large(f, off, sizeof(data), data, &size));
		if (r)
			size = 0;
		if (!size)
			break;
		off += size;
	}
}

static void walk(port_name_t dir, int depth);

/* One name of directory dir: stat it, then read it, list it or read the link. */
static void visit(port_name_t dir, const char *name, int depth)
{
	char target[4096];
	int64_t h = open_at(dir, name, O_PATH | O_NOFOLLOW, 0);
	int64_t mode = h > 0 ? mode_of(h) : h;

	close_handle(h);
	if (mode < 0)
		return;
	if (S_ISREG(mode) && (h = open_at(dir, name, O_RDONLY, 0)) > 0)
		read_all(h);
	else if (S_ISDIR(mode) && depth < DEPTH_MAX &&
		 (h = open_at(dir, name, O_RDONLY | O_DIRECTORY, 0)) > 0)
		walk(h, depth + 1);
	else if (S_ISLNK(mode) && note(rpc_fs_readlink(dir, name, target)) >= 0 &&
		 (h = open_at(dir, name, O_PATH, 0)) > 0) /* and where it leads */
		mode_of(h);
	else
		h = 0;
	close_handle(h);
}

/* Every entry of directory dir, and below it. */
static void walk(port_name_t dir, int depth)
{
	static uint8_t bufs[DEPTH_MAX + 1][4096];
	uint8_t *buf = bufs[depth];
	uint64_t cookie = 0, next;
	uint32_t len;
	unsigned entries = 0;

	while (t.calls < CALLS_MAX && entries < ENTRIES_MAX) {
		if (note(rpc_fs_readdir(dir, cookie, 4096, buf, &len, &next)) || !len)
			return;
		for (uint32_t at = 0; at + 19 < len && entries < ENTRIES_MAX; entries++) {
			uint16_t reclen;
			memcpy(&reclen, buf + at + 16, 2);
			const char *name = (char *)buf + at + 19;
			if (strcmp(name, ".") && strcmp(name, ".."))
				visit(dir, name, depth);
			if (reclen < 20)
				return;
			at += reclen;
		}
		if (next == cookie) { /* would read the same entries again */
			stalls++;
			return;
		}
		cookie = next;
	}
}

/* Metadata changes on a read-write mount: links, a node, owner, mode and times, and
 * what statfs says. */
static void change_some(void)
{
	uint64_t type, bsize, blocks, bfree, bavail, files, ffree, namelen;
	int64_t d;

	note(rpc_fs_link(root, "mnt/big.bin", root, "mnt/many/big-again", 0));
	note(rpc_fs_link(root, "mnt/link", root, "mnt/dir/link-again", 0));
	note(rpc_fs_mknod(root, "mnt/fifo", S_IFIFO | 0644, 0));
	note(rpc_fs_access(root, "mnt/slowlink", R_OK, 0));
	if ((d = open_at(root, "mnt/dir", O_RDONLY | O_DIRECTORY, 0)) > 0) {
		note(rpc_fs_chmod(d, 0700));
		note(rpc_fs_chown(d, 1000, 100));
		note(rpc_fs_utimes(d, 1, 500, 2, 999999999));
		note(rpc_fs_statfs(d, &type, &bsize, &blocks, &bfree, &bavail, &files, &ffree,
				   &namelen));
	}
	close_handle(d);
}

/* Writes of every kind on a read-write mount: new files and directories, a rename of
 * each kind, truncates down and up of a file with indirect blocks, unlinks. */
static void write_some(void)
{
	static char data[20000];
	int64_t f;

	change_some();
	memset(data, 'w', sizeof(data));
	if ((f = open_at(root, "mnt/new.bin", O_CREAT | O_RDWR, 0644)) > 0) {
		note(rpc_fs_write_large(f, 0, data, sizeof(data)));
		note(rpc_fs_truncate(f, 5000));
		note(rpc_fs_fsync(f, 0));
	}
	close_handle(f);
	note(rpc_fs_mkdir(root, "mnt/newdir", 0755));
	note(rpc_fs_rename(root, "mnt/new.bin", root, "mnt/newdir/moved", 0));
	note(rpc_fs_rename(root, "mnt/dir/sub", root, "mnt/sub2", 0));
	note(rpc_fs_rename(root, "mnt/a.txt", root, "mnt/many/a.txt", 0));
	if ((f = open_at(root, "mnt/big.bin", O_RDWR, 0)) > 0) {
		note(rpc_fs_truncate(f, 13000));
		note(rpc_fs_write(f, 70000, "end", 3));
	}
	close_handle(f);
	note(rpc_fs_unlink(root, "mnt/dir/b.txt", 0));
	note(rpc_fs_unlink(root, "mnt/newdir/moved", 0));
	note(rpc_fs_unlink(root, "mnt/newdir", AT_REMOVEDIR));
	note(rpc_fs_symlink(root, "a/slow/target/of/more/than/sixty/bytes/for/a/block/of/its/own",
			    "mnt/many/newlink"));
	f = open_at(root, "mnt/dir/sub2-file", O_CREAT | O_WRONLY, 0600);
	if (f > 0)
		note(rpc_fs_write(f, -1, data, 100));
	close_handle(f);
}

/* Touch every page of the mapping at addr, reading or writing; a memory error (what a
 * page the server cannot read gives) ends the toucher, a child task. */
static void touch_read(uint64_t addr)
{
	for (uint64_t off = 0; off < MAP_BYTES; off += PAGE_SIZE)
		(void)*(volatile char *)(addr + off);
}

static void touch_write(uint64_t addr)
{
	for (uint64_t off = 0; off < MAP_BYTES; off += PAGE_SIZE)
		*(volatile char *)(addr + off) = 'm';
}

static unsigned touches, touches_hung;

/* Map big.bin (the file with an indirect block) shared, and have a child touch each
 * page of it: the server pages it in from the damaged disk, and out if written. */
static void map_and_touch(int writable)
{
	uint32_t prot = VM_PROT_READ | (writable ? VM_PROT_WRITE : 0);
	int64_t f = open_at(root, "mnt/big.bin", writable ? O_RDWR : O_RDONLY, 0);
	port_name_t object;
	int64_t r = f > 0 ? note(rpc_fs_map(f, writable, &object)) : f;

	close_handle(f);
	if (r)
		return;
	struct vm_map_args a = { .size = MAP_BYTES,
				 .object = object,
				 .protection = prot,
				 .max_protection = prot,
				 .inheritance = VM_INHERIT_SHARE };
	int64_t addr = vm_map(self_task, &a);
	port_mod_refs(object, RIGHT_SEND, -1);
	if (addr < 0)
		return;
	int64_t child = spawn(writable ? touch_write : touch_read, (uint64_t)addr);
	if (child > 0) {
		touches++;
		if (wait_task_end((port_name_t)child, TOUCH_MS)) {
			touches_hung++;
			task_terminate((port_name_t)child);
		}
		port_destroy((port_name_t)child);
	}
	vm_deallocate(self_task, (uint64_t)addr, MAP_BYTES);
}

/* Take /mnt off again: a few tries while the server hears of the closed handles. */
static int64_t unmount(void)
{
	int64_t r = -EBUSY;

	for (int i = 0; i < UNMOUNT_TRIES && r == -EBUSY; i++)
		if ((r = rpc_fs_unmount(root, "mnt", 0)) == -EBUSY)
			sleep_ms(10);
	return r;
}

/* The device number of what path names from the root. */
static int64_t dev_of(const char *path)
{
	struct fs_attr a;
	port_name_t h;
	uint32_t type;
	int64_t r = rpc_fs_open(root, path, O_PATH, 0, &h, &type);

	if (r)
		return r;
	r = rpc_fs_stat(h, &a);
	close_handle(h);
	return r ? r : (int64_t)a.dev;
}

/* Write, read back and remove the file path on the healthy disk; -> 1 if all of it
 * worked. */
static int healthy_works(const char *path, unsigned round)
{
	static char data[HEALTHY_BYTES], back[HEALTHY_BYTES];
	uint32_t len = 0;
	port_name_t f;
	uint32_t type;
	int good;

	memset(data, 'a' + round % 26, sizeof(data));
	if (rpc_fs_open(root, path, O_CREAT | O_RDWR | O_TRUNC, 0644, &f, &type))
		return 0;
	good = rpc_fs_write(f, 0, data, sizeof(data)) == sizeof(data) &&
	       rpc_fs_read(f, 0, sizeof(back), back, &len) == 0 && len == sizeof(back) &&
	       !memcmp(data, back, sizeof(back));
	close_handle(f);
	return good && rpc_fs_unlink(root, path, 0) == 0;
}

/* The disk's second user, a child task: the same write, read and remove over and over
 * while the images are walked, until "healthy/stop" exists (or the server cannot say);
 * then it leaves "healthy/background" holding how many rounds it made, and how many
 * failed. */
static void background(uint64_t unused)
{
	unsigned rounds = 0, failed = 0;
	char line[64];
	port_name_t f;
	uint32_t type;

	(void)unused;
	while (rpc_fs_open(root, "healthy/stop", O_PATH, 0, &f, &type) == -ENOENT) {
		failed += !healthy_works("healthy/background-probe", rounds++);
		sleep_ms(BACKGROUND_PAUSE_MS);
	}
	int n = snprintf(line, sizeof(line), "%u %u\n", rounds, failed);
	if (!rpc_fs_open(root, "healthy/background", O_CREAT | O_WRONLY | O_TRUNC, 0644, &f, &type))
		rpc_fs_write(f, 0, line, (uint32_t)n);
}

/* A number at *p, and *p past it and a space. */
static unsigned take_number(const char **p)
{
	unsigned n = 0;

	for (; **p >= '0' && **p <= '9'; ++*p)
		n = n * 10 + (unsigned)(**p - '0');
	if (**p == ' ')
		++*p;
	return n;
}

/* Stop the background task; -> 1 if it made rounds and every one worked. */
static int background_worked(int64_t child)
{
	char line[64] = { 0 };
	uint32_t len = 0, type;
	port_name_t f;

	if (child < 0 || rpc_fs_open(root, "healthy/stop", O_CREAT | O_WRONLY, 0644, &f, &type))
		return 0;
	close_handle(f);
	if (wait_task_end((port_name_t)child, BACKGROUND_END_MS) ||
	    rpc_fs_open(root, "healthy/background", O_RDONLY, 0, &f, &type))
		return 0;
	rpc_fs_read(f, 0, sizeof(line) - 1, line, &len);
	close_handle(f);
	const char *p = line;
	unsigned rounds = take_number(&p), failed = take_number(&p);
	diag("the background task made %u rounds on the healthy disk, %u failed", rounds, failed);
	return rounds > 0 && !failed;
}

/* Copy the word at *p (up to a space, or to the end of the line if rest) into dst of
 * size bytes, and move *p past it. */
static void take_word(char **p, char *dst, size_t size, int rest)
{
	size_t n = 0;

	while (**p == ' ')
		++*p;
	for (; **p && **p != '\n' && (rest || **p != ' '); ++*p)
		if (n + 1 < size)
			dst[n++] = **p;
	dst[n] = 0;
}

/* /plan from the healthy disk into plan[]; -> how many images. */
static unsigned read_plan(void)
{
	static char text[PLAN_BYTES + 1];
	uint32_t size = PLAN_BYTES;
	port_name_t f;
	uint32_t type;
	unsigned n = 0;
	char mode[4];

	if (rpc_fs_open(root, "plan", O_RDONLY, 0, &f, &type))
		return 0;
	if (rpc_fs_read_large(f, 0, PLAN_BYTES, text, &size))
		size = 0;
	text[size] = 0;
	close_handle(f);
	for (char *p = text; *p && n < IMAGES_MAX; n++) {
		take_word(&p, plan[n].device, sizeof(plan[n].device), 0);
		take_word(&p, mode, sizeof(mode), 0);
		take_word(&p, plan[n].seed, sizeof(plan[n].seed), 0);
		take_word(&p, plan[n].kind, sizeof(plan[n].kind), 1);
		plan[n].read_only = !strcmp(mode, "ro");
		if (*p)
			p++;
	}
	return n;
}

static unsigned mount_failures, unmount_failures, stuck, healthy;

/* One corrupted image: mount, walk, write, unmount; then the healthy disk. */
static void run_image(unsigned i)
{
	const struct image *im = &plan[i];
	int64_t m, u = 0;
	int64_t top;

	t = (struct tally){ 0 };
	m = note(rpc_fs_mount(root, "mnt", im->device, im->read_only ? MS_RDONLY : 0));
	if (m) {
		mount_failures++;
	} else {
		if ((top = open_at(root, "mnt", O_RDONLY | O_DIRECTORY, 0)) > 0)
			walk(top, 0);
		close_handle(top);
		map_and_touch(!im->read_only);
		if (!im->read_only)
			write_some();
		else
			note(rpc_fs_mkdir(root, "mnt/newdir", 0755));
		u = unmount();
		unmount_failures += u != 0;
	}
	if (dev_of("mnt") != dev_of("/")) { /* still mounted, or the server is lost */
		stuck++;
		diag("%s: /mnt is not the healthy disk's directory after the unmount", im->device);
	}
	int works = healthy_works("healthy/probe", i);
	healthy += works;
	diag("%s %s seed %s (%s): mount %ld, %u calls: %u good, %u EUCLEAN, %u EIO, %u other; "
	     "unmount %ld; healthy disk %s",
	     im->device, im->read_only ? "ro" : "rw", im->seed, im->kind, m, t.calls, t.good,
	     t.euclean, t.eio, t.other, u, works ? "works" : "FAILS");
}

/* Whether text holds word. */
static int mentions(const char *text, const char *word)
{
	size_t len = strlen(word);

	for (; *text; text++)
		if (!strncmp(text, word, len))
			return 1;
	return 0;
}

/* How many images the plan puts on sectors the device fails. */
static unsigned failing_images(void)
{
	unsigned n = 0;

	for (unsigned i = 0; i < images; i++)
		n += mentions(plan[i].kind, "failing");
	return n;
}

/* A device already mounted cannot be mounted a second time: two caches over one disk
 * would each write over what the other wrote. */
static void test_mounted_twice(void)
{
	is(rpc_fs_mount(root, "mnt", "disk1p1", MS_RDONLY), -EBUSY,
	   "the root's own device cannot be mounted again");
	rpc_fs_mkdir(root, "mnt2", 0755);
	for (unsigned i = 0; i < images; i++) /* the first image that mounts */
		if (!rpc_fs_mount(root, "mnt", plan[i].device, MS_RDONLY)) {
			is(rpc_fs_mount(root, "mnt2", plan[i].device, MS_RDONLY), -EBUSY,
			   "nor a mounted image a second time");
			unmount();
			rpc_fs_unmount(root, "mnt2", 0);
			break;
		}
}

int main(void)
{
	if (!ok(rpc_ns_lookup(bootstrap_port, "fs", &root) == 0, "the fs-server's root, by name"))
		return 1;
	images = read_plan();
	if (!ok(images >= 1, "the plan names %u images", images))
		return 1;
	test_mounted_twice();
	int64_t child = spawn(background, 0);
	for (unsigned i = 0; i < images; i++)
		run_image(i);
	ok(healthy == images, "the healthy disk worked after each image (%u of %u)", healthy,
	   images);
	ok(background_worked(child),
	   "and all the while for a second task that wrote, read and removed a file there");
	ok(!stuck, "every mount could be taken off again (%u stuck)", stuck);
	ok(!touches_hung, "every touch of a mapped file ended (%u of %u hung)", touches_hung,
	   touches);
	ok(!stalls, "every readdir moved on (%u did not)", stalls);
	ok(!failing_images() || errors[EIO] > 0,
	   "the disk's failing requests (under %u images) reached the client as EIO (%u times)",
	   failing_images(), errors[EIO]);
	ok(!strange, "every result was a value or an errno (%u were not)", strange);
	diag("%u of %u mounts failed with an error; %u unmounts gave an error", mount_failures,
	     images, unmount_failures);
	diag("errors: EUCLEAN %u, EIO %u, EINVAL %u, ENOENT %u, ENOTDIR %u, EROFS %u, ENOSPC %u, "
	     "EEXIST %u, ENOTEMPTY %u, ELOOP %u, EFBIG %u",
	     errors[EUCLEAN], errors[EIO], errors[EINVAL], errors[ENOENT], errors[ENOTDIR],
	     errors[EROFS], errors[ENOSPC], errors[EEXIST], errors[ENOTEMPTY], errors[ELOOP],
	     errors[EFBIG]);
	ok(rpc_fs_sync(root) == 0, "the fs-server still answers at the end (sync)");
	return 0;
}
