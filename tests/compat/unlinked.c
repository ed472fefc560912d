/* A file removed while open lives on: read, written, grown and stat'ed through its
 * descriptor (link count 0), by another process too, until the last close; a name
 * replaced by rename while open keeps the old file for its opener. */
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "report.h"

int main(void)
{
	char buf[32] = { 0 };
	struct stat st;
	int st_;
	int fd = CALL(open("gone", O_CREAT | O_RDWR | O_TRUNC, 0644));

	CALL(write(fd, "before", 6));
	CALL(unlink("gone"));
	CALL(access("gone", F_OK));
	CALL(fstat(fd, &st));
	printf("nlink %ld size %ld\n", (long)st.st_nlink, (long)st.st_size);
	CALL(write(fd, " after", 6));
	CALL(ftruncate(fd, 20000));
	CALL(pread(fd, buf, sizeof(buf) - 1, 0));
	printf("reads: %s\n", buf);
	fflush(stdout);
	if (fork() == 0) {
		CALL(pwrite(fd, "CHILD", 5, 0));
		_exit(0);
	}
	wait(&st_);
	CALL(pread(fd, buf, 5, 0));
	printf("the child wrote: %.5s\n", buf);
	CALL(fstat(fd, &st));
	printf("size %ld\n", (long)st.st_size);
	CALL(close(fd));

	int a = open("old", O_CREAT | O_WRONLY | O_TRUNC, 0644);
	write(a, "old", 3);
	close(a);
	a = open("new", O_CREAT | O_WRONLY | O_TRUNC, 0644);
	write(a, "new", 3);
	close(a);
	int r = CALL(open("old", O_RDONLY));
	CALL(rename("new", "old"));
	memset(buf, 0, sizeof(buf));
	CALL(read(r, buf, sizeof(buf)));
	printf("the opener still reads: %s\n", buf);
	CALL(fstat(r, &st));
	printf("its link count: %ld\n", (long)st.st_nlink);
	CALL(close(r));
	int n = CALL(open("old", O_RDONLY));
	memset(buf, 0, sizeof(buf));
	CALL(read(n, buf, sizeof(buf)));
	printf("the name now gives: %s\n", buf);
	CALL(close(n));
	CALL(unlink("old"));

	CALL(mkdir("dd", 0755));
	int d = CALL(open("dd", O_RDONLY | O_DIRECTORY));
	CALL(rmdir("dd"));
	CALL(fstat(d, &st));
	printf("a removed directory: nlink %ld\n", (long)st.st_nlink);
	CALL(openat(d, "x", O_CREAT | O_WRONLY, 0644));
	CALL(mkdirat(d, "y", 0755));
	CALL(openat(d, ".", O_RDONLY) >= 0);
	CALL(close(d));
	return 0;
}
