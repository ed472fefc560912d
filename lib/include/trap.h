/* The native traps as C functions for user programs, made from include/masque/traps.h. */
#ifndef LIB_TRAP_H
#define LIB_TRAP_H

#include <masque/error.h>
#include <masque/traps.h>

static inline int64_t trap6(uint64_t n, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
			    uint64_t a5, uint64_t a6)
{
	register uint64_t r10 __asm__("r10") = a4;
	register uint64_t r8 __asm__("r8") = a5;
	register uint64_t r9 __asm__("r9") = a6;
	int64_t ret;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(n), "D"(a1), "S"(a2), "d"(a3), "r"(r10), "r"(r8), "r"(r9)
			 : "rcx", "r11", "memory");
	return ret;
}

#define TRAP_WRAPPER(num, name, n, ...)                          \
	static inline int64_t name(TRAP_PARAMS_##n(__VA_ARGS__)) \
	{                                                        \
		return trap6(num, TRAP_ARGS_##n(__VA_ARGS__));   \
	}
MASQUE_TRAPS(TRAP_WRAPPER)
#undef TRAP_WRAPPER

#endif
