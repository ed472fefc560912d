/*
 * A Linux thread's registers as emul holds them while it serves a system call: saved
 * by emul_entry (entry.S) on emul's stack, read and changed by the call (its result in
 * rax; exec and signals change everything), and put back on the way out. The offsets
 * are entry.S's.
 */
#ifndef EMUL_FRAME_H
#define EMUL_FRAME_H

#include <stdint.h>
#include "frame_offsets.h"

struct frame {
	uint64_t rax, rbx, rcx, rdx, rsi, rdi, rbp, r8;
	uint64_t r9, r10, r11, r12, r13, r14, r15;
	uint64_t rip, rflags, rsp;
};

_Static_assert(__builtin_offsetof(struct frame, rip) == FRAME_RIP, "entry.S's frame");
_Static_assert(__builtin_offsetof(struct frame, rflags) == FRAME_RFLAGS, "entry.S's frame");
_Static_assert(__builtin_offsetof(struct frame, rsp) == FRAME_RSP, "entry.S's frame");
_Static_assert(sizeof(struct frame) == FRAME_SIZE, "entry.S's frame");

/* Leave emul for the program in the state f describes (entry.S). */
_Noreturn void emul_return(struct frame *f);

#endif
