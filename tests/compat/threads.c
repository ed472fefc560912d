/* Threads: create and join with return values, a mutex guarding a counter, a condition
 * variable handing work over, thread-local storage, pthread_exit, and ids. */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

#define THREADS 4
#define ROUNDS	20000

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t changed = PTHREAD_COND_INITIALIZER;
static long counter;
static int turn;
static __thread int mine = 100;
static pid_t main_tid;

static void *count(void *arg)
{
	mine = (int)(intptr_t)arg;
	for (int i = 0; i < ROUNDS; i++) {
		pthread_mutex_lock(&lock);
		counter++;
		pthread_mutex_unlock(&lock);
	}
	return (void *)(intptr_t)(mine * 10 + (gettid() != main_tid));
}

/* Each of two threads waits for its turn and passes it on. */
static void *ping_pong(void *arg)
{
	int me = (int)(intptr_t)arg;

	for (int i = 0; i < 1000; i++) {
		pthread_mutex_lock(&lock);
		while (turn != me)
			pthread_cond_wait(&changed, &lock);
		turn = !me;
		pthread_cond_broadcast(&changed);
		pthread_mutex_unlock(&lock);
	}
	return NULL;
}

static void *leave_early(void *arg)
{
	(void)arg;
	pthread_exit((void *)42);
	return NULL;
}

int main(void)
{
	pthread_t t[THREADS];
	void *result;

	main_tid = gettid();
	printf("main thread's tid is its pid: %d\n", main_tid == getpid());
	for (int i = 0; i < THREADS; i++)
		pthread_create(&t[i], NULL, count, (void *)(intptr_t)(i + 1));
	for (int i = 0; i < THREADS; i++) {
		pthread_join(t[i], &result);
		printf("thread %d returned %ld\n", i + 1, (long)(intptr_t)result);
	}
	printf("counter %ld of %d\n", counter, THREADS * ROUNDS);
	printf("main's thread-local value untouched: %d\n", mine);

	pthread_create(&t[0], NULL, ping_pong, (void *)0);
	pthread_create(&t[1], NULL, ping_pong, (void *)1);
	pthread_join(t[0], NULL);
	pthread_join(t[1], NULL);
	printf("ping-pong done, turn %d\n", turn);

	pthread_create(&t[0], NULL, leave_early, NULL);
	pthread_join(t[0], &result);
	printf("pthread_exit gave %ld\n", (long)(intptr_t)result);
	return 0;
}
