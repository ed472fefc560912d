/* Shared by the programs whose processes go in step: a pause, a byte through a pipe to
 * say a step is done and a wait for it, a child reaped with how it ended. */
#ifndef COMPAT_STEPS_H
#define COMPAT_STEPS_H

#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static inline void pause_ms(int ms)
{
	struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) < 0)
		;
}

static inline void signal_to(int *pipe_fds)
{
	write(pipe_fds[1], "x", 1);
}

static inline void await(int *pipe_fds)
{
	char c;

	read(pipe_fds[0], &c, 1);
}

/* Its exit status, or 128 + the signal that killed it, as a shell says. */
static inline int reap(pid_t pid)
{
	int st;

	while (waitpid(pid, &st, 0) < 0)
		;
	return WIFSIGNALED(st) ? 128 + WTERMSIG(st) : WEXITSTATUS(st);
}

#endif
