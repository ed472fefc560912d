/* User floating-point and SSE state. */
#ifndef ARCH_FPU_H
#define ARCH_FPU_H

#include <stdint.h>

struct fpu_state {
	uint8_t bytes[512];
} __attribute__((aligned(16)));

void fpu_init(void);
void fpu_state_init(struct fpu_state *s);
void fpu_save(struct fpu_state *s);
void fpu_restore(const struct fpu_state *s);

#endif
