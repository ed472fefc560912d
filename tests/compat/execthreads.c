/* execve from a thread of several, as Linux's de_thread does it: every other thread
 * (one spinning, one blocked reading a pipe, one sleeping by turns, the main one joining) ends
 * first, and the new program runs alone with the pid as its tid; the data written to
 * the pipe afterwards stays for the new program, as the old reader is gone. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include "alone.h"

static int pipe_fds[2];

static void *spin(void *arg)
{
	(void)arg;
	while (!old_wake)
		;
	old_thread_ran("spinning");
	return NULL;
}

static void *read_pipe(void *arg)
{
	char c;

	(void)arg;
	read(pipe_fds[0], &c, 1);
	old_thread_ran("reading");
	return NULL;
}

static void *doze(void *arg)
{
	(void)arg;
	while (!old_wake)
		sleep_ms(50);
	old_thread_ran("sleeping");
	return NULL;
}

/* The exec, once the others have started waiting. */
static void *exec_self(void *arg)
{
	char fd[16];

	(void)arg;
	sleep_ms(100);
	snprintf(fd, sizeof(fd), "%d", pipe_fds[0]);
	char *argv[] = { "execthreads", "after", fd, NULL };
	execv("/proc/self/exe", argv);
	printf("execv failed: errno %d\n", errno);
	exit(1);
}

/* The new program: what it sees, and whether the pipe kept what it writes. */
static int after(int argc, char **argv)
{
	int rd = atoi(argv[2]);
	char buf[8] = { 0 };

	write(rd + 1, "x", 1); /* pipe() gives the write end the next number */
	after_exec(argc, argv);
	fcntl(rd, F_SETFL, O_NONBLOCK);
	printf("new program: the pipe kept its byte: %d\n", read(rd, buf, sizeof(buf)) == 1);
	return 0;
}

int main(int argc, char **argv)
{
	void *(*starts[])(void *) = { spin, read_pipe, doze };
	pthread_t t;

	if (argc > 2 && !strcmp(argv[1], "after"))
		return after(argc, argv);
	pipe(pipe_fds);
	for (int i = 0; i < 3; i++)
		pthread_create(&t, NULL, starts[i], NULL);
	pthread_create(&t, NULL, exec_self, NULL);
	pthread_join(t, NULL);
	old_thread_ran("main");
	return 2;
}
