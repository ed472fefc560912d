/* File descriptors across an id change (the program runs as root): fchmod, fchown and
 * futimens on a descriptor check the identity the process has when it calls, not the
 * one that opened it, while what the open granted (reading, writing) stays; back to
 * root by the saved uid, the descriptor is root's again. The open file description
 * stays shared with the parent: the child's write moves the parent's position. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "report.h"

static const struct timespec then[2] = { { 1000000000, 0 }, { 1000000000, 0 } };

static void as_user(int rootfile, int userfile)
{
	char c;

	if (setresuid(1000, 1000, 0))
		_exit(2);
	CALL(fchmod(rootfile, 0600));
	CALL(fchown(rootfile, 1000, -1));
	CALL(futimens(rootfile, then));
	CALL(write(rootfile, "x", 1));
	CALL(pread(rootfile, &c, 1, 0));
	CALL(fchmod(userfile, 0600));
	CALL(futimens(userfile, then));
	CALL(fchown(userfile, 0, -1));
	CALL(seteuid(0));
	CALL(fchmod(rootfile, 0640));
	CALL(fchown(userfile, 0, -1));
}

static void show(const char *path)
{
	struct stat st;

	if (stat(path, &st) == 0)
		printf("%s: mode %o uid %d size %ld, mtime the one set: %d\n", path,
		       st.st_mode & 07777, (int)st.st_uid, (long)st.st_size,
		       st.st_mtime == then[1].tv_sec);
}

int main(void)
{
	CALL(chmod(".", 0755)); /* the runner's scratch directory: uid 1000 must pass */
	int rootfile = open("rootfile", O_CREAT | O_RDWR | O_TRUNC, 0644);
	int userfile = open("userfile", O_CREAT | O_RDWR | O_TRUNC, 0644);
	int st;

	CALL(fchown(userfile, 1000, 1000));
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		as_user(rootfile, userfile);
		fflush(stdout);
		_exit(0);
	}
	waitpid(pid, &st, 0);
	printf("child: exit %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
	CALL(lseek(rootfile, 0, SEEK_CUR)); /* the child's write moved the shared position */
	show("rootfile");
	show("userfile");
	close(rootfile), close(userfile);
	CALL(unlink("rootfile"));
	CALL(unlink("userfile"));
	return 0;
}
