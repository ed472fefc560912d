/* poll and ppoll: what pipes, files and devices are ready for, closed and negative
 * descriptors, timeouts, bad arguments, and waits that a write in another process
 * ends. Timing is never printed, only results. */
#define _GNU_SOURCE /* ppoll, O_PATH */
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/time.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "report.h"

#define BAD ((void *)16)

/* poll of one descriptor for events: the result and revents. */
static void poll_one(const char *what, int fd, short events, int timeout)
{
	struct pollfd p = { .fd = fd, .events = events, .revents = 0x7777 };
	int r = poll(&p, 1, timeout);

	if (r < 0)
		printf("%s: -1 errno %d\n", what, errno);
	else
		printf("%s: %d revents 0x%x\n", what, r, (unsigned short)p.revents);
	fflush(stdout);
}

static void sleep_ms(long ms)
{
	struct timespec t = { .tv_sec = 0, .tv_nsec = ms * 1000000 };

	nanosleep(&t, 0);
}

static void pipes(void)
{
	int p[2];
	char c;

	CALL(pipe(p));
	poll_one("empty pipe, read end", p[0], POLLIN, 0);
	poll_one("empty pipe, write end", p[1], POLLOUT, 0);
	poll_one("empty pipe, read end asked everything", p[0], POLLIN | POLLOUT | POLLPRI, 0);
	poll_one("empty pipe, write end asked everything", p[1], POLLIN | POLLOUT | POLLPRI, 0);
	poll_one("read end asked nothing", p[0], 0, 0);
	poll_one("empty pipe, read end, 30 ms", p[0], POLLIN, 30);
	CALL(write(p[1], "ab", 2));
	poll_one("with data, read end", p[0], POLLIN | POLLRDNORM, 0);
	poll_one("with data, read end, forever", p[0], POLLIN, -1);
	CALL(close(p[1]));
	poll_one("writer gone, data left", p[0], POLLIN, 0);
	CALL(read(p[0], &c, 1));
	CALL(read(p[0], &c, 1));
	poll_one("writer gone, empty", p[0], POLLIN, 0);
	poll_one("writer gone, asked nothing", p[0], 0, -1);
	CALL(close(p[0]));

	CALL(pipe(p));
	CALL(close(p[0]));
	poll_one("reader gone, write end", p[1], POLLOUT, 0);
	poll_one("reader gone, asked nothing", p[1], 0, -1);
	CALL(close(p[1]));
}

static void full(void)
{
	int p[2];
	char block[4096];
	long total = 0;
	ssize_t n;

	memset(block, 'f', sizeof(block));
	CALL(pipe2(p, O_NONBLOCK));
	while ((n = write(p[1], block, sizeof(block))) > 0)
		total += n;
	printf("full after %ld bytes\n", total);
	poll_one("full pipe, write end", p[1], POLLOUT, 0);
	poll_one("full pipe, write end, 20 ms", p[1], POLLOUT, 20);
	poll_one("full pipe, read end", p[0], POLLIN, 0);
	CALL(read(p[0], block, 100));
	poll_one("100 bytes read, write end", p[1], POLLOUT, 0);
	CALL(read(p[0], block, sizeof(block) - 100));
	poll_one("a page read, write end", p[1], POLLOUT | POLLWRNORM, 0);
	CALL(close(p[0]));
	CALL(close(p[1]));
}

static void files(void)
{
	int f = open("poll-data", O_CREAT | O_RDWR | O_TRUNC, 0644);
	int dir = open(".", O_RDONLY | O_DIRECTORY);
	int null = open("/dev/null", O_RDWR);
	int path = open("poll-data", O_PATH);
	short all = POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM | POLLPRI;

	poll_one("regular file", f, all, 0);
	poll_one("regular file, forever", f, POLLIN, -1);
	poll_one("regular file asked nothing, 30 ms", f, 0, 30);
	poll_one("regular file asked POLLPRI, 30 ms", f, POLLPRI, 30);
	poll_one("directory", dir, all, 0);
	poll_one("/dev/null", null, all, 0);
	poll_one("O_PATH descriptor", path, all, 0);
	close(path);
	close(null);
	close(dir);
	close(f);
	unlink("poll-data");
}

static void bad(void)
{
	int p[2];
	struct pollfd fds[3];
	struct rlimit was, low = { .rlim_cur = 8 };

	CALL(pipe(p));
	poll_one("closed descriptor", 99, POLLIN, 0);
	poll_one("closed descriptor, forever", 99, POLLIN, -1);
	fds[0] = (struct pollfd){ .fd = -1, .events = POLLIN, .revents = 0x11 };
	fds[1] = (struct pollfd){ .fd = p[1], .events = POLLOUT, .revents = 0x22 };
	fds[2] = (struct pollfd){ .fd = -5, .events = POLLOUT, .revents = 0x33 };
	CALL(poll(fds, 3, 0));
	printf("negative descriptors: revents 0x%x 0x%x 0x%x\n", fds[0].revents, fds[1].revents,
	       fds[2].revents);
	CALL(syscall(SYS_poll, BAD, 1, 0));
	CALL(syscall(SYS_poll, BAD, 0, 0));
	CALL(poll(0, 0, 10));

	struct pollfd *ro =
		mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ro[0] = (struct pollfd){ .fd = p[1], .events = POLLOUT };
	CALL(mprotect(ro, 4096, PROT_READ));
	CALL(poll(ro, 1, 0));
	munmap(ro, 4096);

	getrlimit(RLIMIT_NOFILE, &was);
	low.rlim_max = was.rlim_max;
	CALL(setrlimit(RLIMIT_NOFILE, &low));
	struct pollfd many[9];
	for (int i = 0; i < 9; i++)
		many[i] = (struct pollfd){ .fd = p[1], .events = POLLOUT };
	CALL(poll(many, 8, 0));
	CALL(poll(many, 9, 0));
	CALL(setrlimit(RLIMIT_NOFILE, &was));
	close(p[0]);
	close(p[1]);
}

static void ppolls(void)
{
	int p[2];
	struct pollfd fd;
	struct timespec ts;
	sigset_t mask;

	CALL(pipe(p));
	fd = (struct pollfd){ .fd = p[1], .events = POLLOUT };
	CALL(ppoll(&fd, 1, 0, 0));
	ts = (struct timespec){ .tv_sec = 0, .tv_nsec = 1000000000 };
	CALL(ppoll(&fd, 1, &ts, 0));
	ts = (struct timespec){ .tv_sec = -1, .tv_nsec = 0 };
	CALL(ppoll(&fd, 1, &ts, 0));
	fd = (struct pollfd){ .fd = p[0], .events = POLLIN };
	ts = (struct timespec){ .tv_sec = 0, .tv_nsec = 20000000 };
	CALL(syscall(SYS_ppoll, &fd, 1, &ts, 0, 8));
	printf("time left after the timeout: %ld.%09ld\n", (long)ts.tv_sec, ts.tv_nsec);
	ts = (struct timespec){ 0 };
	CALL(syscall(SYS_ppoll, &fd, 1, &ts, 0, 8));
	sigemptyset(&mask);
	sigaddset(&mask, SIGUSR1);
	ts = (struct timespec){ .tv_sec = 0, .tv_nsec = 10000000 };
	CALL(ppoll(&fd, 1, &ts, &mask));
	CALL(syscall(SYS_ppoll, &fd, 1, &ts, &mask, 4));
	CALL(syscall(SYS_ppoll, &fd, 1, &ts, BAD, 8));
	CALL(syscall(SYS_ppoll, &fd, 1, BAD, 0, 8));
	sigprocmask(SIG_SETMASK, 0, &mask);
	printf("SIGUSR1 blocked after ppoll: %d\n", sigismember(&mask, SIGUSR1));
	close(p[0]);
	close(p[1]);
}

static void show_status(const char *who, int st)
{
	if (WIFEXITED(st))
		printf("%s exited with %d\n", who, WEXITSTATUS(st));
	else
		printf("%s killed by signal %d\n", who, WTERMSIG(st));
}

/* A child that writes, or closes its end, after a while wakes a parent waiting in poll. */
static void woken(void)
{
	int p[2], st;
	struct pollfd fds[2];
	char c;

	CALL(pipe(p));
	fflush(stdout);
	if (fork() == 0) {
		sleep_ms(100);
		write(p[1], "w", 1);
		sleep_ms(100);
		_exit(0);
	}
	fds[0] = (struct pollfd){ .fd = p[0], .events = POLLIN };
	CALL(poll(fds, 1, -1));
	printf("woken by a write: revents 0x%x\n", fds[0].revents);
	CALL(read(p[0], &c, 1));
	CALL(close(p[1]));
	CALL(poll(fds, 1, 10000));
	printf("woken by the writer's exit: revents 0x%x\n", fds[0].revents);
	wait(&st);
	show_status("the writer", st);
	close(p[0]);

	/* Two pipes, the second written: only it is ready. */
	int q[2];
	CALL(pipe(p));
	CALL(pipe(q));
	fflush(stdout);
	if (fork() == 0) {
		sleep_ms(50);
		write(q[1], "q", 1);
		_exit(0);
	}
	fds[0] = (struct pollfd){ .fd = p[0], .events = POLLIN };
	fds[1] = (struct pollfd){ .fd = q[0], .events = POLLIN };
	CALL(poll(fds, 2, 10000));
	printf("two pipes: revents 0x%x 0x%x\n", fds[0].revents, fds[1].revents);
	wait(&st);
	show_status("the second writer", st);

	/* A reader that goes makes a waiting writer's end ready (in error). The child holds
	 * the read end until the gate's write end closes. */
	char block[4096] = { 0 };
	int gate[2];
	fcntl(p[1], F_SETFL, O_NONBLOCK);
	while (write(p[1], block, sizeof(block)) > 0)
		;
	CALL(pipe(gate));
	fflush(stdout);
	if (fork() == 0) {
		close(gate[1]);
		read(gate[0], &c, 1);
		_exit(0);
	}
	CALL(close(gate[0]));
	CALL(close(p[0]));
	fds[0] = (struct pollfd){ .fd = p[1], .events = POLLOUT };
	CALL(poll(fds, 1, 20));
	printf("full, reader still there: revents 0x%x\n", fds[0].revents);
	CALL(close(gate[1]));
	CALL(poll(fds, 1, 10000));
	printf("full, reader gone: revents 0x%x\n", fds[0].revents);
	wait(&st);
	close(p[1]);
	close(q[0]);
	close(q[1]);
}

/* Two processes wait on one pipe; one write wakes both. */
static void two_waiters(void)
{
	int p[2], st;

	CALL(pipe(p));
	fflush(stdout);
	for (int i = 0; i < 2; i++)
		if (fork() == 0) {
			struct pollfd fd = { .fd = p[0], .events = POLLIN };
			int r = poll(&fd, 1, 10000);
			/* one exit at a time: the process server may take the death of a task
			 * that exits beside another for a crash (SIGSEGV) */
			sleep_ms(300 * i);
			_exit(r == 1 && fd.revents == POLLIN ? 0 : 1);
		}
	sleep_ms(100);
	CALL(write(p[1], "x", 1));
	for (int i = 0; i < 2; i++) {
		wait(&st);
		show_status("a waiter", st);
	}
	close(p[0]);
	close(p[1]);
}

static volatile int handled;

static void on_alarm(int sig)
{
	(void)sig;
	handled++;
}

/* SIGALRM in ms milliseconds. */
static void alarm_ms(long ms)
{
	struct itimerval t = { .it_value = { .tv_sec = 0, .tv_usec = ms * 1000 } };

	setitimer(ITIMER_REAL, &t, 0);
}

/* A signal with a handler ends a wait with EINTR, SA_RESTART or not, as Linux never
 * restarts poll and select after a handler; ppoll's mask lets a blocked signal in for
 * the call only; a signal nobody catches does not end the wait. */
static void interrupted(void)
{
	int p[2], st;
	struct pollfd fd;
	struct sigaction sa = { .sa_handler = on_alarm };
	sigset_t alrm, none, now;
	fd_set r;

	CALL(pipe(p));
	fd = (struct pollfd){ .fd = p[0], .events = POLLIN };
	sigaction(SIGALRM, &sa, 0);
	alarm_ms(100);
	CALL(poll(&fd, 1, -1));
	sa.sa_flags = SA_RESTART;
	sigaction(SIGALRM, &sa, 0);
	alarm_ms(100);
	CALL(poll(&fd, 1, 10000));
	FD_ZERO(&r);
	FD_SET(p[0], &r);
	alarm_ms(100);
	CALL(select(p[0] + 1, &r, 0, 0, 0));
	sigemptyset(&alrm);
	sigaddset(&alrm, SIGALRM);
	sigemptyset(&none);
	sigprocmask(SIG_BLOCK, &alrm, 0);
	alarm_ms(100);
	CALL(ppoll(&fd, 1, 0, &none));
	sigprocmask(SIG_SETMASK, 0, &now);
	printf("SIGALRM blocked again after ppoll: %d\n", sigismember(&now, SIGALRM));
	alarm_ms(100);
	CALL(pselect(p[0] + 1, &r, 0, 0, 0, &none));
	sigprocmask(SIG_UNBLOCK, &alrm, 0);
	printf("handler ran %d times\n", handled);
	signal(SIGALRM, SIG_DFL);
	fflush(stdout);
	if (fork() == 0)
		_exit(0); /* its SIGCHLD is ignored: the wait goes on */
	CALL(poll(&fd, 1, 300));
	wait(&st);
	close(p[0]);
	close(p[1]);
}

/* Many waits that time out leave their wakes with the pipe's server; it must go on. */
static void many_timeouts(void)
{
	int p[2], zeros = 0;
	struct pollfd fd;

	CALL(pipe(p));
	fd = (struct pollfd){ .fd = p[0], .events = POLLIN };
	for (int i = 0; i < 300; i++)
		zeros += poll(&fd, 1, 1) == 0;
	printf("300 waits of 1 ms on an empty pipe: %d timed out\n", zeros);
	CALL(write(p[1], "z", 1));
	CALL(poll(&fd, 1, -1));
	close(p[0]);
	close(p[1]);
}

int main(void)
{
	pipes();
	full();
	files();
	bad();
	ppolls();
	woken();
	two_waiters();
	many_timeouts();
	interrupted();
	return 0;
}
