/* Directories: mkdir and rmdir with their errors, link counts of a directory as
 * subdirectories come and go, getdents64 listings (sorted here) with d_type, and
 * rewinding a directory descriptor with lseek. */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "report.h"

struct linux_dirent64 {
	uint64_t d_ino;
	int64_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* List the directory open at fd from where it is, sorted, with each entry's type. */
static void list(int fd)
{
	char buf[4096], *names[64];
	int n = 0;
	long got;

	while ((got = syscall(SYS_getdents64, fd, buf, sizeof(buf))) > 0)
		for (long at = 0; at < got && n < 64;) {
			struct linux_dirent64 *e = (void *)(buf + at);
			names[n] = malloc(300);
			snprintf(names[n++], 300, "%s:%d", e->d_name, e->d_type);
			at += e->d_reclen;
		}
	if (got < 0)
		printf("getdents64: errno %d\n", errno);
	qsort(names, n, sizeof(names[0]), by_name);
	printf("listing:");
	for (int i = 0; i < n; i++) {
		printf(" %s", names[i]);
		free(names[i]);
	}
	printf("\n");
}

static long links(const char *path)
{
	struct stat st;

	return stat(path, &st) < 0 ? -errno : (long)st.st_nlink;
}

int main(void)
{
	char small[24];

	umask(022);
	CALL(mkdir("top", 0755));
	printf("a new directory has %ld links\n", links("top"));
	CALL(mkdir("top/a", 0700));
	CALL(mkdir("top/b", 0755));
	printf("with two subdirectories: %ld\n", links("top"));
	CALL(mkdir("top/a", 0755));
	CALL(mkdir("top/none/x", 0755));
	CALL(close(open("top/file", O_CREAT | O_WRONLY, 0644)));
	CALL(mkdir("top/file/x", 0755));
	CALL(mkdir("top/c/", 0755));
	CALL(symlink("b", "top/lb"));
	CALL(mkfifo("top/fifo", 0644));
	CALL(mkdir("top/lb", 0755));
	CALL(mkdir("", 0755));
	int fd = CALL(open("top", O_RDONLY | O_DIRECTORY));
	list(fd);
	CALL(syscall(SYS_getdents64, fd, small, sizeof(small)));
	CALL(lseek(fd, 0, SEEK_SET));
	CALL(syscall(SYS_getdents64, fd, small, sizeof(small)));
	CALL(lseek(fd, 0, SEEK_SET));
	list(fd);
	CALL(syscall(SYS_getdents64, fd, (void *)16, 4096));
	int f = CALL(open("top/file", O_RDONLY));
	CALL(syscall(SYS_getdents64, f, small, sizeof(small)));
	CALL(close(f));
	CALL(syscall(SYS_getdents64, 99, small, sizeof(small)));

	CALL(rmdir("top"));
	CALL(rmdir("top/file"));
	CALL(rmdir("top/lb"));
	CALL(rmdir("top/none"));
	CALL(rmdir("top/a/."));
	CALL(rmdir("top/a/.."));
	CALL(rmdir("top/a/"));
	CALL(rmdir("top/c"));
	printf("after removing a and c: %ld\n", links("top"));
	CALL(unlink("top/b"));
	CALL(unlink("top/lb"));
	CALL(unlink("top/fifo"));
	CALL(unlink("top/file"));
	CALL(lseek(fd, 0, SEEK_SET));
	list(fd);
	CALL(rmdir("top/b"));
	CALL(rmdir("top"));
	CALL(lseek(fd, 0, SEEK_SET));
	list(fd);
	CALL(close(fd));
	CALL(mkdir("top", 0755));
	CALL(chdir("top"));
	CALL(rmdir("../top"));
	CALL(mkdir("x", 0755));
	CALL(open(".", O_RDONLY) >= 0);
	CALL(chdir(".."));
	return 0;
}
