/* Thread lifetimes: join's return values (returned and pthread_exit'ed), join of a
 * thread that already ended, detached threads, exit() from a thread ending the
 * process with its code while others run. (pthread_exit from main in a forked child
 * sometimes hangs musl on Linux itself: left out.) */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "report.h"

static void pause_ms(long ms)
{
	struct timespec t = { ms / 1000, ms % 1000 * 1000000 };

	nanosleep(&t, NULL);
}

static void *give(void *arg)
{
	return arg;
}

static void *leave(void *arg)
{
	pthread_exit((void *)((intptr_t)arg * 2));
}

static _Noreturn void *spin(void *arg)
{
	(void)arg;
	for (;;)
		pause_ms(10);
}

static void *end_all(void *arg)
{
	pause_ms(20);
	exit((int)(intptr_t)arg);
}

static volatile int detached_ran;

static void *detached(void *arg)
{
	(void)arg;
	detached_ran = 1;
	return NULL;
}

int main(void)
{
	pthread_t t, u;
	void *r;
	int st;

	pthread_create(&t, NULL, give, (void *)7);
	pthread_join(t, &r);
	printf("returned %ld\n", (long)(intptr_t)r);
	pthread_create(&t, NULL, leave, (void *)8);
	pause_ms(20);
	pthread_join(t, &r);
	printf("pthread_exit gave %ld, joined after it ended\n", (long)(intptr_t)r);
	pthread_attr_t a;
	pthread_attr_init(&a);
	pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
	pthread_create(&t, &a, detached, NULL);
	while (!detached_ran)
		pause_ms(1);
	printf("a detached thread ran\n");
	pthread_create(&t, NULL, give, NULL);
	printf("detach: %d\n", pthread_detach(t));

	fflush(stdout);
	if (fork() == 0) {
		pthread_create(&t, NULL, spin, NULL);
		pthread_create(&u, NULL, end_all, (void *)33);
		spin(NULL);
	}
	wait(&st);
	printf("exit from a thread: %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : -WTERMSIG(st));
	return 0;
}
