/*
 * emul's own data for each thread of the program, found through the gs base, which
 * Linux programs leave alone (their thread pointer is fs). emul_entry switches to the
 * thread's emul stack with it before it touches memory, so the program's stack and
 * the red zone below its stack pointer are never written.
 */
#ifndef EMUL_THREAD_H
#define EMUL_THREAD_H

#include <masque/types.h>
#include <stdint.h>
#include "frame_offsets.h"

struct emul_thread {
	struct emul_thread *self; /* %gs:0, so C finds the block with one load */
	uint64_t stack_top;	  /* %gs:8: emul's stack for this thread */
	uint64_t program_rsp;	  /* %gs:16: where emul_entry keeps it while it switches */
	uint64_t frame;		  /* %gs:24: the call being served (0: none), for emul_efault */
	port_name_t reply;	  /* this thread's reply port, PORT_NULL until needed */
	int32_t tid;
	uint64_t clear_child_tid;	/* set_tid_address */
	uint64_t robust_list;		/* set_robust_list */
	struct emul_thread *next_spare; /* in the list of blocks to reuse */
};

_Static_assert(__builtin_offsetof(struct emul_thread, stack_top) == THREAD_STACK_TOP, "entry.S");
_Static_assert(__builtin_offsetof(struct emul_thread, frame) == THREAD_FRAME, "entry.S");
_Static_assert(__builtin_offsetof(struct emul_thread, program_rsp) == THREAD_PROGRAM_RSP,
	       "entry.S");

static inline struct emul_thread *this_thread(void)
{
	struct emul_thread *t;

	__asm__("mov %%gs:0, %0" : "=r"(t));
	return t;
}

/* A block and an emul stack for a new thread (not yet anyone's gs base); NULL when
 * memory runs out. */
struct emul_thread *thread_block_new(int32_t tid);

struct frame;

/* clone with CLONE_VM | CLONE_THREAD: a new thread resuming at f's return with stack,
 * rax 0; the tid, or a negated errno. */
int64_t thread_clone(struct frame *f, uint64_t flags, uint64_t stack, int32_t *ptid, int32_t *ctid,
		     uint64_t tls);

#endif
