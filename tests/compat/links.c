/* Hard and symbolic links: link counts, link's errors (EEXIST, EPERM on a directory,
 * ENOENT), readlink (truncation, EINVAL on a file), loops (ELOOP), a link to a
 * directory walked through, dangling links, lstat's size of a link. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "report.h"

static void show(const char *path)
{
	struct stat st;

	if (lstat(path, &st) < 0)
		printf("lstat %s: errno %d\n", path, errno);
	else
		printf("lstat %s: type %o nlink %ld size %ld\n", path, st.st_mode & S_IFMT,
		       (long)st.st_nlink, S_ISDIR(st.st_mode) ? 0 : (long)st.st_size);
}

int main(void)
{
	char buf[64];
	struct stat st;

	CALL(mkdir("ln", 0755));
	CALL(chdir("ln"));
	CALL(close(open("f", O_CREAT | O_WRONLY, 0644)));
	CALL(link("f", "g"));
	CALL(link("f", "h"));
	show("f");
	CALL(link("f", "g"));
	CALL(link("missing", "x"));
	CALL(link("f", "nodir/x"));
	CALL(mkdir("d", 0755));
	CALL(link("d", "d2"));
	CALL(link("f", "d/f"));
	show("f");
	CALL(unlink("g"));
	CALL(unlink("h"));
	CALL(unlink("d/f"));
	show("f");

	CALL(symlink("f", "s"));
	show("s");
	CALL(symlink("a-much-longer-target-name", "long"));
	show("long");
	memset(buf, 0, sizeof(buf));
	CALL(readlink("long", buf, 6));
	printf("truncated: %s\n", buf);
	CALL(readlink("long", buf, sizeof(buf)));
	CALL(readlink("f", buf, sizeof(buf)));
	CALL(readlink("missing", buf, sizeof(buf)));
	CALL(readlink("long", buf, 0));
	CALL(symlink("f", "s"));
	CALL(symlink("", "empty"));
	CALL(symlink("x", "nodir/s"));

	CALL(symlink("loop1", "loop2"));
	CALL(symlink("loop2", "loop1"));
	CALL(open("loop1", O_RDONLY));
	CALL(stat("loop1", &st));
	CALL(lstat("loop1", &st));
	CALL(symlink("self/x", "self"));
	CALL(stat("self", &st));

	CALL(symlink("d", "sd"));
	CALL(close(open("sd/inside", O_CREAT | O_WRONLY, 0644)));
	show("d/inside");
	show("sd/inside");
	CALL(chdir("sd"));
	CALL(stat("inside", &st));
	CALL(chdir(".."));
	CALL(rmdir("sd"));
	CALL(unlink("sd/"));
	CALL(unlink("d/"));
	CALL(unlink("f/"));
	CALL(unlink("missing/"));
	CALL(unlink("sd"));
	show("d");

	CALL(symlink("gone", "dangling"));
	CALL(stat("dangling", &st));
	show("dangling");
	CALL(access("dangling", F_OK));
	CALL(link("dangling", "hard-to-dangling"));
	show("hard-to-dangling");
	CALL(linkat(AT_FDCWD, "s", AT_FDCWD, "followed", AT_SYMLINK_FOLLOW));
	show("followed");
	show("f");
	CALL(unlink("followed"));
	CALL(unlink("hard-to-dangling"));

	CALL(unlink("d/inside"));
	CALL(rmdir("d"));
	CALL(unlink("dangling"));
	CALL(unlink("self"));
	CALL(unlink("loop1"));
	CALL(unlink("loop2"));
	CALL(unlink("long"));
	CALL(unlink("s"));
	show("f");
	CALL(unlink("f"));
	CALL(chdir(".."));
	CALL(rmdir("ln"));
	return 0;
}
