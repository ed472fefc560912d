/* Basic types of the native ABI. */
#ifndef MASQUE_TYPES_H
#define MASQUE_TYPES_H

#include <stdint.h>

/*
 * A task names the rights it holds by small integers local to its capability space.
 * A name is an index (low 24 bits) and a generation (next 7 bits): a freed name is not
 * reused with the same generation for a long time, so a stale name fails cleanly.
 * Names are always below 2^31, so traps that create one return it as a non-negative
 * result and errors as negative ones.
 */
typedef uint32_t port_name_t;
/* An address in a task's memory, as the kernel receives it (see UADDR in traps.h). */
typedef uint64_t uaddr_t;

#define PORT_NULL ((port_name_t)0)
/* In a received message: a right that died in transit. */
#define PORT_DEAD ((port_name_t)0x7fffffff)

#define NAME_INDEX(n)	      ((n)&0xffffff)
#define NAME_GEN(n)	      (((n) >> 24) & 0x7f)
#define NAME_MAKE(index, gen) ((port_name_t)(((gen)&0x7f) << 24 | ((index)&0xffffff)))

#endif
