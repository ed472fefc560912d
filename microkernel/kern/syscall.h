/* The kernel side of the native traps: one sys_NAME per entry of the trap list. */
#ifndef KERN_SYSCALL_H
#define KERN_SYSCALL_H

#include <masque/traps.h>

#define SYS_DECLARE(num, name, n, ...) int64_t sys_##name(TRAP_PARAMS_##n(__VA_ARGS__));
MASQUE_TRAPS(SYS_DECLARE)
#undef SYS_DECLARE

#endif
