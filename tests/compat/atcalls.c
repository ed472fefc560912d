/* The *at calls with a directory descriptor: openat, mkdirat, mknodat, symlinkat,
 * readlinkat, linkat, renameat, unlinkat (AT_REMOVEDIR), fstatat (AT_SYMLINK_NOFOLLOW,
 * AT_EMPTY_PATH), fchmodat, fchownat; AT_FDCWD; an absolute path whatever the
 * descriptor; EBADF, ENOTDIR, EINVAL for flags. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "report.h"

int main(void)
{
	char buf[32] = { 0 };
	struct stat st;
	int d, e, f;

	umask(022);
	CALL(mkdir("at", 0755));
	d = CALL(open("at", O_RDONLY | O_DIRECTORY));
	CALL(mkdirat(d, "sub", 0700));
	e = CALL(openat(d, "sub", O_RDONLY | O_DIRECTORY));
	f = CALL(openat(e, "file", O_CREAT | O_RDWR, 0640));
	CALL(write(f, "data", 4));
	CALL(symlinkat("sub/file", d, "link"));
	CALL(readlinkat(d, "link", buf, sizeof(buf)));
	printf("link -> %s\n", buf);
	CALL(fstatat(d, "link", &st, 0));
	printf("followed: size %ld\n", (long)st.st_size);
	CALL(fstatat(d, "link", &st, AT_SYMLINK_NOFOLLOW));
	printf("not followed: a link %d\n", S_ISLNK(st.st_mode));
	CALL(fstatat(f, "", &st, AT_EMPTY_PATH));
	printf("empty path: size %ld\n", (long)st.st_size);
	CALL(fstatat(f, "", &st, 0));
	CALL(fstatat(d, "link", &st, 0x8000));
	CALL(linkat(e, "file", d, "hard", 0));
	CALL(fstatat(d, "hard", &st, 0));
	printf("hard: nlink %ld\n", (long)st.st_nlink);
	CALL(linkat(d, "link", d, "hard2", 0));
	CALL(fstatat(d, "hard2", &st, AT_SYMLINK_NOFOLLOW));
	printf("a hard link to the link is a link: %d\n", S_ISLNK(st.st_mode));
	CALL(linkat(d, "link", d, "hard3", AT_SYMLINK_FOLLOW));
	CALL(fstatat(d, "hard3", &st, AT_SYMLINK_NOFOLLOW));
	printf("with AT_SYMLINK_FOLLOW, a regular file: %d\n", S_ISREG(st.st_mode));
	CALL(linkat(d, "link", d, "hard4", 0x1234));
	CALL(renameat(d, "hard", e, "moved"));
	CALL(faccessat(e, "moved", R_OK, 0));
	CALL(mknodat(d, "fifo", S_IFIFO | 0600, 0));
	CALL(fchmodat(d, "fifo", 0644, 0));
	CALL(fstatat(d, "fifo", &st, 0));
	printf("fifo mode %o\n", (unsigned)st.st_mode & 07777);
	CALL(fchownat(d, "link", 5, 6, AT_SYMLINK_NOFOLLOW));
	CALL(fstatat(d, "link", &st, AT_SYMLINK_NOFOLLOW));
	printf("link owner %d %d\n", (int)st.st_uid, (int)st.st_gid);
	CALL(fchownat(f, "", 7, 8, AT_EMPTY_PATH));
	CALL(fstat(f, &st));
	printf("file owner %d %d\n", (int)st.st_uid, (int)st.st_gid);

	CALL(openat(99, "file", O_RDONLY));
	CALL(openat(f, "file", O_RDONLY));
	CALL(mkdirat(f, "x", 0755));
	CALL(openat(99, "/", O_RDONLY | O_DIRECTORY) >= 0);
	CALL(fstatat(99, "/", &st, 0));
	CALL(mkdirat(AT_FDCWD, "at/sub2", 0755));
	CALL(unlinkat(d, "sub2", 0));
	CALL(unlinkat(d, "sub2", AT_REMOVEDIR));
	CALL(unlinkat(d, "sub", AT_REMOVEDIR));
	CALL(unlinkat(d, "link", AT_REMOVEDIR));
	CALL(unlinkat(d, "link", 0x1));
	CALL(unlinkat(e, "moved", 0));
	CALL(unlinkat(e, "file", 0));
	CALL(unlinkat(d, "sub", AT_REMOVEDIR));
	CALL(unlinkat(d, "link", 0));
	CALL(unlinkat(d, "hard2", 0));
	CALL(unlinkat(d, "hard3", 0));
	CALL(unlinkat(d, "fifo", 0));
	int p[2];
	CALL(pipe(p));
	CALL(fstatat(p[0], "x", &st, 0)); /* a pipe is no directory: ENOTDIR from its server */
	CALL(fstatat(f, "x", &st, AT_SYMLINK_NOFOLLOW));
	CALL(close(p[0]));
	CALL(close(p[1]));
	CALL(close(f));
	CALL(close(e));
	CALL(close(d));
	CALL(rmdir("at"));
	return 0;
}
