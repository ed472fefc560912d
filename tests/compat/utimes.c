/* Times: utimensat setting fixed access and modification times (read back exactly),
 * UTIME_OMIT keeping one, UTIME_NOW moving it to now, a link's own times with
 * AT_SYMLINK_NOFOLLOW, through a descriptor (futimens), and EINVAL, ENOENT. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include "report.h"

static void show(const char *path, int follow)
{
	struct stat st;

	if ((follow ? stat(path, &st) : lstat(path, &st)) < 0)
		printf("%s: errno %d\n", path, errno);
	else
		printf("%s: atime %ld.%09ld mtime %ld.%09ld\n", path, (long)st.st_atim.tv_sec,
		       st.st_atim.tv_nsec, (long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
}

int main(void)
{
	struct timespec t[2] = { { 1000000000, 123456789 }, { 1234567890, 5 } };
	struct timespec keep_a[2] = { { 0, UTIME_OMIT }, { 1500000000, 0 } };
	struct timespec now_m[2] = { { 1600000000, 0 }, { 0, UTIME_NOW } };
	struct timespec bad[2] = { { 0, 1000000000 }, { 0, 0 } };
	struct stat st;
	/* a second early: Linux stamps files from its coarse clock, which may not have
	 * reached the second time() already says (the host failed "is now" at times) */
	time_t before = time(NULL) - 1;

	int fd = CALL(open("tm", O_CREAT | O_RDWR | O_TRUNC, 0644));
	CALL(utimensat(AT_FDCWD, "tm", t, 0));
	show("tm", 1);
	CALL(utimensat(AT_FDCWD, "tm", keep_a, 0));
	show("tm", 1);
	CALL(utimensat(AT_FDCWD, "tm", now_m, 0));
	CALL(stat("tm", &st));
	printf("atime %ld, mtime is now: %d\n", (long)st.st_atime,
	       st.st_mtime >= before && st.st_mtime <= time(NULL));
	CALL(utimensat(AT_FDCWD, "tm", bad, 0));
	CALL(utimensat(AT_FDCWD, "missing", t, 0));
	CALL(utimensat(AT_FDCWD, "tm", t, 0x4000));
	CALL(futimens(fd, t));
	show("tm", 1);
	CALL(write(fd, "x", 1));
	CALL(fstat(fd, &st));
	printf("a write moves mtime to now: %d\n", st.st_mtime >= before);
	CALL(utimensat(AT_FDCWD, "tm", NULL, 0));
	CALL(stat("tm", &st));
	printf("NULL sets both to now: %d %d\n", st.st_atime >= before, st.st_mtime >= before);

	CALL(symlink("tm", "tl"));
	CALL(utimensat(AT_FDCWD, "tl", t, AT_SYMLINK_NOFOLLOW));
	show("tl", 0);
	CALL(utimensat(AT_FDCWD, "tm", t, 0));
	CALL(utimensat(AT_FDCWD, "tl", keep_a, 0));
	show("tm", 1);
	struct timeval tv[2] = { { 1700000000, 250000 }, { 1700000001, 500000 } };
	CALL(utimes("tm", tv));
	show("tm", 1);
	CALL(close(fd));
	CALL(futimens(fd, t));
	CALL(unlink("tl"));
	CALL(unlink("tm"));
	return 0;
}
