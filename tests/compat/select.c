/* select and pselect: the three sets over pipes and files, counts of ready bits,
 * closed descriptors, timeouts and the time left, bad arguments, and a wait that a
 * write in another process ends. Timing is never printed, only results. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/select.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "report.h"

#define BAD ((void *)16)

/* The descriptors below 16 that a set holds. */
static void show(const char *what, const fd_set *s)
{
	printf("  %s:", what);
	for (int fd = 0; fd < 16; fd++)
		if (FD_ISSET(fd, s))
			printf(" %d", fd);
	printf("\n");
	fflush(stdout);
}

static void show_all(const fd_set *r, const fd_set *w, const fd_set *e)
{
	show("readable", r);
	show("writable", w);
	show("exceptional", e);
}

static void sleep_ms(long ms)
{
	struct timespec t = { .tv_sec = 0, .tv_nsec = ms * 1000000 };

	nanosleep(&t, 0);
}

/* Each descriptor of fds in all three sets, with no wait. */
static void select_each(const int *fds, int n)
{
	fd_set r, w, e;
	struct timeval tv = { 0, 0 };
	int top = 0;

	FD_ZERO(&r);
	FD_ZERO(&w);
	FD_ZERO(&e);
	for (int i = 0; i < n; i++) {
		FD_SET(fds[i], &r);
		FD_SET(fds[i], &w);
		FD_SET(fds[i], &e);
		top = fds[i] + 1 > top ? fds[i] + 1 : top;
	}
	CALL(select(top, &r, &w, &e, &tv));
	show_all(&r, &w, &e);
}

static void pipes(void)
{
	int p[2], q[2];
	char c;

	CALL(pipe(p));
	CALL(pipe(q));
	int all[] = { p[0], p[1], q[0], q[1] };
	select_each(all, 4);
	CALL(write(p[1], "a", 1));
	select_each(all, 4);
	CALL(write(q[1], "b", 1));
	select_each(all, 4);
	CALL(read(p[0], &c, 1));
	CALL(close(q[1]));
	int three[] = { p[0], p[1], q[0] };
	select_each(three, 3);
	CALL(read(q[0], &c, 1));
	select_each(three, 3);
	CALL(close(p[0]));
	int writer[] = { p[1] };
	select_each(writer, 1);
	close(p[1]);
	close(q[0]);
}

static void files(void)
{
	int f = open("select-data", O_CREAT | O_RDWR | O_TRUNC, 0644);
	int null = open("/dev/null", O_RDWR);
	int path = open("select-data", O_PATH);
	int all[] = { f, null };

	select_each(all, 2);
	fd_set r, e;
	struct timeval tv = { 0, 20000 };
	FD_ZERO(&e);
	FD_SET(f, &e);
	CALL(select(f + 1, 0, 0, &e, &tv));
	show("regular file exceptional", &e);
	tv = (struct timeval){ 0, 20000 };
	FD_ZERO(&r);
	FD_SET(path, &r);
	CALL(select(path + 1, &r, 0, 0, &tv));
	show("O_PATH readable", &r);
	close(path);
	close(null);
	close(f);
	unlink("select-data");
}

static void timeouts(void)
{
	int p[2];
	fd_set r;
	struct timeval tv;
	struct timespec ts;

	CALL(pipe(p));
	FD_ZERO(&r);
	FD_SET(p[0], &r);
	tv = (struct timeval){ 0, 30000 };
	CALL(syscall(SYS_select, p[0] + 1, &r, 0, 0, &tv));
	printf("time left: %ld.%06ld\n", (long)tv.tv_sec, (long)tv.tv_usec);
	show("readable", &r);
	FD_SET(p[0], &r);
	tv = (struct timeval){ 0, 0 };
	CALL(syscall(SYS_select, p[0] + 1, &r, 0, 0, &tv));
	tv = (struct timeval){ 0, -1 };
	CALL(syscall(SYS_select, p[0] + 1, &r, 0, 0, &tv));
	tv = (struct timeval){ -1, 0 };
	CALL(syscall(SYS_select, p[0] + 1, &r, 0, 0, &tv));
	FD_SET(p[1], &r);
	tv = (struct timeval){ 0, 1500000 }; /* more than a second of microseconds */
	CALL(syscall(SYS_select, p[1] + 1, 0, &r, 0, &tv));
	tv = (struct timeval){ 1, -1000000 };
	CALL(syscall(SYS_select, p[1] + 1, 0, &r, 0, &tv));
	CALL(syscall(SYS_select, 0, 0, 0, 0, &(struct timeval){ 0, 10000 }));

	FD_ZERO(&r);
	FD_SET(p[0], &r);
	ts = (struct timespec){ 0, 20000000 };
	CALL(syscall(SYS_pselect6, p[0] + 1, &r, 0, 0, &ts, 0));
	printf("pselect6 time left: %ld.%09ld\n", (long)ts.tv_sec, ts.tv_nsec);
	ts = (struct timespec){ 0, 1000000000 };
	CALL(syscall(SYS_pselect6, p[0] + 1, &r, 0, 0, &ts, 0));
	close(p[0]);
	close(p[1]);
}

static void bad(void)
{
	int p[2];
	fd_set r, w;
	struct timeval tv = { 0, 0 };

	CALL(pipe(p));
	FD_ZERO(&r);
	FD_SET(p[0], &r);
	FD_SET(9, &r);
	CALL(select(10, &r, 0, 0, &tv));
	show("readable after EBADF", &r);
	FD_ZERO(&w);
	FD_SET(p[1], &w);
	FD_SET(12, &w); /* past nfds: not looked at, and cleared */
	CALL(select(p[1] + 1, 0, &w, 0, &tv));
	show("writable", &w);
	CALL(syscall(SYS_select, -1, 0, 0, 0, &tv));
	CALL(syscall(SYS_select, p[1] + 1, BAD, 0, 0, &tv));
	CALL(syscall(SYS_select, p[1] + 1, 0, 0, 0, BAD));
	CALL(syscall(SYS_select, 0, BAD, BAD, BAD, &tv));
	close(p[0]);
	close(p[1]);
}

static void pselects(void)
{
	int p[2];
	fd_set w;
	sigset_t mask;
	struct timespec ts = { 0, 0 };
	struct {
		const sigset_t *set;
		size_t size;
	} pack;

	CALL(pipe(p));
	sigemptyset(&mask);
	sigaddset(&mask, SIGUSR2);
	FD_ZERO(&w);
	FD_SET(p[1], &w);
	CALL(pselect(p[1] + 1, 0, &w, 0, &ts, &mask));
	show("writable", &w);
	pack.set = &mask;
	pack.size = 4;
	CALL(syscall(SYS_pselect6, p[1] + 1, 0, &w, 0, &ts, &pack));
	pack.size = 8;
	CALL(syscall(SYS_pselect6, p[1] + 1, 0, &w, 0, &ts, &pack));
	pack.set = BAD;
	CALL(syscall(SYS_pselect6, p[1] + 1, 0, &w, 0, &ts, &pack));
	CALL(syscall(SYS_pselect6, p[1] + 1, 0, &w, 0, &ts, BAD));
	CALL(syscall(SYS_pselect6, p[1] + 1, 0, &w, 0, BAD, 0));
	sigprocmask(SIG_SETMASK, 0, &mask);
	printf("SIGUSR2 blocked after pselect: %d\n", sigismember(&mask, SIGUSR2));
	close(p[0]);
	close(p[1]);
}

/* A parent waits in select without a timeout until its child writes. */
static void woken(void)
{
	int p[2], q[2], st;
	fd_set r;

	CALL(pipe(p));
	CALL(pipe(q));
	fflush(stdout);
	if (fork() == 0) {
		sleep_ms(100);
		write(q[1], "w", 1);
		_exit(0);
	}
	FD_ZERO(&r);
	FD_SET(p[0], &r);
	FD_SET(q[0], &r);
	CALL(select(q[0] + 1, &r, 0, 0, 0));
	show("readable", &r);
	wait(&st);
	printf("the writer exited: %d\n", WIFEXITED(st));
	close(p[0]);
	close(p[1]);
	close(q[0]);
	close(q[1]);
}

/* Fifty pipes, descriptors past the first 64-bit word of a set: two have data. */
static void many(void)
{
	int p[50][2], top = 0, ready = 0;
	fd_set r;
	struct timeval tv = { 0, 0 };

	for (int i = 0; i < 50; i++) {
		if (pipe(p[i]))
			return;
		top = p[i][1] + 1;
	}
	CALL(write(p[10][1], "a", 1));
	CALL(write(p[45][1], "b", 1));
	FD_ZERO(&r);
	for (int i = 0; i < 50; i++)
		FD_SET(p[i][0], &r);
	CALL(select(top, &r, 0, 0, &tv));
	for (int i = 0; i < 50; i++)
		if (FD_ISSET(p[i][0], &r))
			printf("pipe %d readable (descriptor past 64: %d)\n", i, p[i][0] >= 64);
	for (int i = 0; i < 50; i++)
		ready += FD_ISSET(p[i][0], &r);
	printf("%d of 50 readable\n", ready);
	for (int i = 0; i < 50; i++) {
		close(p[i][0]);
		close(p[i][1]);
	}
}

int main(void)
{
	pipes();
	files();
	timeouts();
	bad();
	pselects();
	woken();
	many();
	return 0;
}
