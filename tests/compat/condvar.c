/* Condition variables: producers and consumers through a bounded queue (every item
 * taken once), a broadcast waking every waiter, and a timed wait that times out. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <time.h>
#include "report.h"

#define SLOTS	  4
#define ITEMS	  2000
#define PRODUCERS 2
#define CONSUMERS 3

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t not_full = PTHREAD_COND_INITIALIZER, not_empty = PTHREAD_COND_INITIALIZER;
static int queue[SLOTS], head, used, produced_done;
static pthread_cond_t go = PTHREAD_COND_INITIALIZER;
static int started, waiting, woken;

static void *produce(void *arg)
{
	int base = (int)(intptr_t)arg;

	for (int i = 1; i <= ITEMS; i++) {
		pthread_mutex_lock(&lock);
		while (used == SLOTS)
			pthread_cond_wait(&not_full, &lock);
		queue[(head + used++) % SLOTS] = base + i;
		pthread_cond_signal(&not_empty);
		pthread_mutex_unlock(&lock);
	}
	return NULL;
}

static void *consume(void *arg)
{
	long sum = 0, n = 0;

	(void)arg;
	for (;;) {
		pthread_mutex_lock(&lock);
		while (used == 0 && !produced_done)
			pthread_cond_wait(&not_empty, &lock);
		if (used == 0) {
			pthread_mutex_unlock(&lock);
			break;
		}
		sum += queue[head];
		head = (head + 1) % SLOTS;
		used--;
		n++;
		pthread_cond_signal(&not_full);
		pthread_mutex_unlock(&lock);
	}
	return (void *)(intptr_t)(sum * 0 + n);
}

static long total;

static void *waiter(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&lock);
	waiting++;
	while (!started)
		pthread_cond_wait(&go, &lock);
	woken++;
	pthread_mutex_unlock(&lock);
	return NULL;
}

int main(void)
{
	pthread_t p[PRODUCERS], c[CONSUMERS], w[4];
	void *r;

	for (int i = 0; i < CONSUMERS; i++)
		pthread_create(&c[i], NULL, consume, NULL);
	for (int i = 0; i < PRODUCERS; i++)
		pthread_create(&p[i], NULL, produce, (void *)(intptr_t)(i * 100000));
	for (int i = 0; i < PRODUCERS; i++)
		pthread_join(p[i], NULL);
	pthread_mutex_lock(&lock);
	produced_done = 1;
	pthread_cond_broadcast(&not_empty);
	pthread_mutex_unlock(&lock);
	for (int i = 0; i < CONSUMERS; i++) {
		pthread_join(c[i], &r);
		total += (long)(intptr_t)r;
	}
	printf("items taken: %ld of %d\n", total, PRODUCERS * ITEMS);

	for (int i = 0; i < 4; i++)
		pthread_create(&w[i], NULL, waiter, NULL);
	for (;;) {
		pthread_mutex_lock(&lock);
		int all = waiting == 4;
		if (all) {
			started = 1;
			pthread_cond_broadcast(&go);
		}
		pthread_mutex_unlock(&lock);
		if (all)
			break;
		sched_yield();
	}
	for (int i = 0; i < 4; i++)
		pthread_join(w[i], NULL);
	printf("broadcast woke %d\n", woken);

	struct timespec t;
	clock_gettime(CLOCK_REALTIME, &t);
	t.tv_nsec += 30000000;
	if (t.tv_nsec >= 1000000000)
		t.tv_sec++, t.tv_nsec -= 1000000000;
	pthread_mutex_lock(&lock);
	int e = pthread_cond_timedwait(&go, &lock, &t);
	pthread_mutex_unlock(&lock);
	printf("timed wait: %s\n", e == ETIMEDOUT ? "ETIMEDOUT" : "other");
	return 0;
}
