/* Signals and threads, and signals that find the program in its own code: a busy
 * loop interrupted by a signal from another process; pthread_kill to one thread;
 * a process-directed signal taken by the thread that does not block it; masks that
 * are each thread's own; a read in one thread interrupted by a signal to it. */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "report.h"

static volatile int flag;
static volatile pid_t handled_in;

static void on_sig(int sig)
{
	(void)sig;
	handled_in = gettid();
	flag = 1;
}

static void catch (int sig, int flags)
{
	struct sigaction sa = { .sa_handler = on_sig, .sa_flags = flags };

	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, 0);
}

static void sleep_ms(int ms)
{
	struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) < 0)
		;
}

static pid_t signal_later(int sig, int ms)
{
	pid_t parent = getpid(), pid = fork();

	if (pid == 0) {
		sleep_ms(ms);
		kill(parent, sig);
		_exit(0);
	}
	return pid;
}

static void busy_loop(void)
{
	unsigned long spins = 0;
	double x = 1.0;

	catch (SIGUSR1, 0);
	flag = 0;
	pid_t pid = signal_later(SIGUSR1, 100);
	while (!flag) { /* no system call: the signal must come into the program's code */
		x = x * 1.0000001 + 1e-9;
		spins++;
	}
	printf("busy loop left by the handler, main thread %d, x still sane %d\n",
	       handled_in == getpid(), x > 1.0 && x < 1e300);
	waitpid(pid, 0, 0);
}

static volatile pid_t worker_tid;
static volatile int worker_stop;

static void *worker(void *arg)
{
	(void)arg;
	worker_tid = gettid();
	while (!worker_stop)
		;
	return 0;
}

static void to_one_thread(void)
{
	pthread_t t;

	catch (SIGUSR2, 0);
	flag = 0;
	worker_stop = 0;
	pthread_create(&t, 0, worker, 0);
	while (!worker_tid)
		sched_yield();
	CALL(pthread_kill(t, SIGUSR2));
	while (!flag)
		sched_yield();
	printf("pthread_kill: handled in the worker %d\n", handled_in == worker_tid);
	worker_stop = 1;
	pthread_join(t, 0);
}

static void *unblocked_waiter(void *arg)
{
	sigset_t none;

	(void)arg;
	sigemptyset(&none);
	pthread_sigmask(SIG_SETMASK, &none, 0);
	worker_tid = gettid();
	while (!flag)
		;
	return 0;
}

static void to_the_thread_that_takes_it(void)
{
	sigset_t set, mine;
	pthread_t t;

	catch (SIGUSR1, 0);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	pthread_sigmask(SIG_BLOCK, &set, 0);
	flag = 0;
	worker_tid = 0;
	pthread_create(&t, 0, unblocked_waiter, 0);
	while (!worker_tid)
		sched_yield();
	pid_t pid = signal_later(SIGUSR1, 50);
	pthread_join(t, 0);
	printf("process signal: taken by the thread that does not block it %d\n",
	       handled_in == worker_tid);
	pthread_sigmask(SIG_BLOCK, 0, &mine);
	printf("main still blocks it %d\n", sigismember(&mine, SIGUSR1));
	pthread_sigmask(SIG_UNBLOCK, &set, 0);
	waitpid(pid, 0, 0);
}

static int pipe_fds[2];
static volatile long read_result;
static volatile int read_errno;

static void *reader(void *arg)
{
	char c;

	(void)arg;
	worker_tid = gettid();
	read_result = read(pipe_fds[0], &c, 1);
	read_errno = errno;
	return 0;
}

static void interrupted_thread(void)
{
	pthread_t t;

	catch (SIGUSR2, 0);
	pipe(pipe_fds);
	worker_tid = 0;
	pthread_create(&t, 0, reader, 0);
	while (!worker_tid)
		sched_yield();
	sleep_ms(50);
	CALL(pthread_kill(t, SIGUSR2));
	pthread_join(t, 0);
	printf("the reader's read: %ld errno %d (EINTR %d)\n", read_result, read_errno, EINTR);
	close(pipe_fds[0]), close(pipe_fds[1]);
}

int main(void)
{
	busy_loop();
	to_one_thread();
	to_the_thread_that_takes_it();
	interrupted_thread();
	return 0;
}
