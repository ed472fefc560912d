/*
 * The user (or interrupted kernel) register state saved at the top of a thread's
 * kernel stack on every entry: syscall, interrupt or exception all build this one
 * layout, so that reading, changing and resuming a thread's state is the same code.
 */
#ifndef ARCH_TRAPFRAME_H
#define ARCH_TRAPFRAME_H

#define VECTOR_SYSCALL 0x100 /* not a CPU vector: entered by the syscall instruction */

#define GDT_KERNEL_CS 0x08
#define GDT_KERNEL_DS 0x10
#define GDT_USER_DS   0x23 /* sysret: STAR base 0x18 + 8, RPL 3 */
#define GDT_USER_CS   0x2b /* sysret: STAR base 0x18 + 16, RPL 3 */
#define GDT_TSS	      0x30

/* Offsets for assembly. */
#define TF_R11	  80
#define TF_RCX	  96
#define TF_RAX	  112
#define TF_VECTOR 120
#define TF_RIP	  136
#define TF_CS	  144
#define TF_RFLAGS 152
#define TF_RSP	  160
#define TF_SIZE	  176

#ifndef __ASSEMBLER__
#include <stdint.h>

struct trapframe {
	uint64_t rdi, rsi, rdx, r10, r8, r9; /* a trap's arguments, in order */
	uint64_t r15, r14, r13, r12, r11, rbp, rcx, rbx, rax;
	uint64_t vector, error;
	uint64_t rip, cs, rflags, rsp, ss; /* as the CPU pushes them */
};

_Static_assert(sizeof(struct trapframe) == TF_SIZE, "trapframe layout");
_Static_assert(__builtin_offsetof(struct trapframe, r9) == 5 * 8 &&
		       __builtin_offsetof(struct trapframe, r8) == 4 * 8 &&
		       __builtin_offsetof(struct trapframe, r10) == 3 * 8 &&
		       __builtin_offsetof(struct trapframe, rdx) == 2 * 8 &&
		       __builtin_offsetof(struct trapframe, rsi) == 8,
	       "the argument registers in order (syscall_dispatch)");
_Static_assert(__builtin_offsetof(struct trapframe, r11) == TF_R11, "trapframe layout");
_Static_assert(__builtin_offsetof(struct trapframe, rcx) == TF_RCX, "trapframe layout");
_Static_assert(__builtin_offsetof(struct trapframe, rax) == TF_RAX, "trapframe layout");
_Static_assert(__builtin_offsetof(struct trapframe, vector) == TF_VECTOR, "trapframe layout");
_Static_assert(__builtin_offsetof(struct trapframe, rip) == TF_RIP, "trapframe layout");
_Static_assert(__builtin_offsetof(struct trapframe, cs) == TF_CS, "trapframe layout");
_Static_assert(__builtin_offsetof(struct trapframe, rflags) == TF_RFLAGS, "trapframe layout");
_Static_assert(__builtin_offsetof(struct trapframe, rsp) == TF_RSP, "trapframe layout");

static inline int trapframe_from_user(const struct trapframe *tf)
{
	return (tf->cs & 3) == 3;
}

#endif
#endif
