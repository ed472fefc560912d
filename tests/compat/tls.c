/* Thread-local storage: __thread variables with initial values, zeroed and
 * initialised, each thread's own; errno each thread's own; pthread keys with values
 * and destructors run at thread exit; pthread_once running its routine once for
 * all threads. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <unistd.h>
#include "report.h"

#define THREADS 4

static __thread int inited = 42;
static __thread long zeroed;
static __thread char text[16] = "tls";
static pthread_key_t key;
static int destroyed, once_ran;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static pthread_barrier_t all_set;

static void destroy(void *v)
{
	pthread_mutex_lock(&lock);
	destroyed += (int)(intptr_t)v;
	pthread_mutex_unlock(&lock);
}

static void init_once(void)
{
	once_ran++;
}

static void *worker(void *arg)
{
	int me = (int)(intptr_t)arg;
	int ok;

	pthread_once(&once, init_once);
	ok = inited == 42 && zeroed == 0 && text[0] == 't';
	inited = me;
	zeroed = me * 10;
	text[0] = (char)('0' + me);
	pthread_setspecific(key, (void *)(intptr_t)me);
	errno = 100 + me;
	pthread_barrier_wait(&all_set);
	ok = ok && inited == me && zeroed == me * 10 && text[0] == '0' + me &&
	     pthread_getspecific(key) == (void *)(intptr_t)me && errno == 100 + me;
	return (void *)(intptr_t)ok;
}

int main(void)
{
	pthread_t t[THREADS];
	void *r;

	pthread_key_create(&key, destroy);
	pthread_barrier_init(&all_set, NULL, THREADS);
	for (int i = 0; i < THREADS; i++)
		pthread_create(&t[i], NULL, worker, (void *)(intptr_t)(i + 1));
	for (int i = 0; i < THREADS; i++) {
		pthread_join(t[i], &r);
		printf("thread %d kept its own values: %ld\n", i + 1, (long)(intptr_t)r);
	}
	printf("main's: %d %ld %s\n", inited, zeroed, text);
	printf("destructors saw %d, once ran %d time(s)\n", destroyed, once_ran);
	printf("main's key value: %p\n", pthread_getspecific(key));
	printf("delete key: %d\n", pthread_key_delete(key));
	return 0;
}
