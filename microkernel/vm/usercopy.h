/*
 * The kernel's only access to user memory. The current task's memory is copied
 * through the MMU by one instruction whose page faults are resolved as the user's own
 * accesses would be (or end the copy with an error); another task's memory through the
 * physmap after a software walk of its page tables, faulting pages in the same way.
 * Either way a bad user pointer is an error, never a kernel fault.
 */
#ifndef VM_USERCOPY_H
#define VM_USERCOPY_H

#include <masque/error.h>
#include <stdint.h>
#include <masque/vm.h>

struct vm_map;

/* The MMU copy (arch/x86_64/usercopy.S): 0, or the error of a fault that was
 * refused. */
int64_t user_copy(void *dst, const void *src, uint64_t len);
extern char user_copy_insn[], user_copy_tail[], user_copy_fault[];

int copyin(struct vm_map *m, void *dst, uint64_t src, uint64_t len);
int copyout(struct vm_map *m, uint64_t dst, const void *src, uint64_t len);
/* What a copy reports for the error of a refused fault. */
int copy_error(int fault_err);

/* Whether [va, va + len) lies in the user half. */
static inline int in_user_half(uint64_t va, uint64_t len)
{
	return va + len >= va && va + len <= VM_USER_TOP;
}

/* copyin and copyout of the current task's memory, inline: the message paths copy
 * four times a round trip. */
static inline int copyin_current(void *dst, uint64_t src, uint64_t len)
{
	if (!in_user_half(src, len))
		return KERN_INVALID_ADDRESS;
	int64_t err = user_copy(dst, (const void *)src, len);
	return __builtin_expect(err != 0, 0) ? copy_error((int)err) : KERN_SUCCESS;
}

static inline int copyout_current(uint64_t dst, const void *src, uint64_t len)
{
	if (!in_user_half(dst, len))
		return KERN_INVALID_ADDRESS;
	int64_t err = user_copy((void *)dst, src, len);
	return __builtin_expect(err != 0, 0) ? copy_error((int)err) : KERN_SUCCESS;
}
/* Copy a NUL-terminated string of at most max bytes (NUL included); returns its
 * length or an error (KERN_INVALID_ARGUMENT if unterminated). */
int64_t copyin_string(struct vm_map *m, char *dst, uint64_t src, uint64_t max);
/* Whether [va, va + len) is mapped writable right now (a copyout would not fault). */
int user_writable_now(struct vm_map *m, uint64_t va, uint64_t len);
/* Copy len bytes from one address space to another. */
int copy_between(struct vm_map *from, uint64_t src, struct vm_map *to, uint64_t dst, uint64_t len);

#endif
