/*
 * A mutex for emul's own shared state (the descriptor table), which the program's
 * threads reach at once: the scheduler preempts. A word, taken by compare-and-swap,
 * and a futex wait while another holds it.
 */
#ifndef EMUL_LOCK_H
#define EMUL_LOCK_H

#include <stdint.h>
#include <trap.h>

struct lock {
	uint32_t word; /* 0 free, 1 held, 2 held with waiters */
};

static inline void lock_take(struct lock *l)
{
	uint32_t was = 0;

	if (__atomic_compare_exchange_n(&l->word, &was, 1, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
		return;
	while (__atomic_exchange_n(&l->word, 2, __ATOMIC_ACQUIRE))
		futex_wait(&l->word, 2, 0, 0);
}

static inline void lock_give(struct lock *l)
{
	if (__atomic_exchange_n(&l->word, 0, __ATOMIC_RELEASE) == 2)
		futex_wake(&l->word, 1, 0);
}

#endif
