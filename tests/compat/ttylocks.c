/* Record locks on terminals, as Linux keeps them on the inode of the device node a
 * terminal was opened through: a pseudo-terminal's slave is one file for every open of
 * /dev/pts/N, its size is 0 (SEEK_END), the access mode of the open decides the lock
 * types; another process sees the locks, is refused or waits for them; a close of any
 * descriptor of the slave, or the end of the process, lets the process's POSIX locks
 * go; OFD and flock locks belong to an open file description; every master opened
 * through /dev/ptmx is one file, and each pair's slave a file of its own. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/file.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>
#include "lock_report.h"

static int master, slave;
static char slave_path[64];
static int step[2]; /* the child's word to the parent: one byte each step */

/* Another open of the first pair's slave, with mode. */
static int open_slave(int mode)
{
	return open(slave_path, mode | O_NOCTTY);
}

/* A new pair: its master, or -1; its slave open in *s, its path in path. */
static int open_pair(int *s, char path[64])
{
	int m = posix_openpt(O_RDWR | O_NOCTTY);

	if (m < 0 || grantpt(m) || unlockpt(m) || ptsname_r(m, path, 64))
		return -1;
	*s = open(path, O_RDWR | O_NOCTTY);
	return *s < 0 ? -1 : m;
}

static void modes_and_ranges(void)
{
	int rd = open_slave(O_RDONLY), wr = open_slave(O_WRONLY);

	CALL(lock(rd, F_SETLK, F_WRLCK, SEEK_SET, 0, 10)); /* read only: EBADF */
	CALL(lock(wr, F_SETLK, F_RDLCK, SEEK_SET, 0, 10)); /* write only: EBADF */
	CALL(lock(rd, F_SETLK, F_RDLCK, SEEK_SET, 100, 10));
	CALL(lock(wr, F_SETLK, F_WRLCK, SEEK_SET, 200, 10));
	CALL(lock(slave, F_SETLK, F_WRLCK, SEEK_SET, 0, 10));
	CALL(lock(slave, F_SETLK, F_RDLCK, SEEK_SET, 20, 10));
	CALL(lock(slave, F_SETLK, F_WRLCK, SEEK_END, -1, 1)); /* the size is 0: EINVAL */
	CALL(lock(slave, F_SETLK, F_WRLCK, SEEK_END, 40, 5));
	CALL(lock(slave, F_SETLK, F_WRLCK, SEEK_CUR, 50, 5)); /* no position: from 0 */
	CALL(lock(slave, F_SETLK, F_WRLCK, SEEK_SET, -5, 5));
	CALL(lock(slave, F_SETLK, 7, SEEK_SET, 0, 1));
	CALL(lock(slave, F_SETLK, F_WRLCK, 9, 0, 1));
	CALL(fcntl(slave, F_SETLK, (struct flock *)0)); /* EFAULT */
	show("self, a lock of its own", slave, F_GETLK, F_WRLCK);
	CALL(lock(master, F_SETLK, F_RDLCK, SEEK_SET, 0, 1));
	CALL(lock(master, F_SETLK, F_WRLCK, SEEK_SET, 10, 1));
	close(rd); /* the locks of this process on the slave go here */
	close(wr);
}

static void errors(void)
{
	int fd = open_slave(O_RDWR);
	struct flock fl = { .l_type = F_RDLCK, .l_whence = SEEK_SET, .l_pid = 1 };

	CALL(close(fd));
	CALL(lock(fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 1)); /* EBADF */
	CALL(lock(fd, F_GETLK, F_WRLCK, SEEK_SET, 0, 1));
	CALL(lock(-1, F_OFD_SETLK, F_WRLCK, SEEK_SET, 0, 1));
	CALL(flock(fd, LOCK_EX));
	CALL(flock(slave, 0)); /* EINVAL */
	CALL(flock(slave, LOCK_SH | LOCK_EX));
	CALL(fcntl(slave, F_OFD_SETLK, &fl)); /* an OFD lock's l_pid must be 0: EINVAL */
	CALL(lock(slave, F_GETLK, F_UNLCK, SEEK_SET, 0, 1)); /* EINVAL */
	CALL(lock(slave, F_OFD_GETLK, 7, SEEK_SET, 0, 1));
}

static void child_looks(void)
{
	char path[64];
	int again = open_slave(O_RDWR), other_slave, other_master = open_pair(&other_slave, path);

	show("child, the slave", slave, F_GETLK, F_WRLCK);
	show("child, the slave opened again", again, F_GETLK, F_RDLCK);
	show_from("child, from byte 10", slave, F_GETLK, F_WRLCK, 10);
	show("child, the master", master, F_GETLK, F_WRLCK);
	show("child, another pair's master", other_master, F_GETLK, F_WRLCK);
	show("child, another pair's slave", other_slave, F_GETLK, F_WRLCK);
	CALL(lock(slave, F_SETLK, F_WRLCK, SEEK_SET, 0, 10));	     /* EAGAIN */
	CALL(lock(again, F_SETLK, F_RDLCK, SEEK_SET, 5, 1));	     /* EAGAIN */
	CALL(lock(again, F_SETLK, F_RDLCK, SEEK_SET, 20, 10));	     /* shared */
	CALL(lock(again, F_SETLK, F_WRLCK, SEEK_SET, 10, 10));	     /* between */
	CALL(lock(master, F_SETLK, F_RDLCK, SEEK_SET, 0, 1));	     /* shared */
	CALL(lock(other_master, F_SETLK, F_WRLCK, SEEK_SET, 10, 1)); /* EAGAIN */
	CALL(lock(other_slave, F_SETLK, F_WRLCK, SEEK_SET, 0, 10));
}

/* The child waits for the parent's lock on bytes 0..9; the parent sees it has not got
 * it while the lock is held, and has it once the lock goes. */
static void wait_for_unlock(void)
{
	char c = 0;

	CALL(pipe(step));
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		write(step[1], "w", 1);
		c = lock(slave, F_SETLKW, F_WRLCK, SEEK_SET, 0, 10) ? 'e' : 'l';
		write(step[1], &c, 1);
		_exit(0);
	}
	CALL(read(step[0], &c, 1));
	CALL(fcntl(step[0], F_SETFL, O_NONBLOCK));
	CALL(read(step[0], &c, 1)); /* EAGAIN: the lock is still held */
	CALL(fcntl(step[0], F_SETFL, 0));
	CALL(lock(slave, F_SETLK, F_UNLCK, SEEK_SET, 0, 0));
	CALL(read(step[0], &c, 1));
	printf("the child's F_SETLKW: %s\n", c == 'l' ? "locked" : "failed");
	waitpid(pid, 0, 0);
	close(step[0]);
	close(step[1]);
}

static void on_alarm(int sig)
{
	(void)sig;
}

/* A wait for a lock that stays held ends with EINTR for a signal without SA_RESTART. */
static void child_interrupted(void)
{
	struct sigaction sa = { .sa_handler = on_alarm };
	struct itimerval soon = { .it_value = { .tv_usec = 100000 } };

	sigaction(SIGALRM, &sa, 0);
	setitimer(ITIMER_REAL, &soon, 0);
	CALL(lock(slave, F_SETLKW, F_WRLCK, SEEK_SET, 0, 10));
	CALL(flock(open_slave(O_RDWR), LOCK_EX)); /* a description of its own */
}

/* A child that locks and ends. */
static void child_locks(void)
{
	CALL(lock(slave, F_SETLK, F_WRLCK, SEEK_SET, 0, 0));
}

static void closes_and_exits(void)
{
	int again = open_slave(O_RDWR);

	/* a close of any descriptor of the slave, another open's too, lets them go */
	CALL(lock(slave, F_SETLK, F_WRLCK, SEEK_SET, 0, 10));
	CALL(close(dup(master))); /* another file: they stay */
	in_child(child_looks);
	CALL(close(again));
	in_child(child_looks);

	/* so does the end of the process that held them */
	in_child(child_locks);
	CALL(lock(slave, F_SETLK, F_WRLCK, SEEK_SET, 0, 0));
	CALL(lock(slave, F_SETLK, F_UNLCK, SEEK_SET, 0, 0));
}

static void ofd_locks(void)
{
	int a = open_slave(O_RDWR), b = open_slave(O_RDWR);

	CALL(lock(a, F_OFD_SETLK, F_WRLCK, SEEK_SET, 0, 5));
	show("OFD, from its own open", a, F_OFD_GETLK, F_WRLCK);
	show("OFD, from another open", b, F_OFD_GETLK, F_RDLCK);
	show("OFD, a POSIX look of the same process", slave, F_GETLK, F_RDLCK);
	CALL(lock(b, F_OFD_SETLK, F_RDLCK, SEEK_SET, 4, 1)); /* EAGAIN */
	CALL(lock(slave, F_SETLK, F_RDLCK, SEEK_SET, 0, 1)); /* EAGAIN */
	CALL(lock(b, F_OFD_SETLK, F_RDLCK, SEEK_SET, 5, 1));
	CALL(lock(master, F_OFD_SETLK, F_WRLCK, SEEK_SET, 0, 5)); /* another file */
	CALL(close(a));						  /* its locks go */
	CALL(lock(b, F_OFD_SETLK, F_WRLCK, SEEK_SET, 0, 5));
	CALL(lock(master, F_OFD_SETLK, F_UNLCK, SEEK_SET, 0, 0));
	CALL(close(b));
}

static void flock_locks(void)
{
	int a = open_slave(O_RDWR), b = open_slave(O_RDONLY), a2 = dup(a), m2, s2;
	char path[64];

	CALL(flock(a, LOCK_EX));
	CALL(flock(b, LOCK_EX | LOCK_NB));	/* EAGAIN */
	CALL(flock(b, LOCK_SH | LOCK_NB));	/* EAGAIN */
	CALL(flock(a2, LOCK_EX | LOCK_NB));	/* the same description */
	CALL(flock(master, LOCK_EX | LOCK_NB)); /* another file */
	m2 = open_pair(&s2, path);
	CALL(flock(m2, LOCK_SH | LOCK_NB)); /* EAGAIN: the masters are one file */
	CALL(flock(s2, LOCK_SH | LOCK_NB)); /* another pair's slave is not */
	in_child(child_interrupted);
	CALL(close(a));
	CALL(flock(b, LOCK_SH | LOCK_NB)); /* EAGAIN: a2 keeps it */
	CALL(close(a2));
	CALL(flock(b, LOCK_SH | LOCK_NB));
	CALL(flock(b, LOCK_UN));
	CALL(flock(master, LOCK_UN));
	CALL(flock(m2, LOCK_SH | LOCK_NB));
	close(m2);
	close(s2);
	close(b);
}

int main(void)
{
	if ((master = open_pair(&slave, slave_path)) < 0) {
		printf("no pseudo-terminal\n");
		return 1;
	}
	modes_and_ranges();
	show("closes of other opens let them go: an OFD look", slave, F_OFD_GETLK, F_WRLCK);
	errors();
	CALL(lock(slave, F_SETLK, F_WRLCK, SEEK_SET, 0, 10));
	CALL(lock(slave, F_SETLK, F_RDLCK, SEEK_SET, 20, 10));
	CALL(lock(master, F_SETLK, F_WRLCK, SEEK_SET, 10, 1));
	in_child(child_looks);
	in_child(child_interrupted);
	wait_for_unlock();
	closes_and_exits();
	ofd_locks();
	flock_locks();
	return 0;
}
