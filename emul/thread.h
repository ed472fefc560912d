/*
 * emul's own data for each thread of the program, found through the gs base, which
 * Linux programs leave alone (their thread pointer is fs). emul_entry switches to the
 * thread's emul stack with it before it touches memory, so the program's stack and
 * the red zone below its stack pointer are never written.
 */
#ifndef EMUL_THREAD_H
#define EMUL_THREAD_H

#include <emul_start.h>
#include <masque/thread.h>
#include <masque/types.h>
#include <stdint.h>
#include "frame_offsets.h"

struct emul_thread {
	struct emul_thread *self; /* %gs:0, so C finds the block with one load */
	uint64_t stack_top;	  /* %gs:8: emul's stack for this thread */
	uint64_t program_rsp;	  /* %gs:16: where emul_entry keeps it while it switches */
	uint64_t frame;		  /* %gs:24: the call being served (0: none), for emul_efault */
	/* written by the process server (lib/include/emul_start.h) */
	volatile uint64_t signal_pending; /* signals pending for the thread or the process */
	volatile uint32_t signal_seq;	  /* changes with signal_pending: a futex word */
	volatile int32_t ppid;		  /* the process's parent; -1 until the server says */
	volatile uint64_t blocked;	  /* the signal mask, read by the server */
	struct thread_state interrupted;  /* the program's registers, at the signal vector */
	/* emul's own */
	uint64_t resume_rip;	  /* emul_return's jump */
	uint64_t fixup;		  /* where user_copy resumes when the program's memory faults */
	int64_t call;		  /* the Linux call being served, for its restart; -1: none */
	uint64_t sigsuspend_mask; /* the mask a handler returns to after sigsuspend */
	int sigsuspended;
	port_name_t interrupt_to; /* where a wait for an answer can be cut short */
	int interrupt_proc;	  /* that is the process server (else a file's server) */
	uint64_t altstack_sp, altstack_size;
	int altstack_flags;
	char name[16];	   /* prctl's PR_SET_NAME, the program's name after exec */
	port_name_t reply; /* this thread's reply port, PORT_NULL until needed */
	int32_t tid;
	uint64_t clear_child_tid; /* set_tid_address */
	uint64_t robust_list;	  /* set_robust_list */
	struct emul_thread *next; /* in the list of live blocks, or of those to reuse */
};

_Static_assert(__builtin_offsetof(struct emul_thread, stack_top) == THREAD_STACK_TOP, "entry.S");
_Static_assert(__builtin_offsetof(struct emul_thread, frame) == THREAD_FRAME, "entry.S");
_Static_assert(__builtin_offsetof(struct emul_thread, program_rsp) == THREAD_PROGRAM_RSP,
	       "entry.S");
_Static_assert(__builtin_offsetof(struct emul_thread, signal_pending) == EMUL_BLOCK_PENDING &&
		       EMUL_BLOCK_PENDING == THREAD_PENDING,
	       "the process server's view");
_Static_assert(__builtin_offsetof(struct emul_thread, signal_seq) == EMUL_BLOCK_SEQ, "the server");
_Static_assert(__builtin_offsetof(struct emul_thread, ppid) == EMUL_BLOCK_PPID, "the server");
_Static_assert(__builtin_offsetof(struct emul_thread, blocked) == EMUL_BLOCK_BLOCKED &&
		       EMUL_BLOCK_BLOCKED == THREAD_BLOCKED,
	       "the process server's view");
_Static_assert(__builtin_offsetof(struct emul_thread, interrupted) == EMUL_BLOCK_INTERRUPTED,
	       "the process server's view");
_Static_assert(__builtin_offsetof(struct emul_thread, name) == EMUL_BLOCK_NAME, "the server");
_Static_assert(__builtin_offsetof(struct emul_thread, resume_rip) == THREAD_RESUME_RIP, "entry.S");
_Static_assert(__builtin_offsetof(struct emul_thread, fixup) == THREAD_FIXUP, "entry.S");

static inline struct emul_thread *this_thread(void)
{
	struct emul_thread *t;

	__asm__("mov %%gs:0, %0" : "=r"(t));
	return t;
}

/* The calling thread's name becomes the last component of path, as exec names it. */
void thread_name_from_path(const char *path);

/* A block and an emul stack for a new thread (not yet anyone's gs base); NULL when
 * memory runs out. */
struct emul_thread *thread_block_new(int32_t tid);

/* exec's end of the other threads, once the process server has ended them
 * (proc.exec_single): their blocks go to reuse, their reply ports away; the caller is
 * the one thread, and its tid the pid. */
int64_t thread_single(void);

/* A fork's child: the blocks of its parent's other threads are no thread's here. */
void thread_forked(void);

struct frame;

/* clone with CLONE_VM | CLONE_THREAD: a new thread resuming at f's return with stack,
 * rax 0; the tid, or a negated errno. */
int64_t thread_clone(struct frame *f, uint64_t flags, uint64_t stack, int32_t *ptid, int32_t *ctid,
		     uint64_t tls);

#endif
