/* Signals during blocking calls: a read on an empty pipe, wait4, nanosleep, pause and
 * sigsuspend are interrupted (EINTR), or restarted under SA_RESTART as Linux does; a
 * child sends the signal while the parent waits. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "report.h"

static volatile int caught;

static void on_usr1(int sig)
{
	(void)sig;
	caught++;
}

static void catch_usr1(int flags)
{
	struct sigaction sa = { .sa_handler = on_usr1, .sa_flags = flags };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, 0);
}

static void pause_ms(int ms)
{
	struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) < 0)
		;
}

/* A child that sends SIGUSR1 to us after ms, then after ms more writes a byte to fd
 * (if >= 0) and exits with 5. */
static pid_t poke_later(int ms, int fd)
{
	pid_t parent = getpid(), pid = fork();

	if (pid == 0) {
		pause_ms(ms);
		kill(parent, SIGUSR1);
		pause_ms(ms);
		if (fd >= 0)
			write(fd, "b", 1);
		_exit(5);
	}
	return pid;
}

static void reap(pid_t pid)
{
	int st;

	while (waitpid(pid, &st, 0) < 0)
		;
	printf("child ended with %d\n", WEXITSTATUS(st));
}

static void pipe_read(int flags)
{
	int p[2];
	char c = 0;

	pipe(p);
	catch_usr1(flags);
	caught = 0;
	pid_t pid = poke_later(100, p[1]);
	CALL(read(p[0], &c, 1));
	printf("caught %d, byte %c\n", caught, c ? c : '-');
	reap(pid);
	close(p[0]), close(p[1]);
}

static void wait_interrupted(int flags)
{
	int st;

	catch_usr1(flags);
	caught = 0;
	pid_t pid = poke_later(100, -1);
	pid_t got = waitpid(pid, &st, 0);
	printf("waitpid: %s, caught %d\n",
	       got == pid	? "the child"
	       : errno == EINTR ? "EINTR"
				: "?",
	       caught);
	if (got != pid)
		reap(pid);
	else
		printf("child ended with %d\n", WEXITSTATUS(st));
}

static void sleep_interrupted(void)
{
	struct timespec ts = { .tv_sec = 5 }, rem = { 0 };

	catch_usr1(SA_RESTART); /* nanosleep is never restarted after a handler */
	caught = 0;
	pid_t pid = poke_later(100, -1);
	CALL(nanosleep(&ts, &rem));
	printf("caught %d, time left %d\n", caught, rem.tv_sec > 0 && rem.tv_sec < 5);
	reap(pid);
}

static void pause_and_suspend(void)
{
	sigset_t block, old, now;

	catch_usr1(SA_RESTART);
	caught = 0;
	pid_t pid = poke_later(100, -1);
	CALL(pause());
	printf("caught %d\n", caught);
	reap(pid);
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigprocmask(SIG_BLOCK, &block, &old);
	caught = 0;
	pid = poke_later(100, -1);
	sigemptyset(&now);
	CALL(sigsuspend(&now));
	sigprocmask(SIG_BLOCK, 0, &now);
	printf("caught %d, USR1 blocked again after sigsuspend %d\n", caught,
	       sigismember(&now, SIGUSR1));
	reap(pid);
	sigprocmask(SIG_SETMASK, &old, 0);
}

static void ignored_does_not_interrupt(void)
{
	int p[2];
	char c = 0;

	pipe(p);
	signal(SIGUSR1, SIG_IGN);
	pid_t pid = poke_later(100, p[1]);
	CALL(read(p[0], &c, 1));
	printf("byte %c\n", c);
	reap(pid);
	close(p[0]), close(p[1]);
}

int main(void)
{
	printf("read, no SA_RESTART:\n");
	pipe_read(0);
	printf("read, SA_RESTART:\n");
	pipe_read(SA_RESTART);
	printf("wait, no SA_RESTART:\n");
	wait_interrupted(0);
	printf("wait, SA_RESTART:\n");
	wait_interrupted(SA_RESTART);
	sleep_interrupted();
	pause_and_suspend();
	ignored_does_not_interrupt();
	return 0;
}
