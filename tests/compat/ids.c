/* Changing ids (the program runs as root): setgroups, setresuid/setresgid, setuid,
 * setreuid and what each allows afterwards; files created with the new identity;
 * permission refused to it; kill refused across users; back to root through the saved
 * uid. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "report.h"

static void show_ids(void)
{
	uid_t r, e, s;
	gid_t gr, ge, gs;

	getresuid(&r, &e, &s);
	getresgid(&gr, &ge, &gs);
	printf("uids %u %u %u gids %u %u %u\n", r, e, s, gr, ge, gs);
}

static void owner(const char *path)
{
	struct stat st;

	if (stat(path, &st) == 0)
		printf("%s: owner %u group %u\n", path, st.st_uid, st.st_gid);
	else
		printf("%s: stat errno %d\n", path, errno);
}

static void as_a_user(pid_t parent)
{
	gid_t list[4];

	CALL(setresgid(100, 100, 100));
	CALL(setresuid(1000, 1000, 1000));
	show_ids();
	CALL(getgroups(0, 0));
	CALL(setgroups(0, 0));
	CALL(open("ids.d/secret", O_RDONLY));
	CALL(close(open("ids.d/mine", O_CREAT | O_WRONLY, 0644)));
	owner("ids.d/mine");
	CALL(mkdir("ids.d/sub", 0755));
	owner("ids.d/sub");
	CALL(setuid(0));
	CALL(setresuid(-1, 0, -1));
	CALL(setgid(0));
	CALL(setreuid(1000, 1000));
	CALL(setuid(1000));
	CALL(kill(parent, 0));
	CALL(getgroups(1, list));
	show_ids();
	_exit(0);
}

int main(void)
{
	gid_t groups[2] = { 5, 6 }, got[4];
	int st;

	show_ids();
	CALL(setgroups(2, groups));
	CALL(getgroups(4, got));
	printf("groups %u %u\n", got[0], got[1]);
	CALL(getgroups(1, got));
	chmod(".", 0755);
	CALL(mkdir("ids.d", 0777));
	CALL(chmod("ids.d", 0777));
	CALL(close(open("ids.d/secret", O_CREAT | O_WRONLY, 0600)));
	pid_t parent = getpid(), pid = fork();
	if (pid == 0)
		as_a_user(parent);
	waitpid(pid, &st, 0);
	printf("child exited %d\n", WEXITSTATUS(st));
	/* the effective uid alone, and back through the saved one */
	CALL(setresuid(-1, 1000, -1));
	show_ids();
	CALL(close(open("ids.d/euid", O_CREAT | O_WRONLY, 0644)));
	owner("ids.d/euid");
	CALL(setresuid(-1, 0, -1));
	show_ids();
	CALL(close(open("ids.d/root", O_CREAT | O_WRONLY, 0644)));
	owner("ids.d/root");
	unlink("ids.d/secret"), unlink("ids.d/mine"), unlink("ids.d/euid"), unlink("ids.d/root");
	rmdir("ids.d/sub"), rmdir("ids.d");
	return 0;
}
