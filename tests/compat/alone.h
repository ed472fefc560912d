/* Shared by the programs that exec from one thread of several (execthreads.c,
 * execvfork.c): what the new program sees of itself, one fact a line. Each old thread
 * that ever ran again would say "old thread ... ran" (they wait for old_wake, which
 * only the new program sets). */
#ifndef COMPAT_ALONE_H
#define COMPAT_ALONE_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Set by the new program only: an old thread still spinning on it would run on. */
static volatile int old_wake;

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };

	while (nanosleep(&ts, &ts))
		;
}

/* The "Threads:" count of /proc/self/status, or -1. */
static int thread_count(void)
{
	char line[256];
	int n = -1;
	FILE *f = fopen("/proc/self/status", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "Threads:", 8))
			n = atoi(line + 8);
	fclose(f);
	return n;
}

/* The new program's report on itself, then a wait in which no old thread may run. */
static void after_exec(int argc, char **argv)
{
	printf("new program: argc %d, argv[1] %s\n", argc, argv[1]);
	printf("new program: gettid() == getpid(): %d\n", gettid() == getpid());
	printf("new program: Threads: %d\n", thread_count());
	fflush(stdout);
	old_wake = 1;
	sleep_ms(300);
	printf("new program: still alone: Threads: %d\n", thread_count());
	fflush(stdout);
}

/* What an old thread says if it runs again after the exec: that must not show. */
static void old_thread_ran(const char *which)
{
	char line[80];

	snprintf(line, sizeof(line), "old thread %s ran after the exec\n", which);
	write(1, line, strlen(line));
}

#endif
