/* From the syscall instruction to the trap handlers: one table, made from the trap
 * list, from number to a caller that casts the argument registers. */
#include <masque/error.h>
#include "arch/x86_64/trapframe.h"
#include "arch/x86_64/entry_offsets.h"
#include "kern/syscall.h"
#include "task/thread.h"

#define SYS_CALLER(num, name, n, ...)                          \
	static int64_t call_##name(const uint64_t *a)          \
	{                                                      \
		(void)a;                                       \
		return sys_##name(TRAP_CAST_##n(__VA_ARGS__)); \
	}
MASQUE_TRAPS(SYS_CALLER)
#undef SYS_CALLER

/* Sized by the count of entries: a number out of range is a compile error, a number
 * given twice a warning (-Woverride-init), so the numbers fill the table. */
static int64_t (*const trap_table[TRAP_COUNT])(const uint64_t *) = {
#define SYS_ENTRY(num, name, ...) [num] = call_##name,
	MASQUE_TRAPS(SYS_ENTRY)
#undef SYS_ENTRY
};

_Static_assert(TRAP_msg_trap == TRAP_MSG, "entry_offsets.h");

/* The message trap, from entry.S. */
void syscall_msg(uint32_t options, uaddr_t send, uaddr_t rcv, port_name_t rcv_name,
		 uint32_t rcv_size, uint64_t timeout_ns)
{
	current->tf->rax =
		(uint64_t)sys_msg_trap(options, send, rcv, rcv_name, rcv_size, timeout_ns);
	thread_user_boundary();
}

/* Every other trap: every syscall but a program's under emulation, which entry.S
 * redirects, and the message trap. */
void syscall_dispatch(struct trapframe *tf)
{
	const uint64_t *args = &tf->rdi; /* the six argument registers, in order */
	uint64_t n = tf->rax;

	tf->rax = (uint64_t)(n < TRAP_COUNT ? trap_table[n](args) : KERN_INVALID_TRAP);
	thread_user_boundary();
}
