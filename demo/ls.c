/*
 * The run image's directory lister: finds the fs-server by name and lists each
 * directory named on its command line, one entry a line with its type, mode, size
 * and name, as `ls -l` would, from the ext2 root partition of the boot disk.
 */
#include <fs.h>
#include <linux/fcntl.h>
#include <linux/stat.h>
#include <masque/rights.h>
#include <ns.h>
#include <self.h>
#include <stdio.h>
#include <string.h>
#include <trap.h>

/* "drwxr-xr-x" for mode. */
static void mode_string(uint32_t mode, char out[11])
{
	static const char types[] = "?pc?d?b?-?l?s";

	out[0] = types[(mode & S_IFMT) >> 12];
	for (int i = 0; i < 9; i++)
		out[1 + i] = mode & (0400 >> i) ? "rwx"[i % 3] : '-';
	out[10] = 0;
}

static void list_entry(port_name_t dir, const char *name)
{
	port_name_t h;
	uint32_t type;
	struct fs_attr a;
	int64_t r;
	char modes[11];

	r = rpc_fs_open(dir, name, O_PATH | O_NOFOLLOW, 0, &h, &type);
	if (!r) {
		r = rpc_fs_stat(h, &a);
		port_mod_refs(h, RIGHT_SEND, -1);
	}
	if (r) {
		printf("ls: %s: error %ld\n", name, -r);
		return;
	}
	mode_string(a.mode, modes);
	printf("%s %2u %4u %4u %8ld %s\n", modes, a.nlink, a.uid, a.gid, a.size, name);
}

/* Every entry of directory path, read a buffer of linux_dirent64 records at a time. */
static int list_directory(port_name_t root, const char *path)
{
	static char entries[8192];

	port_name_t dir;
	uint32_t type, len;
	uint64_t cookie = 0;
	int64_t r = rpc_fs_open(root, path, O_RDONLY | O_DIRECTORY, 0, &dir, &type);

	if (r) {
		printf("ls: %s: error %ld\n", path, -r);
		return 1;
	}
	printf("%s:\n", path);
	while (!(r = rpc_fs_readdir(dir, cookie, sizeof(entries), entries, &len, &cookie)) && len)
		for (uint32_t at = 0; at < len;) {
			uint16_t reclen; /* a linux_dirent64: the name at 19, the length at 16 */

			memcpy(&reclen, entries + at + 16, 2);
			list_entry(dir, entries + at + 19);
			at += reclen;
		}
	port_mod_refs(dir, RIGHT_SEND, -1);
	if (r)
		printf("ls: %s: error %ld\n", path, -r);
	return r != 0;
}

int main(int argc, char **argv)
{
	port_name_t root;
	int failed = 0;

	if (rpc_ns_lookup(bootstrap_port, "fs", &root)) {
		printf("ls: no fs-server\n");
		return 1;
	}
	for (int i = 1; i < argc; i++)
		failed |= list_directory(root, argv[i]);
	return failed;
}
