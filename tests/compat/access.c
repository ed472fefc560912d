/* access and faccessat as root: every mode against files with and without permission
 * bits (root reads and writes anything, executes only what has an x bit), a
 * directory, a dangling link, AT_EACCESS, AT_SYMLINK_NOFOLLOW, and EINVAL, ENOENT,
 * ENOTDIR. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "report.h"

int main(void)
{
	CALL(mkdir("ac", 0755));
	CALL(chdir("ac"));
	CALL(close(open("none", O_CREAT | O_WRONLY, 0)));
	CALL(close(open("x-other", O_CREAT | O_WRONLY, 0001)));
	CALL(close(open("rw", O_CREAT | O_WRONLY, 0600)));
	CALL(mkdir("dir0", 0));
	CALL(symlink("nowhere", "dangling"));
	CALL(access("none", F_OK));
	CALL(access("none", R_OK));
	CALL(access("none", W_OK));
	CALL(access("none", X_OK));
	CALL(access("x-other", X_OK));
	CALL(access("rw", R_OK | W_OK | X_OK));
	CALL(access("dir0", R_OK | W_OK | X_OK));
	CALL(access("dangling", F_OK));
	CALL(access("missing", F_OK));
	CALL(access("rw/x", F_OK));
	CALL(access("rw", 8));
	CALL(access("", F_OK));
	CALL(faccessat(AT_FDCWD, "dangling", F_OK, AT_SYMLINK_NOFOLLOW));
	CALL(faccessat(AT_FDCWD, "none", X_OK, AT_EACCESS));
	CALL(faccessat(AT_FDCWD, "rw", R_OK, AT_EACCESS | AT_SYMLINK_NOFOLLOW));
	CALL(syscall(SYS_faccessat2, AT_FDCWD, "rw", R_OK, 0x4000));
	CALL(syscall(SYS_faccessat2, AT_FDCWD, "x-other", X_OK, AT_EACCESS));
	int d = CALL(open(".", O_RDONLY | O_DIRECTORY));
	CALL(faccessat(d, "rw", W_OK, 0));
	CALL(faccessat(99, "rw", W_OK, 0));
	CALL(faccessat(99, "/", R_OK, 0));
	CALL(syscall(SYS_faccessat2, d, "", R_OK, AT_EMPTY_PATH));
	CALL(close(d));
	CALL(unlink("dangling"));
	CALL(rmdir("dir0"));
	CALL(unlink("rw"));
	CALL(unlink("x-other"));
	CALL(unlink("none"));
	CALL(chdir(".."));
	CALL(rmdir("ac"));
	return 0;
}
