/* Record locks on a pipe, as Linux keeps them on the pipe's inode: both ends are one
 * file; the access mode of the end decides the lock types; another process sees and
 * waits for the locks through either end; a close of any descriptor of the pipe lets
 * the process's POSIX locks go; OFD and flock locks belong to an end's open file
 * description; pipes are files of their own. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "lock_report.h"

static int p[2];

static void child_looks(void)
{
	show("child, write end", p[1], F_GETLK, F_WRLCK);
	show("child, read end", p[0], F_GETLK, F_RDLCK);
	CALL(lock(p[1], F_SETLK, F_WRLCK, SEEK_SET, 0, 10));
	CALL(lock(p[1], F_SETLK, F_WRLCK, SEEK_SET, 10, 10));
	CALL(lock(p[0], F_SETLK, F_RDLCK, SEEK_SET, 0, 10));
}

static void child_waits(void)
{
	CALL(lock(p[1], F_SETLKW, F_WRLCK, SEEK_SET, 0, 10));
	printf("child has the lock\n");
}

static void modes_and_ranges(void)
{
	CALL(lock(p[0], F_SETLK, F_WRLCK, SEEK_SET, 0, 10)); /* a read end: EBADF */
	CALL(lock(p[1], F_SETLK, F_RDLCK, SEEK_SET, 0, 10)); /* a write end: EBADF */
	CALL(lock(p[1], F_SETLK, F_WRLCK, SEEK_SET, 0, 10));
	CALL(lock(p[0], F_SETLK, F_RDLCK, SEEK_SET, 20, 10));
	CALL(lock(p[1], F_SETLK, F_WRLCK, SEEK_END, -1, 1)); /* the size is 0: EINVAL */
	CALL(lock(p[1], F_SETLK, F_WRLCK, SEEK_CUR, 40, 5));
	CALL(lock(p[1], F_SETLK, 7, SEEK_SET, 0, 1));
	show("self", p[1], F_GETLK, F_WRLCK);
}

int main(void)
{
	int q[2];

	CALL(pipe(p));
	modes_and_ranges();
	in_child(child_looks);

	CALL(pipe(q));
	CALL(lock(q[1], F_SETLK, F_WRLCK, SEEK_SET, 0, 10));
	show("another pipe", q[0], F_GETLK, F_RDLCK);

	/* a lock waited for comes when its holder lets it go */
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		child_waits();
		fflush(stdout);
		_exit(0);
	}
	nanosleep(&(struct timespec){ .tv_nsec = 200000000 }, 0);
	printf("parent lets go\n");
	fflush(stdout);
	int r = lock(p[1], F_SETLK, F_UNLCK, SEEK_SET, 0, 0); /* said after the child's lines */
	waitpid(pid, 0, 0);
	printf("the parent's unlock: %d\n", r);

	/* a close of any descriptor of the pipe lets the process's POSIX locks go */
	CALL(lock(p[1], F_SETLK, F_WRLCK, SEEK_SET, 0, 10));
	CALL(close(dup(p[0])));
	in_child(child_looks);

	/* OFD locks: the open file description's, seen from the other end */
	CALL(lock(p[1], F_OFD_SETLK, F_WRLCK, SEEK_SET, 0, 5));
	show("OFD, from the read end", p[0], F_OFD_GETLK, F_RDLCK);
	show("OFD, from the write end", p[1], F_OFD_GETLK, F_WRLCK);
	CALL(lock(p[0], F_OFD_SETLK, F_RDLCK, SEEK_SET, 0, 5));
	CALL(lock(p[1], F_OFD_SETLK, F_UNLCK, SEEK_SET, 0, 5));

	/* flock: an open file description's lock */
	CALL(flock(p[0], LOCK_EX));
	CALL(flock(p[1], LOCK_EX | LOCK_NB));
	CALL(flock(p[0], LOCK_UN));
	CALL(flock(p[1], LOCK_EX | LOCK_NB));
	return 0;
}
