/* Barriers, read-write locks and semaphores: threads meet at a barrier round after
 * round (one serial thread each round), readers share a rwlock that a writer holds
 * alone, a semaphore counts posts and waits (trywait's EAGAIN). */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdint.h>
#include "report.h"

#define THREADS 4
#define ROUNDS	50

static pthread_barrier_t b;
static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static int serials, phase_errors, phase[THREADS];
static long shared_value;
static sem_t sem;

static void *meet(void *arg)
{
	int me = (int)(intptr_t)arg;

	for (int round = 0; round < ROUNDS; round++) {
		phase[me] = round;
		int r = pthread_barrier_wait(&b);
		for (int i = 0; i < THREADS; i++)
			if (phase[i] < round)
				__atomic_add_fetch(&phase_errors, 1, __ATOMIC_SEQ_CST);
		if (r == PTHREAD_BARRIER_SERIAL_THREAD)
			__atomic_add_fetch(&serials, 1, __ATOMIC_SEQ_CST);
		pthread_barrier_wait(&b);
	}
	return NULL;
}

static void *rw_user(void *arg)
{
	int me = (int)(intptr_t)arg;
	long bad = 0;

	for (int i = 0; i < 2000; i++) {
		if (me == 0 && i % 10 == 0) {
			pthread_rwlock_wrlock(&rw);
			shared_value++;
			shared_value++;
			pthread_rwlock_unlock(&rw);
		} else {
			pthread_rwlock_rdlock(&rw);
			bad += shared_value % 2;
			pthread_rwlock_unlock(&rw);
		}
	}
	return (void *)bad;
}

static void *poster(void *arg)
{
	(void)arg;
	for (int i = 0; i < 1000; i++)
		sem_post(&sem);
	return NULL;
}

int main(void)
{
	pthread_t t[THREADS];
	void *r;
	long bad = 0;
	int v;

	pthread_barrier_init(&b, NULL, THREADS);
	for (int i = 0; i < THREADS; i++)
		pthread_create(&t[i], NULL, meet, (void *)(intptr_t)i);
	for (int i = 0; i < THREADS; i++)
		pthread_join(t[i], NULL);
	printf("serial threads: %d in %d rounds, early leavers: %d\n", serials, ROUNDS,
	       phase_errors);

	for (int i = 0; i < THREADS; i++)
		pthread_create(&t[i], NULL, rw_user, (void *)(intptr_t)i);
	for (int i = 0; i < THREADS; i++) {
		pthread_join(t[i], &r);
		bad += (long)r;
	}
	printf("writes %ld, readers saw half a write %ld times\n", shared_value / 2, bad);
	printf("tryrdlock while read-held: %d\n",
	       pthread_rwlock_rdlock(&rw) | pthread_rwlock_tryrdlock(&rw));
	printf("trywrlock while read-held: %d\n", pthread_rwlock_trywrlock(&rw) == EBUSY);
	pthread_rwlock_unlock(&rw);
	pthread_rwlock_unlock(&rw);

	sem_init(&sem, 0, 0);
	printf("trywait on 0: %d errno %d\n", sem_trywait(&sem), errno);
	for (int i = 0; i < 2; i++)
		pthread_create(&t[i], NULL, poster, NULL);
	for (int i = 0; i < 2000; i++)
		sem_wait(&sem);
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	sem_getvalue(&sem, &v);
	printf("after 2000 posts and waits: %d\n", v);
	return 0;
}
