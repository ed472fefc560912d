/*
 * The kernel's closed set of result codes: every trap returns one of these (or, for
 * traps that create something, a non-negative name or address).
 */
#ifndef MASQUE_ERROR_H
#define MASQUE_ERROR_H

/* X(value, name, meaning) */
#define MASQUE_ERRORS(X)                                                         \
	X(0, KERN_SUCCESS, "success")                                            \
	X(-1, KERN_INVALID_NAME, "name denotes no right in this space")          \
	X(-2, KERN_INVALID_RIGHT, "name holds the wrong kind of right")          \
	X(-3, KERN_INVALID_ARGUMENT, "invalid argument")                         \
	X(-4, KERN_RESOURCE_SHORTAGE, "kernel out of memory")                    \
	X(-5, KERN_PORT_DEAD, "the port's receive right is gone")                \
	X(-6, KERN_TIMED_OUT, "timed out")                                       \
	X(-7, KERN_MSG_TOO_LARGE, "message larger than the buffer or the limit") \
	X(-8, KERN_INVALID_ADDRESS, "address not mapped or not accessible")      \
	X(-9, KERN_NO_SPACE, "no room left (address space, names, references)")  \
	X(-10, KERN_ABORTED, "wait interrupted by thread_abort")                 \
	X(-11, KERN_INVALID_TRAP, "no such trap")                                \
	X(-12, KERN_NO_ACCESS, "privilege or protection refused")                \
	X(-13, KERN_INVALID_MSG, "malformed message")                            \
	X(-14, KERN_NAME_EXISTS, "name already in use")                          \
	X(-15, KERN_MEMORY_ERROR, "the pager could not supply the data")         \
	X(-16, KERN_TERMINATED, "target task or thread is terminated")           \
	X(-17, KERN_BUSY, "already in that state or in use")                     \
	X(-18, KERN_VALUE_CHANGED, "the word no longer holds the expected value")

enum kern_return {
#define KERN_ENUM(v, name, text) name = v,
	MASQUE_ERRORS(KERN_ENUM)
#undef KERN_ENUM
};

#endif
