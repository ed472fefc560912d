/* The working directory: getcwd after chdir and fchdir (printed relative to where the
 * program started), deep paths, getcwd's ERANGE, chdir's ENOTDIR, ENOENT and
 * ENAMETOOLONG, fchdir's EBADF and ENOTDIR, and names at NAME_MAX and past it. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "report.h"

static char start[PATH_MAX];

static void where(void)
{
	char buf[PATH_MAX];

	if (!getcwd(buf, sizeof(buf)))
		printf("getcwd: errno %d\n", errno);
	else if (strncmp(buf, start, strlen(start)))
		printf("cwd outside the start: %s\n", buf);
	else {
		const char *rest = buf + strlen(start);
		rest += *rest == '/';
		printf("cwd: ./%s (%zu long)\n", rest, strlen(rest));
	}
}

int main(void)
{
	char name[300], path[PATH_MAX + 10];
	int top, f;

	getcwd(start, sizeof(start));
	if (!strcmp(start, "/"))
		start[0] = 0;
	CALL(mkdir("cw", 0755));
	top = CALL(open("cw", O_RDONLY | O_DIRECTORY));
	CALL(chdir("cw"));
	where();
	for (int i = 0; i < 20; i++) {
		snprintf(name, sizeof(name), "level-%02d-with-a-longer-name", i);
		mkdir(name, 0755);
		chdir(name);
	}
	where();
	CALL(syscall(SYS_getcwd, name, 10));
	CALL(syscall(SYS_getcwd, name, 0));
	CALL(syscall(SYS_getcwd, (void *)16, 4096));
	CALL(fchdir(top));
	where();
	CALL(chdir("level-00-with-a-longer-name/level-01-with-a-longer-name/../.."));
	where();
	CALL(chdir("/"));
	CALL(getcwd(name, sizeof(name)) != NULL);
	printf("at the root: %s\n", name);
	CALL(chdir(".."));
	CALL(getcwd(name, sizeof(name)) != NULL);
	printf("the root's parent: %s\n", name);
	CALL(fchdir(top));
	CALL(close(open("file", O_CREAT | O_WRONLY, 0644)));
	CALL(chdir("file"));
	CALL(chdir("missing"));
	CALL(chdir(""));
	f = CALL(open("file", O_RDONLY));
	CALL(fchdir(f));
	CALL(fchdir(99));
	memset(name, 'n', 255);
	name[255] = 0;
	CALL(close(open(name, O_CREAT | O_WRONLY, 0644)));
	CALL(unlink(name));
	name[255] = 'n';
	name[256] = 0;
	CALL(open(name, O_CREAT | O_WRONLY, 0644));
	CALL(mkdir(name, 0755));
	CALL(chdir(name));
	memset(path, 'a', sizeof(path));
	for (int i = 1; i < PATH_MAX + 5; i += 2)
		path[i] = '/';
	path[PATH_MAX + 5] = 0;
	CALL(chdir(path));
	CALL(open(path, O_RDONLY));
	path[PATH_MAX - 1] = 0;
	CALL(chdir(path));
	CALL(close(f));
	CALL(unlink("file"));
	CALL(chdir("."));
	for (int i = 19; i >= 0; i--) {
		char p2[PATH_MAX] = "";
		for (int j = 0; j <= i; j++) {
			snprintf(name, sizeof(name), "level-%02d-with-a-longer-name/", j);
			strcat(p2, name);
		}
		rmdir(p2);
	}
	where();
	CALL(fchdir(top));
	CALL(chdir(".."));
	CALL(rmdir("cw"));
	CALL(fchdir(top));
	CALL(getcwd(name, sizeof(name)) != NULL);
	return 0;
}
