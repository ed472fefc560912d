/* Set-uid and set-gid programs (the program runs as root and makes them: copies of
 * itself in setuid.d, owned and moded for each case): a process of uid 1000 runs them
 * and the copy says its ids, AT_SECURE and what the exec kept (pid, parent, umask,
 * masks, ignored signals, descriptors but the close-on-exec one, the working
 * directory, the CPU-time timers; dumpable and the parent-death signal only without
 * new ids); then the cases where no ids change: no_new_privs, a set-uid script, a
 * file of one's own, a plain exec with effective ids not the real ones; and errors
 * that leave the caller as it was (EACCES, ENOEXEC); posix_spawn of one, whose child
 * shares its parent's memory until the exec. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "report.h"

#define DIR	"setuid.d"
#define KEPT_FD 5
#define GONE_FD 6

static const char *const copies[] = { "root",  "u2000",	 "g3000",   "own",
				      "plain", "noexec", "garbage", "script" };

static volatile sig_atomic_t profs;

static void on_prof(int sig)
{
	(void)sig;
	profs++;
}

/* Whether the CPU-time timer that the runner set before the exec runs, and fires. */
static int prof_timer_fires(void)
{
	struct itimerval it;
	time_t wall = time(NULL);
	volatile unsigned x = 0;

	getitimer(ITIMER_PROF, &it);
	if (!it.it_value.tv_sec && !it.it_value.tv_usec)
		return 0;
	signal(SIGPROF, on_prof);
	while (!profs && time(NULL) - wall < 30)
		x++;
	return profs;
}

/* The copy, run: what it sees of itself. */
static int helper(char **argv)
{
	uid_t r, e, s;
	gid_t gr, ge, gs;
	sigset_t mask;
	struct sigaction sa;
	mode_t um = umask(0);

	getresuid(&r, &e, &s);
	getresgid(&gr, &ge, &gs);
	printf("%s: uids %u %u %u gids %u %u %u secure %lu\n", argv[1], r, e, s, gr, ge, gs,
	       getauxval(AT_SECURE));
	sigprocmask(SIG_BLOCK, NULL, &mask);
	sigaction(SIGUSR2, NULL, &sa);
	printf("same pid %d, same parent %d, umask %03o, SIGUSR1 blocked %d, SIGUSR2 ignored %d\n",
	       getpid() == atoi(argv[2]), getppid() == atoi(argv[3]), um,
	       sigismember(&mask, SIGUSR1), sa.sa_handler == SIG_IGN);
	printf("fd %d open %d, fd %d open %d, cwd kept %d\n", KEPT_FD, fcntl(KEPT_FD, F_GETFD) >= 0,
	       GONE_FD, fcntl(GONE_FD, F_GETFD) >= 0, access("../" DIR "/plain", F_OK) == 0);
	char buf[4] = { 0 };
	int deathsig = -1;
	prctl(PR_GET_PDEATHSIG, &deathsig);
	printf("dumpable %d, parent-death signal %d\n", prctl(PR_GET_DUMPABLE), deathsig);
	printf("kept fd reads ELF %d\n",
	       pread(KEPT_FD, buf, 4, 0) == 4 && !memcmp(buf + 1, "ELF", 3));
	printf("CPU-time timer running and firing %d\n", prof_timer_fires());
	fflush(stdout);
	return 0;
}

static int copy_file(const char *from, const char *to)
{
	char buf[65536];
	int in = open(from, O_RDONLY), out = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0700);
	ssize_t n;

	if (in < 0 || out < 0)
		return -1;
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, (size_t)n) != n)
			return -1;
	close(in);
	return close(out);
}

static void make(const char *self, const char *name, uid_t uid, gid_t gid, mode_t mode)
{
	char path[64];

	snprintf(path, sizeof(path), DIR "/%s", name);
	if (copy_file(self, path) || chown(path, uid, gid) || chmod(path, mode))
		printf("cannot make %s: errno %d\n", path, errno);
}

static void make_all(const char *self)
{
	int fd;

	CALL(chmod(".", 0755)); /* the runner's scratch directory: uid 1000 must pass */
	CALL(mkdir(DIR, 0755));
	make(self, "root", 0, 0, 04755);
	make(self, "u2000", 2000, 2000, 04755);
	make(self, "g3000", 0, 3000, 02755);
	make(self, "own", 1000, 1000, 04755);
	make(self, "plain", 0, 0, 0755);
	make(self, "noexec", 2000, 2000, 04700);
	fd = open(DIR "/garbage", O_WRONLY | O_CREAT, 04755);
	CALL(write(fd, "not a program\n", 14));
	close(fd);
	CALL(chmod(DIR "/garbage", 04755));
	fd = open(DIR "/script", O_WRONLY | O_CREAT, 04755);
	dprintf(fd, "#!%s/" DIR "/plain\n", getcwd((char[4096]){ 0 }, 4096));
	close(fd);
	CALL(chown(DIR "/script", 2000, 2000));
	CALL(chmod(DIR "/script", 04755));
}

extern char **environ;

/* posix_spawn of name (its child, in our memory, execs it), waited for: our end. */
static _Noreturn void spawn_and_wait(const char *name)
{
	char ppid[16];
	pid_t pid;
	int st, r;

	snprintf(ppid, sizeof(ppid), "%d", getpid());
	r = posix_spawn(&pid, name, NULL, NULL, (char *[]){ "copy", "helper", "0", ppid, NULL },
			environ);
	if (r) {
		printf("%s: posix_spawn %d\n", name, r);
		fflush(stdout);
		_exit(6);
	}
	waitpid(pid, &st, 0);
	_exit(WIFEXITED(st) ? WEXITSTATUS(st) : 7);
}

/* In a child of uid 1000 (with the state the copy checks), exec DIR/name (or spawn it:
 * the copy's pid is then not its runner's); how it went. */
static void run(const char *name, int nnp, int keep_root, int spawn)
{
	char path[64], pid[16], ppid[16];
	int st;

	snprintf(path, sizeof(path), "%s/%s", DIR, name);
	fflush(stdout);
	pid_t child = fork();
	if (child == 0) {
		sigset_t mask;

		sigemptyset(&mask);
		sigaddset(&mask, SIGUSR1);
		sigprocmask(SIG_BLOCK, &mask, NULL);
		signal(SIGUSR2, SIG_IGN);
		umask(027);
		dup2(open(DIR "/plain", O_RDONLY), KEPT_FD);
		dup2(open(DIR "/plain", O_RDONLY | O_CLOEXEC), GONE_FD);
		fcntl(GONE_FD, F_SETFD, FD_CLOEXEC);
		if (setgroups(0, NULL) || setresgid(1000, 1000, 1000) ||
		    setresuid(keep_root ? 0 : 1000, 1000, keep_root ? 0 : 1000))
			_exit(2);
		if (nnp && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
			_exit(3);
		if (prctl(PR_SET_PDEATHSIG, SIGUSR1)) /* after the ids: their change clears it */
			_exit(3);
		if (chdir(DIR))
			_exit(4);
		if (setitimer(ITIMER_PROF, &(struct itimerval){ .it_value = { .tv_usec = 500000 } },
			      NULL))
			_exit(4);
		if (spawn)
			spawn_and_wait(name);
		snprintf(pid, sizeof(pid), "%d", getpid());
		snprintf(ppid, sizeof(ppid), "%d", getppid());
		execl(name, "copy", "helper", pid, ppid, (char *)NULL);
		printf("%s: exec errno %d, ids still %u %u\n", name, errno, getuid(), geteuid());
		fflush(stdout);
		_exit(5);
	}
	waitpid(child, &st, 0);
	printf("%s%s%s%s: exit %d\n", name, nnp ? " (no_new_privs)" : "",
	       keep_root ? " (real uid 0)" : "", spawn ? " (posix_spawn)" : "",
	       WIFEXITED(st) ? WEXITSTATUS(st) : -WTERMSIG(st));
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "helper"))
		return helper(argv);
	if (argc > 1) /* the script's interpreter: the script's path is argv[1] */
		return helper((char *[]){ argv[0], "script", argv[3], argv[4], NULL });
	make_all(argv[0]);
	run("root", 0, 0, 0);
	run("u2000", 0, 0, 0);
	run("g3000", 0, 0, 0);
	run("own", 0, 0, 0);
	run("root", 1, 0, 0);
	run("plain", 0, 1, 0);
	run("noexec", 0, 0, 0);
	run("garbage", 0, 0, 0);
	run("script", 0, 0, 0);
	run("u2000", 0, 0, 1);
	run("noexec", 0, 0, 1);
	for (unsigned i = 0; i < sizeof(copies) / sizeof(copies[0]); i++) {
		char path[64];

		snprintf(path, sizeof(path), DIR "/%s", copies[i]);
		unlink(path);
	}
	CALL(rmdir(DIR));
	return 0;
}
