/* POSIX record locks (fcntl F_GETLK, F_SETLK, F_SETLKW) between a parent and its
 * children: what F_GETLK reports (ranges split and merged, the holder's pid), conflicts,
 * upgrades, a close of any descriptor and the end of the process releasing all, a
 * waiter woken by the unlock, interrupted by a signal, a deadlock refused, and locks
 * kept over exec but for a close-on-exec descriptor's file. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "report.h"
#include "steps.h"

static int fd;		   /* the file, opened for reading and writing */
static pid_t parent;	   /* to tell its pid in F_GETLK's answers */
static int go[2], done[2]; /* parent to child, child to parent: one byte each step */

static int set(int f, int cmd, int type, int whence, long start, long len)
{
	struct flock fl = { .l_type = type, .l_whence = whence, .l_start = start, .l_len = len };

	return fcntl(f, cmd, &fl);
}

/* F_GETLK for type on start+len: says which lock is in the way, if any. */
static void query(const char *what, int type, long start, long len)
{
	struct flock fl = { .l_type = type, .l_whence = SEEK_SET, .l_start = start, .l_len = len };
	int r = fcntl(fd, F_GETLK, &fl);

	if (r < 0) {
		report(what, r);
		return;
	}
	if (fl.l_type == F_UNLCK) {
		printf("%s: free\n", what);
		return;
	}
	printf("%s: %s lock at %ld length %ld held by %s\n", what,
	       fl.l_type == F_RDLCK ? "read" : "write", (long)fl.l_start, (long)fl.l_len,
	       fl.l_pid == parent     ? "the parent"
	       : fl.l_pid == getpid() ? "me"
				      : "another");
}

/* The parent's locks as a child sees them, and the child's own in the way of the
 * parent; then the parent waits for a range the child lets go. */
static void child_sees(void)
{
	query("child: write over all", F_WRLCK, 0, 0);
	query("child: write over the hole", F_WRLCK, 4, 2);
	query("child: write from 6", F_WRLCK, 6, 0);
	query("child: read over the read locks", F_RDLCK, 10, 20);
	query("child: write over the read locks", F_WRLCK, 10, 30);
	query("child: write past them", F_WRLCK, 30, 0);
	CALL(set(fd, F_SETLK, F_RDLCK, SEEK_SET, 0, 1));
	CALL(set(fd, F_SETLK, F_RDLCK, SEEK_SET, 10, 5));
	CALL(set(fd, F_SETLK, F_WRLCK, SEEK_SET, 50, 10));
	signal_to(done);
	await(go);
	pause_ms(200); /* the parent is waiting for 50-59 by now, or soon */
	if (set(fd, F_SETLK, F_UNLCK, SEEK_SET, 50, 10)) /* said by the parent's wait */
		_exit(3);
	await(go);
	/* a second descriptor of the file: closing it lets go of every lock here */
	int other = open("locked", O_RDONLY);
	CALL(set(other, F_SETLK, F_RDLCK, SEEK_SET, 70, 10));
	signal_to(done);
	await(go);
	CALL(close(other));
	signal_to(done);
	await(go);
	CALL(set(fd, F_SETLK, F_WRLCK, SEEK_END, -10, 0)); /* held until the end */
	signal_to(done);
	await(go);
	_exit(0);
}

static void parent_sees(pid_t child)
{
	await(done);
	query("parent: write at 50", F_WRLCK, 50, 1);
	CALL(set(fd, F_SETLK, F_WRLCK, SEEK_SET, 55, 1));
	CALL(set(fd, F_SETLK, F_WRLCK, SEEK_SET, 10, 1)); /* the child shares 10-14 */
	signal_to(go);
	CALL(set(fd, F_SETLKW, F_WRLCK, SEEK_SET, 50, 10));
	query("parent: 50 after its wait", F_RDLCK, 50, 1);
	signal_to(go);
	await(done);
	query("parent: write at 70", F_WRLCK, 70, 1);
	signal_to(go);
	await(done);
	query("parent: write at 70 after the child's close", F_WRLCK, 70, 1);
	query("parent: write at 10 after the child's close", F_WRLCK, 10, 1);
	signal_to(go);
	await(done);
	query("parent: write at the end", F_WRLCK, 95, 0);
	signal_to(go);
	printf("child exit %d\n", reap(child));
	query("parent: write at the end after the child's exit", F_WRLCK, 95, 0);
}

static void on_alarm(int sig)
{
	(void)sig;
}

/* A child holds everything; the parent's wait is ended by SIGALRM (no SA_RESTART). */
static void interrupted_wait(void)
{
	struct sigaction sa = { .sa_handler = on_alarm };
	struct itimerval it = { .it_value = { .tv_usec = 200000 } };
	pid_t child;

	CALL(set(fd, F_SETLK, F_UNLCK, SEEK_SET, 0, 0));
	if (!(child = fork())) {
		set(fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 0);
		signal_to(done);
		await(go);
		_exit(0);
	}
	await(done);
	sigaction(SIGALRM, &sa, 0);
	setitimer(ITIMER_REAL, &it, 0);
	CALL(set(fd, F_SETLKW, F_WRLCK, SEEK_SET, 0, 1));
	query("parent: after the interrupted wait", F_WRLCK, 0, 1);
	signal_to(go);
	printf("child exit %d\n", reap(child));
}

/* The parent holds byte 0 and the child byte 1; each then waits for the other's. The
 * second to ask is refused with EDEADLK, lets go, and the first gets its byte. */
static void deadlock(void)
{
	pid_t child;
	int r, e;

	CALL(set(fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 1));
	if (!(child = fork())) {
		set(fd, F_SETLK, F_WRLCK, SEEK_SET, 1, 1);
		signal_to(done);
		r = set(fd, F_SETLKW, F_WRLCK, SEEK_SET, 0, 1);
		_exit(r < 0 ? errno == EDEADLK ? 1 : 2 : 0); /* its locks go with it */
	}
	await(done);
	pause_ms(200); /* the child waits for byte 0 by now */
	r = set(fd, F_SETLKW, F_WRLCK, SEEK_SET, 1, 1);
	e = errno;
	if (r < 0 && e == EDEADLK)
		set(fd, F_SETLK, F_UNLCK, SEEK_SET, 0, 1);
	int status = reap(child);
	printf("deadlock: %d refused, the other got its lock: %s\n",
	       (r < 0 && e == EDEADLK) + (status == 1),
	       (r == 0 && status == 1) || (r < 0 && e == EDEADLK && status == 0) ? "yes" : "no");
}

static void errors(void)
{
	int ro = open("locked", O_RDONLY);
	struct flock fl = { .l_type = F_RDLCK };

	CALL(set(ro, F_SETLK, F_WRLCK, SEEK_SET, 0, 1));
	CALL(set(ro, F_SETLK, F_UNLCK, SEEK_SET, 0, 1));
	CALL(set(fd, F_SETLK, F_RDLCK, 3, 0, 1));
	CALL(set(fd, F_SETLK, F_RDLCK, SEEK_SET, -1, 1));
	CALL(set(fd, F_SETLK, F_RDLCK, SEEK_SET, 2, -3));
	CALL(set(fd, F_SETLK, 7, SEEK_SET, 0, 1));
	CALL(set(fd, F_SETLK, F_RDLCK, SEEK_SET, 0x7fffffffffffffffL, 2));
	CALL(set(fd, F_GETLK, F_UNLCK, SEEK_SET, 0, 1));
	CALL(fcntl(fd, F_SETLK, (struct flock *)0));
	CALL(fcntl(99, F_SETLK, &fl));
	CALL(close(ro));
}

/* Lock byte 0 of "locked" (fd stays open) and of "cloexec" through a close-on-exec
 * descriptor, and exec this program again to look (after_exec). */
static void exec_with_locks(const char *self)
{
	int gone = CALL(open("cloexec", O_CREAT | O_RDWR | O_CLOEXEC, 0644));
	char fd_text[16];

	CALL(set(fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 1));
	CALL(set(gone, F_SETLK, F_WRLCK, SEEK_SET, 0, 1));
	snprintf(fd_text, sizeof(fd_text), "%d", fd);
	execl(self, self, "after-exec", fd_text, (char *)0);
	printf("execl failed\n");
}

/* After the exec: a child sees the lock on "locked" held still, by us, and none on
 * "cloexec". */
static int after_exec(const char *fd_text)
{
	pid_t child;

	parent = getpid();
	fd = atoi(fd_text);
	if (!(child = fork())) {
		query("child after exec: write at 0", F_WRLCK, 0, 1);
		fd = open("cloexec", O_RDWR);
		query("child after exec: write at 0 of cloexec", F_WRLCK, 0, 1);
		_exit(0);
	}
	printf("child exit %d\n", reap(child));
	return 0;
}

int main(int argc, char **argv)
{
	pid_t child;

	setvbuf(stdout, 0, _IOLBF, 0); /* nothing buffered is copied by fork */
	if (argc == 3 && !strcmp(argv[1], "after-exec"))
		return after_exec(argv[2]);
	parent = getpid();
	if (pipe(go) || pipe(done))
		return 1;
	fd = CALL(open("locked", O_CREAT | O_RDWR | O_TRUNC, 0644));
	CALL(write(fd,
		   "0123456789012345678901234567890123456789012345678901234567890123456789"
		   "012345678901234567890123456789",
		   100));
	CALL(set(fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 10));
	CALL(set(fd, F_SETLK, F_RDLCK, SEEK_SET, 10, 10));
	CALL(set(fd, F_SETLK, F_RDLCK, SEEK_SET, 20, 10)); /* merges with 10-19 */
	CALL(set(fd, F_SETLK, F_UNLCK, SEEK_SET, 4, 2));   /* splits 0-9 */
	CALL(lseek(fd, 30, SEEK_SET));
	CALL(set(fd, F_SETLK, F_RDLCK, SEEK_CUR, -5, -5)); /* 20-24: inside the read lock */
	query("parent: its own locks are no conflict", F_WRLCK, 0, 0);
	if (!(child = fork()))
		child_sees();
	parent_sees(child);
	interrupted_wait();
	deadlock();
	errors();
	exec_with_locks(argv[0]);
	return 1;
}
