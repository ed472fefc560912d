/* rename and renameat2: files over files, directories over empty directories, and
 * every refusal: ENOENT, EISDIR, ENOTDIR, ENOTEMPTY, EINVAL (into itself), EEXIST
 * (RENAME_NOREPLACE); hard links to one file. (RENAME_EXCHANGE: Linux's ext4 has it,
 * its ext2 not.) */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "report.h"

#ifndef RENAME_NOREPLACE
#define RENAME_NOREPLACE 1
#define RENAME_EXCHANGE	 2
#endif

static void put(const char *path, const char *text)
{
	int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);

	write(fd, text, strlen(text));
	close(fd);
}

static void show(const char *path)
{
	char buf[32] = { 0 };
	struct stat st;
	int fd = open(path, O_RDONLY);

	if (fd < 0) {
		printf("%s: errno %d\n", path, errno);
		return;
	}
	fstat(fd, &st);
	if (S_ISDIR(st.st_mode))
		printf("%s: a directory, nlink %ld\n", path, (long)st.st_nlink);
	else {
		read(fd, buf, sizeof(buf) - 1);
		printf("%s: [%s] nlink %ld\n", path, buf, (long)st.st_nlink);
	}
	close(fd);
}

static long rename2(const char *from, const char *to, unsigned flags)
{
	return syscall(SYS_renameat2, AT_FDCWD, from, AT_FDCWD, to, flags);
}

int main(void)
{
	CALL(mkdir("rn", 0755));
	CALL(chdir("rn"));
	put("a", "A");
	put("b", "B");
	CALL(rename("a", "b"));
	show("a");
	show("b");
	CALL(rename("missing", "x"));
	CALL(rename("b", "nodir/x"));
	CALL(rename("b", "b"));
	CALL(link("b", "b2"));
	CALL(rename("b", "b2"));
	show("b");
	show("b2");
	CALL(unlink("b2"));

	CALL(mkdir("d", 0755));
	CALL(mkdir("e", 0755));
	CALL(mkdir("full", 0755));
	put("full/x", "X");
	CALL(rename("b", "d"));
	CALL(rename("d", "b"));
	CALL(rename("d", "full"));
	CALL(rename("d", "d/sub"));
	CALL(mkdir("d/sub", 0755));
	CALL(rename("d", "d/sub/deeper"));
	CALL(rename("d/sub", "d"));
	CALL(rename("d", "e"));
	show("d");
	show("e");
	CALL(rename("e/sub", "sub"));
	show("e");
	show("sub");
	CALL(rename(".", "x"));
	CALL(rename("sub", "."));
	CALL(rename("sub/", "sub2"));
	CALL(rename("b/", "c"));
	CALL(rename("b", "c/"));
	show("sub2");

	put("c", "C");
	CALL(rename2("b", "c", RENAME_NOREPLACE));
	CALL(rename2("b", "new", RENAME_NOREPLACE));
	show("new");
	CALL(rename2("new", "c", RENAME_EXCHANGE | RENAME_NOREPLACE));
	CALL(rename2("new", "c", 0x100));
	CALL(rename2("new", "sub2", RENAME_NOREPLACE));
	CALL(rename2("sub2", "sub3", RENAME_NOREPLACE));
	CALL(rename2("sub3", "new", 0));
	CALL(rename2("new", "c", 0));
	show("c");

	CALL(symlink("c", "lc"));
	CALL(rename("lc", "lc2"));
	show("lc2");
	CALL(unlink("lc2"));
	CALL(unlink("sub2"));
	CALL(unlink("c"));
	CALL(rmdir("sub3"));
	CALL(unlink("full/x"));
	CALL(rmdir("full"));
	CALL(rmdir("e"));
	CALL(chdir(".."));
	CALL(rmdir("rn"));
	return 0;
}
