/* flock(2) and OFD locks (F_OFD_SETLK, F_OFD_SETLKW, F_OFD_GETLK), whose owner is the
 * open file description: shared and exclusive, conversions, LOCK_NB, descriptions
 * shared over fork and dup against separate opens, the last close letting go, a wait
 * woken by the unlock or restarted after a signal (SA_RESTART), their independence of
 * flock and POSIX locks, and locks let go at once by a last close, an exit, a kill. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "report.h"
#include "steps.h"

static int go[2], done[2]; /* parent to child, child to parent: one byte each step */

static int lock(int f, int cmd, int type, long start, long len, int pid)
{
	struct flock fl = {
		.l_type = type, .l_whence = SEEK_SET, .l_start = start, .l_len = len, .l_pid = pid
	};

	return fcntl(f, cmd, &fl);
}

/* F_OFD_GETLK (or F_GETLK) for a write lock on start+len through f. */
static void query(const char *what, int f, int cmd, long start, long len)
{
	struct flock fl = {
		.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = start, .l_len = len
	};
	int r = fcntl(f, cmd, &fl);

	if (r < 0)
		report(what, r);
	else if (fl.l_type == F_UNLCK)
		printf("%s: free\n", what);
	else
		printf("%s: %s lock at %ld length %ld pid %s\n", what,
		       fl.l_type == F_RDLCK ? "read" : "write", (long)fl.l_start, (long)fl.l_len,
		       fl.l_pid == -1	      ? "-1"
		       : fl.l_pid == getpid() ? "mine"
					      : "another");
}

static void flock_basics(void)
{
	int a = CALL(open("flocked", O_CREAT | O_RDWR | O_TRUNC, 0644));
	int b = CALL(open("flocked", O_RDONLY));

	CALL(flock(a, LOCK_SH));
	CALL(flock(b, LOCK_SH | LOCK_NB));
	CALL(flock(b, LOCK_EX | LOCK_NB)); /* refused, and b's shared lock is gone */
	CALL(flock(a, LOCK_EX | LOCK_NB)); /* so a alone can have it */
	CALL(flock(b, LOCK_SH | LOCK_NB));
	CALL(flock(a, LOCK_EX));		  /* held already */
	CALL(lock(b, F_SETLK, F_RDLCK, 0, 0, 0)); /* POSIX locks do not see flock's */
	CALL(lock(b, F_SETLK, F_UNLCK, 0, 0, 0));
	pid_t child = fork();
	if (!child) {
		/* a is the same description here: its lock is ours too */
		printf("child: flock(a, LOCK_EX | LOCK_NB) = %d\n", flock(a, LOCK_EX | LOCK_NB));
		int c = open("flocked", O_RDONLY);
		printf("child: flock(c, LOCK_SH | LOCK_NB) = %d errno %d\n",
		       flock(c, LOCK_SH | LOCK_NB), errno);
		close(a); /* the parent's descriptors hold the description now */
		signal_to(done);
		_exit(flock(c, LOCK_SH) ? 1 : 0); /* waits; said by the exit, in order */
	}
	await(done);
	pause_ms(200); /* the child waits by now, or soon */
	int d = CALL(dup(a));
	CALL(close(a)); /* d still holds the description, and the lock */
	CALL(flock(b, LOCK_SH | LOCK_NB));
	CALL(close(d)); /* the last descriptor: the lock goes, the child gets its own */
	printf("child exit %d\n", reap(child));
	CALL(flock(b, LOCK_EX | LOCK_NB)); /* the child's lock went as it ended */
	CALL(flock(b, LOCK_UN));
	CALL(flock(b, LOCK_UN | LOCK_NB));
	CALL(flock(b, LOCK_SH | LOCK_EX));
	CALL(flock(b, 0));
	CALL(flock(99, LOCK_SH));
	CALL(close(b));
}

static void on_alarm(int sig)
{
	(void)sig;
}

/* A child holds an exclusive flock; the parent's wait, interrupted by SIGALRM with
 * SA_RESTART, goes on and ends when the child lets go. Without SA_RESTART: EINTR. */
static void flock_signals(void)
{
	struct sigaction sa = { .sa_handler = on_alarm, .sa_flags = SA_RESTART };
	struct itimerval it = { .it_value = { .tv_usec = 100000 } };
	int f = open("flocked", O_RDWR);
	pid_t child = fork();

	if (!child) {
		int own = open("flocked", O_RDWR);
		flock(own, LOCK_EX);
		signal_to(done);
		await(go);
		pause_ms(300);
		_exit(0); /* the lock goes with the last descriptor */
	}
	await(done);
	sigaction(SIGALRM, &sa, 0);
	setitimer(ITIMER_REAL, &it, 0);
	signal_to(go);
	CALL(flock(f, LOCK_EX)); /* restarted after the alarm */
	printf("child exit %d\n", reap(child));
	CALL(flock(f, LOCK_UN));
	child = fork();
	if (!child) {
		int own = open("flocked", O_RDWR);
		flock(own, LOCK_SH);
		signal_to(done);
		await(go);
		_exit(0);
	}
	await(done);
	sa.sa_flags = 0;
	sigaction(SIGALRM, &sa, 0);
	setitimer(ITIMER_REAL, &it, 0);
	CALL(flock(f, LOCK_EX));
	signal_to(go);
	printf("child exit %d\n", reap(child));
	CALL(close(f));
}

/* OFD locks: two descriptions of one process conflict; POSIX locks of the same process
 * conflict with them too; closing another descriptor of the file leaves them. */
static void ofd_locks(void)
{
	int a = CALL(open("ofd", O_CREAT | O_RDWR | O_TRUNC, 0644));
	int b = CALL(open("ofd", O_RDWR));
	int c = CALL(open("ofd", O_RDONLY));

	CALL(lock(a, F_OFD_SETLK, F_WRLCK, 0, 10, 0));
	CALL(lock(b, F_OFD_SETLK, F_RDLCK, 5, 1, 0));
	query("b: OFD write at 0", b, F_OFD_GETLK, 0, 0);
	query("b: POSIX write at 0", b, F_GETLK, 0, 0);
	CALL(lock(b, F_SETLK, F_WRLCK, 9, 2, 0));
	CALL(lock(b, F_SETLK, F_WRLCK, 10, 2, 0));
	query("a: OFD write at 0", a, F_OFD_GETLK, 0, 0);
	CALL(lock(a, F_OFD_SETLK, F_RDLCK, 0, 5, 0)); /* a downgrade of 0-4 */
	CALL(lock(b, F_OFD_SETLK, F_RDLCK, 0, 5, 0));
	CALL(close(c)); /* POSIX locks of this process go, OFD ones stay */
	query("b: OFD write at 0 after a close", b, F_OFD_GETLK, 0, 0);
	query("a: OFD write at 10", a, F_OFD_GETLK, 10, 5);
	CALL(lock(a, F_OFD_SETLK, F_RDLCK, 0, 1, 1));
	CALL(lock(a, F_OFD_GETLK, F_RDLCK, 0, 1, 1));
	pid_t child = fork();
	if (!child) {
		int own = open("ofd", O_RDWR);
		signal_to(done);
		_exit(lock(own, F_OFD_SETLKW, F_WRLCK, 0, 1, 0) ? 1 : 0); /* waits */
	}
	await(done);
	pause_ms(200);
	CALL(lock(a, F_OFD_SETLK, F_UNLCK, 0, 0, 0));
	CALL(lock(b, F_OFD_SETLK, F_UNLCK, 0, 0, 0));
	printf("child exit %d\n", reap(child));
	CALL(lock(a, F_OFD_SETLK, F_WRLCK, 0, 0, 0)); /* the child's went as it ended */
	CALL(close(a));
	CALL(lock(b, F_OFD_SETLK, F_WRLCK, 0, 0, 0)); /* a's went with a's last close */
	CALL(close(b));
}

/* A child holding a POSIX lock is killed: the lock goes with it. */
static void killed_holder(void)
{
	int f = CALL(open("ofd", O_RDWR));
	pid_t child = fork();

	if (!child) {
		lock(f, F_SETLK, F_WRLCK, 0, 0, 0);
		signal_to(done);
		for (;;)
			pause();
	}
	await(done);
	CALL(lock(f, F_SETLK, F_WRLCK, 0, 1, 0));
	kill(child, SIGKILL);
	printf("child exit %d\n", reap(child));
	CALL(lock(f, F_SETLK, F_WRLCK, 0, 1, 0)); /* free as soon as the child is reaped */
	CALL(close(f));
}

int main(void)
{
	setvbuf(stdout, 0, _IOLBF, 0); /* nothing buffered is copied by fork */
	if (pipe(go) || pipe(done))
		return 1;
	flock_basics();
	flock_signals();
	ofd_locks();
	killed_holder();
	return 0;
}
