/*
 * The in-VM fuzzer's parts: fuzz.c runs batches and checks the kernel after each,
 * fuzz_task.c is one fuzzing task (its threads, its pager, its peer), fuzz_calls.c
 * makes one random call.
 */
#ifndef TESTS_FUZZ_H
#define TESTS_FUZZ_H

#include <masque/types.h>
#include <stdint.h>

#define FUZZ_WORKERS   3  /* threads making random calls in each fuzzing task */
#define FUZZ_BAD_SHOWN 8  /* results outside the kernel's codes kept to show */
#define FUZZ_POOL      96 /* names a fuzzing task keeps to use */

/* What the controller and its fuzzing tasks share (a page inherited shared). */
struct fuzz_shared {
	uint64_t issued; /* traps made, all tasks together */
	uint64_t target; /* the fuzzing task in progress stops at this count */
	uint64_t bad;	 /* results that are no kernel code */
	uint64_t bad_trap[FUZZ_BAD_SHOWN], bad_result[FUZZ_BAD_SHOWN];
	uint64_t sent, received, peer_deaths, page_requests;
	uint64_t hog_stop;  /* set: the memory hog gives back its memory and ends */
	uint64_t hog_pages; /* pages the hog touches at most */
	port_name_t host;   /* the host port in a privileged run, else PORT_NULL */
	port_name_t peers;  /* the controller's port for the task port of every peer */
};

extern volatile struct fuzz_shared *fuzz_shared;

/* One fuzzing task's life: threads that make random calls until the shared count
 * reaches its target, then the task ends. Its argument: the random seed. */
void fuzz_task(uint64_t seed);

/* The state of one thread of a fuzzing task. */
struct fuzz_thread {
	uint64_t rng;
	uint64_t stack_lo, stack_hi; /* where its stack is, which calls must not touch */
};

/* A random number for this thread. */
uint64_t fuzz_rnd(struct fuzz_thread *t);

/* Names a fuzzing task has been given: its ports, sets, send-once rights, dead names,
 * its peer's and its threads', the pager's control port... */
extern port_name_t fuzz_pool[FUZZ_POOL];
void fuzz_remember(struct fuzz_thread *t, port_name_t name);
port_name_t fuzz_some_name(struct fuzz_thread *t);

/* Where the fuzzing task keeps what its calls must not take away. */
struct fuzz_layout {
	uint64_t paged, paged_size;		    /* the buffer its own pager serves */
	uint64_t scratch, scratch_size;		    /* where the kernel may write freely */
	port_name_t object;			    /* the memory object port of the paged buffer */
	port_name_t control;			    /* its control port, for its pager */
	port_name_t keep_threads[FUZZ_WORKERS + 2]; /* its own threads, kept running */
	port_name_t peer;			    /* the peer task (it dies and comes back) */
	port_name_t peer_port;			    /* a send right to the peer's echo port */
	int making_peers; /* peers being made, whose ports the controller has not yet */
};
extern struct fuzz_layout fuzz_layout;

/* Whether [a, a + n) holds code, data or a stack of the fuzzing task. */
int fuzz_protected(uint64_t a, uint64_t n);

/* Make one random call from thread t (a trap with random arguments, or a well-formed
 * message, or the peer's death); the result is checked. */
void fuzz_call(struct fuzz_thread *t);

/* Record a trap's result, and whether it is one of the kernel's codes. */
void fuzz_check(uint64_t trap, int64_t result);

/* The peer dies; a new one takes its place. */
void fuzz_peer_replace(void);

#endif
