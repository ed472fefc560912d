/*
 * The kernel's closed set of result codes: every trap returns one of these (or, for
 * traps that create something, a non-negative name or address). The RPC transport
 * (lib/rpc.c, the generated stubs) uses them too; servers answer with negated Linux
 * errno values instead (interfaces/README.md). The two never meet: a kernel failure is
 * -(KERN_ERROR_BASE + n), beyond every errno (Linux's run from 1 to 4095), as Hurd keeps
 * Mach's errors out of the errno range.
 */
#ifndef MASQUE_ERROR_H
#define MASQUE_ERROR_H

#include <stdint.h>

#define KERN_ERROR_BASE 0x10000

/* X(value, name, meaning) */
#define MASQUE_ERRORS(X)                                                                        \
	X(0, KERN_SUCCESS, "success")                                                           \
	X(-(KERN_ERROR_BASE + 1), KERN_INVALID_NAME, "name denotes no right in this space")     \
	X(-(KERN_ERROR_BASE + 2), KERN_INVALID_RIGHT, "name holds the wrong kind of right")     \
	X(-(KERN_ERROR_BASE + 3), KERN_INVALID_ARGUMENT, "invalid argument")                    \
	X(-(KERN_ERROR_BASE + 4), KERN_RESOURCE_SHORTAGE, "kernel out of memory")               \
	X(-(KERN_ERROR_BASE + 5), KERN_PORT_DEAD, "the port's receive right is gone")           \
	X(-(KERN_ERROR_BASE + 6), KERN_TIMED_OUT, "timed out")                                  \
	X(-(KERN_ERROR_BASE + 7), KERN_MSG_TOO_LARGE,                                           \
	  "message larger than the buffer or the limit")                                        \
	X(-(KERN_ERROR_BASE + 8), KERN_INVALID_ADDRESS, "address not mapped or not accessible") \
	X(-(KERN_ERROR_BASE + 9), KERN_NO_SPACE,                                                \
	  "no room left (address space, names, references)")                                    \
	X(-(KERN_ERROR_BASE + 10), KERN_ABORTED, "wait interrupted by thread_abort")            \
	X(-(KERN_ERROR_BASE + 11), KERN_INVALID_TRAP, "no such trap")                           \
	X(-(KERN_ERROR_BASE + 12), KERN_NO_ACCESS, "privilege or protection refused")           \
	X(-(KERN_ERROR_BASE + 13), KERN_INVALID_MSG, "malformed message")                       \
	X(-(KERN_ERROR_BASE + 14), KERN_NAME_EXISTS, "name already in use")                     \
	X(-(KERN_ERROR_BASE + 15), KERN_MEMORY_ERROR, "the pager could not supply the data")    \
	X(-(KERN_ERROR_BASE + 16), KERN_TERMINATED, "target task or thread is terminated")      \
	X(-(KERN_ERROR_BASE + 17), KERN_BUSY, "already in that state or in use")                \
	X(-(KERN_ERROR_BASE + 18), KERN_VALUE_CHANGED,                                          \
	  "the word no longer holds the expected value")                                        \
	X(-(KERN_ERROR_BASE + 19), KERN_RCV_ABORTED,                                            \
	  "the message went, but thread_abort ended the wait for the reply")

enum kern_return {
#define KERN_ENUM(v, name, text) name = v,
	MASQUE_ERRORS(KERN_ENUM)
#undef KERN_ENUM
};

/* Whether a result is one of the kernel's failure codes (not success, not a name, an
 * address or a count, not an errno value). */
static inline int kern_is_error(int64_t code)
{
	switch (code) {
#define KERN_CASE(v, name, text) case name:
		MASQUE_ERRORS(KERN_CASE)
#undef KERN_CASE
		return code != KERN_SUCCESS;
	}
	return 0;
}

#endif
