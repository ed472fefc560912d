/* From the syscall instruction to the trap handlers: one table, made from the trap
 * list, from number to a caller that casts the argument registers. */
#include <masque/error.h>
#include "arch/x86_64/trapframe.h"
#include "kern/syscall.h"
#include "task/task.h"
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

/* A syscall from a program under emulation: on to its emulation library, every
 * register as it is (rcx holds the return address, r11 the flags, as the syscall
 * instruction left them), leaving by iretq so that both survive. */
static int redirected(struct trapframe *tf)
{
	struct task *t = current->task;

	if (!t->emulation.entry ||
	    (tf->rcx >= t->emulation.code && tf->rcx < t->emulation.code_end))
		return 0;
	tf->rip = t->emulation.entry;
	tf->vector = 0;
	return 1;
}

void syscall_dispatch(struct trapframe *tf)
{
	const uint64_t *args = &tf->rdi; /* the six argument registers, in order */
	uint64_t n = tf->rax;

	if (redirected(tf)) {
		thread_user_boundary();
		return;
	}
	tf->rax = (uint64_t)(n < TRAP_COUNT ? trap_table[n](args) : KERN_INVALID_TRAP);
	thread_user_boundary();
}
