/* User floating-point and SSE state, switched lazily (see fpu.c). */
#ifndef ARCH_FPU_H
#define ARCH_FPU_H

#include <stdint.h>

struct fpu_state {
	uint8_t bytes[512];
} __attribute__((aligned(16)));

void fpu_init(void);
void fpu_state_init(struct fpu_state *s);
/* The thread whose state is s is about to run. */
void fpu_switch_to(struct fpu_state *s);
/* Its first FPU instruction trapped (#NM): give it the registers. */
void fpu_trap(struct fpu_state *s);
/* s is going away (its thread exits). */
void fpu_forget(struct fpu_state *s);
/* Bring s up to date from the registers (before reading it). */
void fpu_sync(struct fpu_state *s);

#endif
