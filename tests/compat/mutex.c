/* pthread mutexes: contention counted right by several threads, trylock's EBUSY, an
 * error-checking mutex's EDEADLK and EPERM, a recursive mutex's count, a timed lock
 * that times out, and a spin lock. */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdint.h>
#include <time.h>
#include "report.h"

#define THREADS 4
#define ROUNDS	5000

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_spinlock_t spin;
static long counter, spun;
static pthread_mutex_t check;

static void *count(void *arg)
{
	(void)arg;
	for (int i = 0; i < ROUNDS; i++) {
		pthread_mutex_lock(&lock);
		counter++;
		pthread_mutex_unlock(&lock);
		pthread_spin_lock(&spin);
		spun++;
		pthread_spin_unlock(&spin);
	}
	return NULL;
}

static void *not_owner(void *arg)
{
	(void)arg;
	return (void *)(intptr_t)pthread_mutex_unlock(&check);
}

static void *try_held(void *arg)
{
	(void)arg;
	return (void *)(intptr_t)pthread_mutex_trylock(&lock);
}

static void *timed(void *arg)
{
	struct timespec t;

	(void)arg;
	clock_gettime(CLOCK_REALTIME, &t);
	t.tv_nsec += 50000000;
	if (t.tv_nsec >= 1000000000)
		t.tv_sec++, t.tv_nsec -= 1000000000;
	return (void *)(intptr_t)pthread_mutex_timedlock(&lock, &t);
}

static long in_thread(void *(*fn)(void *))
{
	pthread_t t;
	void *r;

	pthread_create(&t, NULL, fn, NULL);
	pthread_join(t, &r);
	return (long)(intptr_t)r;
}

int main(void)
{
	pthread_t t[THREADS];
	pthread_mutexattr_t a;
	pthread_mutex_t rec;

	pthread_spin_init(&spin, 0);
	for (int i = 0; i < THREADS; i++)
		pthread_create(&t[i], NULL, count, NULL);
	for (int i = 0; i < THREADS; i++)
		pthread_join(t[i], NULL);
	printf("counter %ld, spun %ld, of %d\n", counter, spun, THREADS * ROUNDS);

	printf("trylock free: %d\n", pthread_mutex_trylock(&lock));
	printf("trylock held by another thread: %ld\n", in_thread(try_held));
	printf("timedlock held by another thread: %ld\n", in_thread(timed));
	pthread_mutex_unlock(&lock);

	pthread_mutexattr_init(&a);
	pthread_mutexattr_settype(&a, PTHREAD_MUTEX_ERRORCHECK);
	pthread_mutex_init(&check, &a);
	printf("errorcheck lock: %d\n", pthread_mutex_lock(&check));
	printf("again: %d\n", pthread_mutex_lock(&check));
	printf("unlock by another thread: %ld\n", in_thread(not_owner));
	printf("unlock: %d\n", pthread_mutex_unlock(&check));
	printf("unlock again: %d\n", pthread_mutex_unlock(&check));

	pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE);
	pthread_mutex_init(&rec, &a);
	for (int i = 0; i < 3; i++)
		printf("recursive lock %d: %d\n", i, pthread_mutex_lock(&rec));
	for (int i = 0; i < 3; i++)
		printf("recursive unlock %d: %d\n", i, pthread_mutex_unlock(&rec));
	printf("one more unlock: %d\n", pthread_mutex_unlock(&rec));
	return 0;
}
