/* Directory descriptors across an id change (the program runs as root): a lookup
 * relative to a directory descriptor opened as root checks the identity the process
 * has when it looks, so once it is uid 1000 a root-only directory's names are out of
 * reach through the descriptor (EACCES) and an open one's are not; a descriptor on a
 * directory whose parent the new identity cannot search still works; a dup follows
 * too; an id change back to root (the saved uid) makes the descriptors root's again. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "report.h"

static void make_tree(void)
{
	CALL(chmod(".", 0755)); /* the runner's scratch directory: uid 1000 must pass */
	CALL(mkdir("closed", 0700));
	CALL(close(open("closed/file", O_CREAT | O_WRONLY, 0644)));
	CALL(mkdir("closed/open", 0755));
	CALL(close(open("closed/open/file", O_CREAT | O_WRONLY, 0644)));
	CALL(mkdir("public", 0755));
	CALL(close(open("public/file", O_CREAT | O_WRONLY, 0644)));
}

static void as_user(int closed, int inner, int public, int saved_root)
{
	int dup_closed = dup(closed);
	struct stat st;

	if (saved_root ? setresuid(1000, 1000, 0) : setresuid(1000, 1000, 1000))
		_exit(2);
	CALL(openat(closed, "file", O_RDONLY));
	CALL(fstatat(closed, "file", &st, 0));
	CALL(openat(dup_closed, "file", O_RDONLY));
	CALL(mkdirat(public, "new", 0755));
	CALL(openat(public, "file", O_RDONLY) >= 0);
	CALL(openat(inner, "file", O_RDONLY) >= 0);
	CALL(fchmodat(public, "file", 0600, 0));
	if (saved_root) {
		CALL(seteuid(0));
		CALL(openat(closed, "file", O_RDONLY) >= 0);
		CALL(openat(dup_closed, "file", O_RDONLY) >= 0);
	}
}

static void run(int saved_root)
{
	int closed = open("closed", O_RDONLY | O_DIRECTORY);
	int inner = open("closed/open", O_PATH | O_DIRECTORY);
	int public = open("public", O_RDONLY | O_DIRECTORY);
	int st;

	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		as_user(closed, inner, public, saved_root);
		fflush(stdout);
		_exit(0);
	}
	waitpid(pid, &st, 0);
	printf("child: exit %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
	close(closed), close(inner), close(public);
}

int main(void)
{
	make_tree();
	run(0);
	run(1);
	CALL(unlink("closed/open/file"));
	CALL(rmdir("closed/open"));
	CALL(unlink("closed/file"));
	CALL(rmdir("closed"));
	CALL(unlink("public/file"));
	CALL(rmdir("public"));
	return 0;
}
