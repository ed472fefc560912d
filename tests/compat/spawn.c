/* vfork and posix_spawn as Linux's, whose child shares the parent's memory until it
 * execs or exits while the parent waits: posix_spawn of a missing program is ENOENT
 * (glibc's child writes its exec's error into the parent's memory, musl's through a
 * pipe), of a file that is no program ENOEXEC; file actions and attributes; a vfork
 * child's writes seen by its parent, which ran only after the child's exec or exit. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "report.h"

extern char **environ;

static volatile int shared;

/* The spawned program: argv[1] says what to show. */
static int child(char **argv)
{
	if (!strcmp(argv[1], "fd")) {
		char buf[16] = { 0 };
		ssize_t n = read(3, buf, sizeof(buf) - 1);

		printf("child: fd 3 reads %zd \"%s\"\n", n, n > 0 ? buf : "");
	} else if (!strcmp(argv[1], "mask")) {
		sigset_t m;

		sigprocmask(SIG_BLOCK, NULL, &m);
		printf("child: SIGUSR1 blocked %d, pgid is pid %d\n", sigismember(&m, SIGUSR1),
		       getpgid(0) == getpid());
	}
	fflush(stdout);
	return atoi(argv[2]);
}

/* path is named by what args[1] says, or else itself (the runners' paths differ) */
static void spawn(const char *path, char **args, const posix_spawn_file_actions_t *fa,
		  const posix_spawnattr_t *at)
{
	pid_t pid;
	int st, r;

	fflush(stdout);
	r = posix_spawn(&pid, path, fa, at, args, environ);
	printf("posix_spawn(%s) = %d\n", args[1] ? args[1] : path, r);
	if (r == 0) {
		CALL(waitpid(pid, &st, 0) == pid);
		printf("status %d\n", WEXITSTATUS(st));
	}
	fflush(stdout);
}

static void spawns(char *self)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	sigset_t m;

	spawn("/no/such/program", (char *[]){ "x", NULL }, NULL, NULL);
	int fd = open("spawn.notexec", O_WRONLY | O_CREAT | O_TRUNC, 0755);
	CALL(write(fd, "\x01\x02", 2));
	close(fd);
	spawn("spawn.notexec", (char *[]){ "x", NULL }, NULL, NULL);
	unlink("spawn.notexec");
	spawn(self, (char *[]){ self, "exit", "7", NULL }, NULL, NULL);

	fd = open("spawn.data", O_RDWR | O_CREAT | O_TRUNC, 0644);
	CALL(write(fd, "spawned", 7));
	close(fd);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 3, "spawn.data", O_RDONLY, 0);
	spawn(self, (char *[]){ self, "fd", "8", NULL }, &fa, NULL);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 3, "no.such.file", O_RDONLY, 0);
	spawn(self, (char *[]){ self, "fd", "9", NULL }, &fa, NULL);
	posix_spawn_file_actions_destroy(&fa);
	unlink("spawn.data");

	posix_spawnattr_init(&at);
	sigemptyset(&m);
	sigaddset(&m, SIGUSR1);
	posix_spawnattr_setsigmask(&at, &m);
	posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETPGROUP);
	spawn(self, (char *[]){ self, "mask", "10", NULL }, NULL, &at);
	posix_spawnattr_destroy(&at);
}

/* vfork: the child's write is the parent's, and the parent goes on only after the
 * child's _exit or exec. */
static void vforks(char *self)
{
	int st;

	shared = 1;
	pid_t pid = vfork();
	if (pid == 0) {
		shared = 2;
		usleep(100000); /* a parent that ran on would see 2 and not 3 */
		shared = 3;
		_exit(0);
	}
	printf("after the child's exit the parent sees %d\n", shared);
	CALL(waitpid(pid, &st, 0) == pid);

	fflush(stdout);
	pid = vfork();
	if (pid == 0) {
		shared = 4;
		execl("/no/such/program", "x", (char *)NULL);
		shared = 10 + errno; /* what posix_spawn's child tells its parent */
		_exit(127);
	}
	printf("the failed exec left %d\n", shared);
	CALL(waitpid(pid, &st, 0) == pid);

	fflush(stdout);
	pid = vfork();
	if (pid == 0) {
		shared = 5;
		execl(self, self, "exit", "6", (char *)NULL);
		_exit(127);
	}
	printf("after the child's exec the parent sees %d\n", shared);
	CALL(waitpid(pid, &st, 0) == pid);
	printf("status %d\n", WEXITSTATUS(st));
}

int main(int argc, char **argv)
{
	if (argc > 2)
		return child(argv);
	spawns(argv[0]);
	vforks(argv[0]);
	return 0;
}
