/* Shared by the record-lock programs: take a lock, print what F_GETLK (or F_OFD_GETLK)
 * says of one, run a step in a child. */
#ifndef COMPAT_LOCK_REPORT_H
#define COMPAT_LOCK_REPORT_H

#include <fcntl.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>
#include "report.h"

static inline int lock(int fd, int cmd, short type, short whence, off_t start, off_t len)
{
	struct flock fl = { .l_type = type, .l_whence = whence, .l_start = start, .l_len = len };

	return fcntl(fd, cmd, &fl);
}

/* What cmd (F_GETLK or F_OFD_GETLK) on fd says of a lock of type on the bytes from
 * start; the holder by its relation to us, since pids differ between runs. */
static inline void show_from(const char *who, int fd, int cmd, short type, off_t start)
{
	struct flock fl = { .l_type = type, .l_whence = SEEK_SET, .l_start = start };

	if (fcntl(fd, cmd, &fl)) {
		printf("%s: getlk errno %d\n", who, errno);
		fflush(stdout);
		return;
	}
	printf("%s: type %d whence %d start %ld len %ld pid %s\n", who, fl.l_type, fl.l_whence,
	       (long)fl.l_start, (long)fl.l_len,
	       fl.l_type == F_UNLCK    ? "-"
	       : fl.l_pid == -1	       ? "-1"
	       : fl.l_pid == getppid() ? "the parent"
	       : fl.l_pid == getpid()  ? "self"
				       : "another");
	fflush(stdout);
}

/* The same, of all the bytes. */
static inline void show(const char *who, int fd, int cmd, short type)
{
	show_from(who, fd, cmd, type, 0);
}

/* Run f in a child and wait for it. */
static inline void in_child(void (*f)(void))
{
	fflush(stdout);
	pid_t pid = fork();

	if (pid == 0) {
		f();
		fflush(stdout);
		_exit(0);
	}
	waitpid(pid, 0, 0);
}

#endif
