/*
 * The fs-server through the file protocol, as a client sees it: files of the tree
 * tests/fs/fs.t put on the disk read back as they were made, every operation and its
 * errors, identities, the devices, and what it writes for fs.t to check on the host
 * afterwards (written/...). Each check asserts one fact.
 */
#include <errno.h>
#include <fs.h>
#include <linux/fcntl.h>
#include <linux/fs.h>
#include <linux/mount.h>
#include <linux/stat.h>
#include <masque/rights.h>
#include <ns.h>
#include <pager.h>
#include <self.h>
#include <string.h>
#include <trap.h>
#include "../kernel/tap.h"

#define BIG_SIZE (300 * 1024) /* big.bin: byte i is big_byte(i) (fs.t makes it so) */

static port_name_t root;

static uint8_t big_byte(uint64_t i)
{
	return (uint8_t)(i * 7 + i / 4096);
}

/* Open path from dir; the handle, or the negative result. */
static int64_t open_at(port_name_t dir, const char *path, uint32_t flags, uint32_t mode)
{
	port_name_t file;
	uint32_t type;
	int64_t r = rpc_fs_open(dir, path, flags, mode, &file, &type);

	return r ? r : (int64_t)file;
}

static void close_handle(int64_t h)
{
	if (h > 0)
		port_mod_refs((port_name_t)h, RIGHT_SEND, -1);
}

/* The size and device number stat gives for handle h. */
static int64_t stat_of(port_name_t h, int64_t *size, uint64_t *dev)
{
	struct fs_attr a;
	int64_t r = rpc_fs_stat(h, &a);

	if (!r)
		*size = a.size, *dev = a.dev;
	return r;
}

static int64_t size_of(port_name_t h)
{
	int64_t size, r = stat_of(h, &size, &(uint64_t){ 0 });

	return r ? r : size;
}

static int64_t dev_of(port_name_t h)
{
	uint64_t dev;
	int64_t r = stat_of(h, &(int64_t){ 0 }, &dev);

	return r ? r : (int64_t)dev;
}

static void test_reading(void)
{
	char buf[64] = { 0 };
	uint32_t len = 0;
	int64_t h = open_at(root, "hello.txt", O_RDONLY, 0);

	ok(h > 0, "open hello.txt");
	is(rpc_fs_read(h, 0, sizeof(buf), buf, &len), 0, "read it");
	ok(len == 13 && !memcmp(buf, "hello, world\n", 13), "it holds what the tree had");
	is(size_of(h), 13, "stat gives its size");
	is(rpc_fs_read(h, -1, 5, buf, &len), 0, "read at the position");
	is(rpc_fs_read(h, -1, 5, buf, &len), 0, "and again");
	ok(len == 5 && !memcmp(buf, ", wor", 5), "the position moved on by what was read");
	is(rpc_fs_seek(h, -3, SEEK_END), 10, "seek from the end");
	is(rpc_fs_read(h, 20, 5, buf, &len), 0, "a read past the end");
	is(len, 0, "gives no bytes");
	close_handle(h);

	h = open_at(root, "/dir/../big.bin", O_RDONLY, 0);
	ok(h > 0, "open a path with .. in it");
	static uint8_t data[BIG_SIZE + 1];
	uint32_t size = sizeof(data);
	is(rpc_fs_read_large(h, 0, sizeof(data), data, &size), 0, "read 300 KiB out of line");
	int same = size == BIG_SIZE;
	for (uint32_t i = 0; same && i < size; i++)
		same = data[i] == big_byte(i);
	ok(same, "every byte as the tree had it (%u bytes)", size);
	close_handle(h);
}

static void test_errors(void)
{
	is(open_at(root, "nothing", O_RDONLY, 0), -ENOENT, "a missing file");
	is(open_at(root, "hello.txt/x", O_RDONLY, 0), -ENOTDIR, "a file used as a directory");
	is(open_at(root, "dir", O_WRONLY, 0), -EISDIR, "a directory opened for writing");
	is(open_at(root, "hello.txt", O_RDONLY | O_DIRECTORY, 0), -ENOTDIR,
	   "O_DIRECTORY on a file");
	is(open_at(root, "hello.txt", O_CREAT | O_EXCL | O_WRONLY, 0644), -EEXIST,
	   "O_EXCL on an existing file");
	char name[300];
	memset(name, 'a', sizeof(name) - 1);
	name[sizeof(name) - 1] = 0;
	is(open_at(root, name, O_RDONLY, 0), -ENAMETOOLONG, "a name of 299 bytes");
	int64_t f = open_at(root, "hello.txt", O_RDONLY, 0);
	char buf[4];
	is(rpc_fs_write(f, 0, "x", 1), -EBADF, "writing a file opened for reading");
	is(rpc_fs_open(f, "x", O_RDONLY, 0, &(port_name_t){ 0 }, &(uint32_t){ 0 }), -ENOTDIR,
	   "a path relative to a file");
	close_handle(f);
	is(rpc_fs_read(root, 0, 4, buf, &(uint32_t){ 0 }), -EISDIR, "reading a directory");
}

static void test_writing(void)
{
	static char chunk[8192];
	char back[8192];
	uint32_t len;

	is(rpc_fs_mkdir(root, "written", 0755), 0, "mkdir written");
	is(rpc_fs_mkdir(root, "written", 0755), -EEXIST, "mkdir it again");
	int64_t f = open_at(root, "written/data", O_CREAT | O_RDWR, 0644);
	ok(f > 0, "create written/data");
	for (int i = 0; i < (int)sizeof(chunk); i++)
		chunk[i] = (char)('a' + i % 26);
	int64_t total = 0;
	for (int i = 0; i < 5; i++)
		total += rpc_fs_write(f, -1, chunk, sizeof(chunk));
	is(total, 5 * (int64_t)sizeof(chunk), "write 40 KiB at the position, 8 KiB a time");
	is(rpc_fs_write_large(f, -1, chunk, sizeof(chunk)), sizeof(chunk),
	   "and 8 KiB more out of line");
	is(size_of(f), 6 * (int64_t)sizeof(chunk), "the size is what was written");
	is(rpc_fs_read(f, 3 * (int64_t)sizeof(chunk) + 100, sizeof(back), back, &len), 0,
	   "read in the middle");
	ok(len == sizeof(back) && back[0] == (char)('a' + 100 % 26), "the bytes written are there");
	is(rpc_fs_truncate(f, 5), 0, "truncate to 5 bytes");
	is(size_of(f), 5, "the size is 5");
	is(rpc_fs_fsync(f, 0), 0, "fsync");
	close_handle(f);

	f = open_at(root, "written/appended", O_CREAT | O_WRONLY | O_APPEND, 0600);
	rpc_fs_write(f, 0, "one ", 4);
	is(rpc_fs_write(f, 0, "two", 3), 3, "a second write with O_APPEND");
	is(size_of(f), 7, "lands at the end, whatever the offset");
	close_handle(f);

	f = open_at(root, "written/appended", O_WRONLY | O_TRUNC, 0);
	is(size_of(f), 0, "O_TRUNC empties a file on open");
	close_handle(f);

	f = open_at(root, "written/persist.txt", O_CREAT | O_WRONLY | O_TRUNC, 0644);
	is(rpc_fs_write(f, 0, "made inside Masque\n", 19), 19, "write persist.txt for the host");
	close_handle(f);
}

static void test_names(void)
{
	char target[4096];

	is(rpc_fs_symlink(root, "../hello.txt", "written/link"), 0, "symlink");
	int64_t f = open_at(root, "written/link", O_RDONLY, 0);
	is(size_of(f), 13, "opening the link opens its target");
	close_handle(f);
	is(rpc_fs_readlink(root, "written/link", target), 12, "readlink gives its length");
	ok(!strcmp(target, "../hello.txt"), "and its text");
	is(open_at(root, "written/link", O_RDONLY | O_NOFOLLOW, 0), -ELOOP, "O_NOFOLLOW on a link");
	rpc_fs_symlink(root, "loop2", "written/loop1");
	rpc_fs_symlink(root, "loop1", "written/loop2");
	is(open_at(root, "written/loop1", O_RDONLY, 0), -ELOOP, "links in a circle");

	f = open_at(root, "written/tmp", O_CREAT | O_WRONLY, 0644);
	close_handle(f);
	is(rpc_fs_rename(root, "written/tmp", root, "written/renamed", 0), 0, "rename");
	is(open_at(root, "written/tmp", O_RDONLY, 0), -ENOENT, "the old name is gone");
	f = open_at(root, "written/renamed", O_RDONLY, 0);
	ok(f > 0, "the new name opens");
	close_handle(f);
	is(rpc_fs_rename(root, "written", root, "written/inside", 0), -EINVAL,
	   "a directory into itself");
	is(rpc_fs_link(root, "written/renamed", root, "written/hard", 0), 0, "link");
	is(rpc_fs_unlink(root, "written/renamed", 0), 0, "unlink one name");
	f = open_at(root, "written/hard", O_RDONLY, 0);
	ok(f > 0, "the other still opens");
	close_handle(f);
	is(rpc_fs_unlink(root, "written/hard", 0), 0, "unlink the last name");
	is(rpc_fs_unlink(root, "written", AT_REMOVEDIR), -ENOTEMPTY, "rmdir of a full directory");
	is(rpc_fs_mkdir(root, "written/empty", 0755), 0, "mkdir");
	is(rpc_fs_unlink(root, "written/empty", AT_REMOVEDIR), 0, "rmdir of an empty one");
	is(rpc_fs_unlink(root, "dir", 0), -EISDIR, "unlink of a directory");
}

/* Whether the directory handle d lists name, read room bytes a call. */
static int lists_in(port_name_t d, const char *name, uint32_t room)
{
	static uint8_t buf[8192];
	uint64_t cookie = 0, next;
	uint32_t len;

	while (rpc_fs_readdir(d, cookie, room, buf, &len, &next) == 0 && len) {
		for (uint32_t at = 0; at < len;) {
			uint16_t reclen;
			memcpy(&reclen, buf + at + 16, 2);
			if (!strcmp((char *)buf + at + 19, name))
				return 1;
			at += reclen;
		}
		cookie = next;
	}
	return 0;
}

static int lists(port_name_t d, const char *name)
{
	return lists_in(d, name, 8192);
}

static void test_readdir(void)
{
	int64_t d = open_at(root, "dir", O_RDONLY | O_DIRECTORY, 0);

	ok(d > 0, "open a directory");
	int all = 1;
	char name[16];
	for (int i = 0; i < 300; i++) {
		memcpy(name, "f000", 5);
		name[1] = (char)('0' + i / 100), name[2] = (char)('0' + i / 10 % 10);
		name[3] = (char)('0' + i % 10);
		all &= lists(d, name);
	}
	ok(all, "readdir lists each of the 300 files the tree put there");
	ok(lists(d, ".") && lists(d, ".."), "and . and ..");
	ok(!lists(d, "f300"), "and no file that is not there");
	ok(lists_in(d, "f299", 48), "read one entry a call, the cookies lead to the last one");
	uint8_t tiny[16];
	uint32_t len;
	uint64_t next;
	is(rpc_fs_readdir(d, 0, sizeof(tiny), tiny, &len, &next), -EINVAL,
	   "a room that holds no entry is refused");
	close_handle(d);
}

static void test_identity(void)
{
	port_name_t alice, back;
	uint32_t groups[1] = { 100 };

	is(rpc_fs_reauthenticate(root, 1000, 100, groups, 4, &alice), 0,
	   "root gets a handle for uid 1000");
	is(open_at(alice, "secret", O_RDONLY, 0), -EACCES,
	   "uid 1000 may not read root's 0600 file");
	is(open_at(alice, "hello.txt", O_RDONLY, 0) > 0, 1, "but may read a 0644 one");
	is(open_at(alice, "private/open.txt", O_RDONLY, 0), -EACCES,
	   "not even a 0644 one in a directory it may not search");
	is(rpc_fs_mkdir(alice, "nope", 0755), -EACCES, "nor write root's directory");
	is(rpc_fs_reauthenticate(alice, 0, 0, NULL, 0, &back), -EPERM,
	   "and cannot make itself root");
	int64_t s = open_at(root, "secret", O_RDONLY, 0);
	is(rpc_fs_chmod(s, 0644), 0, "root chmods it");
	is(open_at(alice, "secret", O_RDONLY, 0) > 0, 1, "then uid 1000 reads it");
	close_handle(s);
	is(rpc_fs_unmount(alice, "/", 0), -EPERM, "uid 1000 may not unmount /");
	close_handle(alice);
	int64_t f = open_at(root, "hello.txt", O_RDONLY, 0);
	is(rpc_fs_unmount(root, "/", 0), -EBUSY, "nor may root while a file is open");
	close_handle(f);
}

static void test_devices(void)
{
	uint8_t buf[64], other[64];
	uint32_t len;
	int64_t null = open_at(root, "dev/null", O_RDWR, 0);

	is(rpc_fs_read(null, -1, sizeof(buf), buf, &len), 0, "read /dev/null");
	is(len, 0, "it is empty");
	is(rpc_fs_write(null, -1, "gone", 4), 4, "it takes writes");
	int64_t zero = open_at(root, "dev/zero", O_RDONLY, 0);
	memset(buf, 1, sizeof(buf));
	rpc_fs_read(zero, -1, sizeof(buf), buf, &len);
	ok(len == sizeof(buf) && buf[0] == 0 && buf[63] == 0, "/dev/zero gives zeros");
	int64_t full = open_at(root, "dev/full", O_WRONLY, 0);
	is(rpc_fs_write(full, -1, "x", 1), -ENOSPC, "/dev/full is full");
	int64_t urandom = open_at(root, "dev/urandom", O_RDONLY, 0);
	rpc_fs_read(urandom, -1, sizeof(buf), buf, &len);
	rpc_fs_read(urandom, -1, sizeof(other), other, &len);
	ok(len == sizeof(other) && memcmp(buf, other, sizeof(buf)), "/dev/urandom gives new bytes");
	is(open_at(root, "dev/sda", O_RDONLY, 0), -ENXIO, "a device not served");
	close_handle(null), close_handle(zero), close_handle(full), close_handle(urandom);
}

/* --- files as memory objects ------------------------------------------------------ */

#define MAPPED 8192

/* Read past the end of a truncated file's mapping: a memory error ends the task; if
 * the read worked, it would wait for good. */
static void read_past_end(uint64_t addr)
{
	(void)*(volatile char *)(addr + 4096 + 10);
	for (;;)
		thread_yield();
}

/* A mapping of the file at handle f: shared, or private (copy on write). */
static int64_t map_file(port_name_t f, int private_copy)
{
	port_name_t object;
	int64_t r = rpc_fs_map(f, 1, &object);
	struct vm_map_args a = { .size = MAPPED,
				 .object = object,
				 .flags = private_copy ? VM_MAP_COPY : 0,
				 .protection = VM_PROT_READ | VM_PROT_WRITE,
				 .max_protection = VM_PROT_READ | VM_PROT_WRITE,
				 .inheritance = VM_INHERIT_SHARE };

	if (r)
		return r;
	r = vm_map(self_task, &a);
	port_mod_refs(object, RIGHT_SEND, -1);
	return r;
}

static void test_mapping(void)
{
	static char page[MAPPED];
	char got = 0;
	uint32_t len;

	memset(page, 'm', sizeof(page));
	int64_t f = open_at(root, "written/mapped", O_CREAT | O_RDWR, 0644);
	rpc_fs_write(f, 0, page, sizeof(page));
	is(open_at(root, "dev/zero", O_RDONLY, 0) > 0 &&
		   rpc_fs_map(open_at(root, "hello.txt", O_RDONLY, 0), 1, &(port_name_t){ 0 }) ==
			   -EACCES,
	   1, "a file opened read-only cannot be mapped for writing");
	int64_t shared = map_file(f, 0);
	ok(shared > 0, "map a file shared");
	volatile char *m = (volatile char *)shared;
	ok(m[0] == 'm' && m[5000] == 'm', "the mapping shows the file's bytes");
	m[0] = 'X';
	rpc_fs_read(f, 0, 1, &got, &len);
	is(got, 'X', "a read sees what was written through the mapping");
	rpc_fs_write(f, 1, "Y", 1);
	is(m[1], 'Y', "the mapping sees what was written through the server");
	int64_t private_copy = map_file(f, 1);
	volatile char *p = (volatile char *)private_copy;
	ok(private_copy > 0 && p[0] == 'X', "a private mapping shows the file too");
	p[0] = 'P';
	rpc_fs_read(f, 0, 1, &got, &len);
	is(got, 'X', "but writes to it do not reach the file");
	is(m[0], 'X', "nor the shared mapping");
	is(rpc_fs_truncate(f, 100), 0, "truncate the mapped file to 100 bytes");
	ok(m[10] == 'm' && m[200] == 0, "its first page shows the rest as zeros");
	int64_t child = spawn(read_past_end, shared);
	is(wait_task_end(child, 5000), 0, "a touch past the new end kills the toucher");
	port_destroy(child);
	vm_deallocate(self_task, (uint64_t)shared, MAPPED);
	vm_deallocate(self_task, (uint64_t)private_copy, MAPPED);
	int64_t again = map_file(f, 0);
	ok(again > 0 && ((volatile char *)again)[1] == 'Y',
	   "mapped again after every mapping went, the file pages in (to a new kernel object)");
	vm_deallocate(self_task, (uint64_t)again, MAPPED);
	close_handle(f);
}

/* What a client gets to map a file is a view of its memory object (the kernel's
 * memory_object_view), never the object: it takes no pager message (only the kernel's
 * reach the pager), and a view for reading cannot be mapped shared for writing. */
static volatile char seen_through_map;

static int64_t map_view(port_name_t view, uint32_t prot, uint32_t flags)
{
	struct vm_map_args a = { .size = 4096,
				 .object = view,
				 .flags = flags,
				 .protection = prot,
				 .max_protection = VM_PROT_READ | VM_PROT_WRITE,
				 .inheritance = VM_INHERIT_SHARE };

	return vm_map(self_task, &a);
}

static void read_mapped(uint64_t view)
{
	int64_t at = map_view((port_name_t)view, VM_PROT_READ, 0);

	seen_through_map = at > 0 ? *(volatile char *)at : '?';
	thread_terminate(thread_self());
}

static void test_views(void)
{
	char got[8] = { 0 };
	uint32_t len = 0;
	port_name_t view = PORT_NULL;
	int64_t f = open_at(root, "hello.txt", O_RDONLY, 0);
	int64_t forged = vm_allocate(self_task, 0, 4096, VM_ANYWHERE);

	is(rpc_fs_map(f, 0, &view), 0, "a file opened for reading gives a view to map");
	memset((void *)forged, 'F', 4096);
	is(rpc_pager_init(view, new_port(), 4096), KERN_NO_ACCESS,
	   "a pager init sent to the view is refused");
	is(rpc_pager_return(view, (void *)forged, 4096, 0, 4096, 0), KERN_NO_ACCESS,
	   "a pager return sent to the view is refused");
	rpc_fs_read(f, 0, 5, got, &len);
	ok(len == 5 && !memcmp(got, "hello", 5), "the file is as it was");
	start_thread(read_mapped, view);
	for (int i = 0; i < 500 && !seen_through_map; i++)
		sleep_ms(10);
	is(seen_through_map, 'h', "the view maps for reading: the file pages in");
	is(map_view(view, VM_PROT_READ | VM_PROT_WRITE, 0), KERN_INVALID_ARGUMENT,
	   "a view for reading cannot be mapped shared for writing");
	int64_t shared = map_view(view, VM_PROT_READ, 0);
	is(vm_protect(self_task, (uint64_t)shared, 4096, VM_PROT_READ | VM_PROT_WRITE),
	   KERN_NO_ACCESS, "nor made writable once mapped");
	int64_t copy = map_view(view, VM_PROT_READ | VM_PROT_WRITE, VM_MAP_COPY);
	ok(copy > 0, "a private copy of it may be written");
	if (copy > 0)
		*(volatile char *)copy = 'P';
	rpc_fs_read(f, 0, 5, got, &len);
	ok(len == 5 && !memcmp(got, "hello", 5), "... which does not reach the file");
	vm_deallocate(self_task, (uint64_t)shared, 4096);
	vm_deallocate(self_task, (uint64_t)copy, 4096);
	port_mod_refs(view, RIGHT_SEND, -1);
	close_handle(f);
}

/* --- a second disk mounted on a directory ----------------------------------------- */

static void test_mounts(void)
{
	char buf[64] = { 0 };
	uint32_t len = 0;
	port_name_t alice;

	rpc_fs_mkdir(root, "mnt", 0755);
	rpc_fs_reauthenticate(root, 1000, 100, NULL, 0, &alice);
	is(rpc_fs_mount(alice, "mnt", "disk2", 0), -EPERM, "uid 1000 may not mount");
	close_handle(alice);
	is(rpc_fs_mount(root, "mnt", "nodisk", 0), -ENODEV, "a device that is not there");
	is(rpc_fs_mount(root, "mnt", "disk2", 0), 0, "mount the third disk on /mnt");
	int64_t f = open_at(root, "mnt/second.txt", O_RDONLY, 0);
	rpc_fs_read(f, 0, sizeof(buf), buf, &len);
	ok(len == 19 && !memcmp(buf, "on the second disk\n", 19), "its files show under /mnt");
	int64_t h = open_at(root, "hello.txt", O_RDONLY, 0);
	ok(dev_of(f) > 0 && dev_of(f) != dev_of(h), "with a device number of their own");
	close_handle(h);
	h = open_at(root, "mnt/../hello.txt", O_RDONLY, 0);
	ok(h > 0, ".. at its root leads back to the disk below");
	close_handle(h);
	int64_t n = open_at(root, "/mnt/new.txt", O_CREAT | O_WRONLY, 0644);
	is(rpc_fs_write(n, 0, "new\n", 4), 4, "write a new file on it");
	close_handle(n);
	is(rpc_fs_rename(root, "mnt/new.txt", root, "moved.txt", 0), -EXDEV,
	   "a rename across the two disks");
	is(rpc_fs_unlink(root, "mnt", AT_REMOVEDIR), -EBUSY, "the mount point cannot go");
	is(rpc_fs_unmount(root, "mnt", 0), -EBUSY, "nor the disk while a file on it is open");
	close_handle(f);
	int64_t g = open_at(root, "mnt/second.txt", O_RDWR, 0);
	int64_t mapped = map_file(g, 0);
	close_handle(g);
	is(rpc_fs_unmount(root, "mnt", 0), -EBUSY, "nor while a file there is mapped");
	vm_deallocate(self_task, (uint64_t)mapped, MAPPED);
	/* the server hears of the unmapping by a notification, which may come after our
	 * next request: a second of tries */
	int64_t r = -EBUSY;
	for (int tries = 0; tries < 50 && r == -EBUSY; tries++)
		if ((r = rpc_fs_unmount(root, "mnt", 0)) == -EBUSY)
			sleep_ms(20);
	is(r, 0, "unmount it once closed and unmapped");
	is(open_at(root, "mnt/second.txt", O_RDONLY, 0), -ENOENT,
	   "then /mnt is the empty directory below");
	is(rpc_fs_mount(root, "mnt", "disk2", MS_RDONLY), 0, "mount it read-only");
	is(open_at(root, "mnt/more.txt", O_CREAT | O_WRONLY, 0644), -EROFS,
	   "nothing can be created there");
	is(rpc_fs_unmount(root, "mnt", 0), 0, "unmount it again");
	rpc_fs_mount(root, "mnt", "disk2", 0);
	n = open_at(root, "mnt/late.txt", O_CREAT | O_WRONLY, 0644);
	is(rpc_fs_write(n, 0, "late\n", 5), 5, "mount it again and write; power-off unmounts it");
	close_handle(n);
}

/* Record locks through the protocol: POSIX owners are ports the client holds the
 * receive right of; a dead owner's locks go; OFD and flock locks go with their handle. */
static void test_locks(void)
{
	int64_t a = port_allocate(RIGHT_RECEIVE), b = port_allocate(RIGHT_RECEIVE);
	int64_t h = open_at(root, "written/locked", O_CREAT | O_RDWR, 0644);
	int64_t h2 = open_at(root, "written/locked", O_RDWR, 0);
	int64_t ro = open_at(root, "written/locked", O_RDONLY, 0);
	uint32_t type = 0;
	int64_t start = 0, len = 0;
	int32_t pid = 0;

	ok(a > 0 && b > 0 && h > 0 && h2 > 0 && ro > 0, "two owners, three handles on a file");
	is(rpc_fs_lock(h, a, 10, 0, F_WRLCK, SEEK_SET, 0, 10), 0, "owner a write-locks 0-9");
	is(rpc_fs_lock(h2, b, 11, 0, F_WRLCK, SEEK_SET, 5, 1), -EAGAIN, "b cannot lock 5");
	is(rpc_fs_test_lock(h2, b, F_WRLCK, SEEK_SET, 0, 0, &type, &start, &len, &pid), 0,
	   "b asks what is in the way");
	ok(type == F_WRLCK && start == 0 && len == 10 && pid == 10, "a's lock, with a's pid");
	is(rpc_fs_lock(ro, b, 11, 0, F_WRLCK, SEEK_SET, 20, 1), -EBADF,
	   "a write lock through a handle opened for reading: EBADF");
	is(rpc_fs_lock(h, PORT_NULL, 3, 0, F_RDLCK, SEEK_SET, 20, 1), -EINVAL,
	   "an OFD lock with a pid: EINVAL");
	port_destroy((port_name_t)a);
	is(rpc_fs_lock(h2, b, 11, 1, F_WRLCK, SEEK_SET, 5, 1), 0,
	   "a's port destroyed: b's wait ends with the lock");
	is(rpc_fs_unlock_owner(ro, b, 0), 0, "b's locks go as one of the file's handles closes");
	is(rpc_fs_lock(h, PORT_NULL, 0, 0, F_WRLCK, SEEK_SET, 0, 0), 0, "h takes an OFD lock");
	is(rpc_fs_lock(h2, PORT_NULL, 0, 0, F_RDLCK, SEEK_SET, 9, 1), -EAGAIN,
	   "which keeps h2 out");
	is(rpc_fs_flock(h2, LOCK_EX), 0, "h2 takes an flock lock: flock ignores fcntl's");
	is(rpc_fs_flock(h, LOCK_SH | LOCK_NB), -EAGAIN, "which keeps h out");
	close_handle(h2);
	is(rpc_fs_flock(h, LOCK_SH), 0, "h2 closed: its flock lock went, h's wait ends");
	close_handle(h);
	close_handle(ro);
	port_destroy((port_name_t)b);
}

static void test_handles_go(void)
{
	int all = 1;

	for (int i = 0; i < 3000 && all; i++) {
		int64_t f = open_at(root, "hello.txt", O_RDONLY, 0);
		all = f > 0;
		close_handle(f);
	}
	ok(all, "3,000 opens and closes: the server forgets closed handles");
}

int main(void)
{
	ok(rpc_ns_lookup(bootstrap_port, "fs", &root) == 0, "the fs-server's root, by name");
	test_reading();
	test_errors();
	test_writing();
	test_names();
	test_readdir();
	test_identity();
	test_devices();
	test_mapping();
	test_views();
	test_mounts();
	test_locks();
	test_handles_go();
	is(rpc_fs_sync(root), 0, "sync");
	return 0;
}
