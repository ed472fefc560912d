/* Locks across an id change (the program runs as root): OFD and flock locks belong to
 * the open file description, which an id change does not touch; so after setresuid the
 * description's locks are still there for another process to meet, a new lock through
 * it replaces the old one instead of meeting it, and they go only with the last close.
 * POSIX locks belong to the process and stay too. (The other process looks as root: the
 * scratch directory is root's.) */
#define _GNU_SOURCE
#include <stdlib.h>
#include <sys/file.h>
#include <sys/stat.h>
#include "lock_report.h"

#define PATH "lockids.file"

static void other_process_looks(void)
{
	int fd = open(PATH, O_RDWR);

	show("other, ofd", fd, F_OFD_GETLK, F_WRLCK);
	show_from("other, posix", fd, F_GETLK, F_WRLCK, 100);
	CALL(flock(fd, LOCK_EX | LOCK_NB));
	close(fd);
}

int main(void)
{
	int fd = CALL(open(PATH, O_RDWR | O_CREAT | O_TRUNC, 0666));

	CALL(fchmod(fd, 0666));
	CALL(lock(fd, F_OFD_SETLK, F_WRLCK, SEEK_SET, 0, 10));
	CALL(lock(fd, F_SETLK, F_WRLCK, SEEK_SET, 100, 10));
	CALL(flock(fd, LOCK_EX));
	CALL(setresuid(1000, 1000, 0));
	CALL(lock(fd, F_OFD_SETLK, F_WRLCK, SEEK_SET, 0, 20)); /* the same owner: replaces */
	show("self, ofd", fd, F_OFD_GETLK, F_WRLCK);
	CALL(flock(fd, LOCK_SH)); /* the same description: converts */
	CALL(seteuid(0));
	in_child(other_process_looks);
	int again = CALL(dup(fd));
	CALL(close(fd));
	in_child(other_process_looks); /* the dup keeps the description and its locks */
	CALL(close(again));
	in_child(other_process_looks); /* the last close: gone */
	CALL(unlink(PATH));
	return 0;
}
