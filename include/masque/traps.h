/*
 * The native traps: the one list from which the kernel's dispatch table and the
 * user-side wrappers are made.
 *
 * Calling convention: the syscall instruction with the trap number in rax and up to
 * six arguments in rdi, rsi, rdx, r10, r8, r9 (as Linux does). The result comes back
 * in rax: a KERN_* code, or for traps marked "->" a non-negative name, address or
 * count on success. rcx and r11 are clobbered; all other registers are preserved.
 * In a task with an emulation vector (task_set_emulation), only a syscall from the
 * emulation library's code is a native trap; the kernel redirects every other one,
 * whatever its number, to the library's entry point: Linux's read is 0, as is
 * debug_write, and the two are told apart by where the syscall comes from.
 *
 * X(number, name, argument count, type1, arg1, type2, arg2, ...)
 */
#ifndef MASQUE_TRAPS_H
#define MASQUE_TRAPS_H

#include <stdint.h>
#include <masque/device.h>
#include <masque/msg.h>
#include <masque/pager.h>
#include <masque/quota.h>
#include <masque/rights.h>
#include <masque/thread.h>
#include <masque/types.h>
#include <masque/vm.h>

/* A parameter that is an address in the caller's memory: a pointer to the caller, a
 * plain number (uaddr_t) to the kernel, which reaches user memory only through copyin
 * and copyout and so can never dereference one by mistake. */
#ifdef MASQUE_KERNEL
#define UADDR(type) uaddr_t
#else
#define UADDR(type) type
#endif

#define MASQUE_TRAPS(X)                                                                              \
	/* Print on the kernel console (debugging and boot-time output). */                          \
	X(0, debug_write, 2, UADDR(const char *), buf, uint64_t, len)                                \
	/* Send, receive, or both atomically (see msg.h). */                                         \
	X(1, msg_trap, 6, uint32_t, options, UADDR(struct msg_header *), send,                       \
	  UADDR(struct msg_header *), rcv, port_name_t, rcv_name, uint32_t, rcv_size, uint64_t,      \
	  timeout_ns)                                                                                \
	/* -> name: a new port (RIGHT_RECEIVE) or port set (RIGHT_PORT_SET). */                      \
	X(2, port_allocate, 1, uint32_t, right)                                                      \
	/* Remove every right the name holds; a receive right's port dies. */                        \
	X(3, port_destroy, 1, port_name_t, name)                                                     \
	/* Add delta user references to a send or dead-name right; delta -1 releases a             \
	 * send-once, receive or port-set right. */ \
	X(4, port_mod_refs, 3, port_name_t, name, uint32_t, right, int32_t, delta)                   \
	/* Give task, at name in its space, the right made from our right_name by                  \
	 * disposition; -> the name used (a fresh one when name is PORT_NULL). */ \
	X(5, port_insert_right, 4, port_name_t, task, port_name_t, name, port_name_t, right_name,    \
	  uint32_t, disposition)                                                                     \
	/* Put a port (receive right) into a set, or out of its set if set is PORT_NULL. */          \
	X(6, port_move_member, 2, port_name_t, member, port_name_t, set)                             \
	/* Ask for a NOTIFY_* message on the port whose receive right is notify (PORT_NULL         \
	 * cancels). */ \
	X(7, port_request_notify, 3, port_name_t, name, uint32_t, kind, port_name_t, notify)         \
	/* What a name holds: rights, references, queue (struct port_status). */                     \
	X(8, port_status, 2, port_name_t, name, UADDR(struct port_status *), out)                    \
	/* Set how many messages a port queues before senders wait (1 to PORT_QLIMIT_MAX). */        \
	X(9, port_set_qlimit, 2, port_name_t, name, uint32_t, qlimit)                                \
	/* -> name of a send right to the caller's own task. */                                      \
	X(10, task_self, 0)                                                                          \
	/* -> name of a send right to the calling thread. */                                         \
	X(11, thread_self, 0)                                                                        \
	/* -> name: a task made from the blueprint task per TASK_* flags, with no threads. */        \
	X(12, task_create, 3, port_name_t, blueprint, uint32_t, flags, UADDR(const char *), label)   \
	/* End a task: its threads stop, its rights and memory go. */                                \
	X(13, task_terminate, 1, port_name_t, task)                                                  \
	/* -> name of a send right to a SPECIAL_* port of the task, PORT_NULL if none. */            \
	X(14, task_get_special, 2, port_name_t, task, uint32_t, which)                               \
	/* Set a SPECIAL_* port of the task (a copy of our send right; PORT_NULL clears            \
	 * it). */ \
	X(15, task_set_special, 3, port_name_t, task, uint32_t, which, port_name_t, port)            \
	/* -> name: a new thread in task, suspended once; set its state, then resume it. */          \
	X(16, thread_create, 1, port_name_t, task)                                                   \
	/* End a thread (at once if it is the caller, else when it next leaves the kernel). */       \
	X(17, thread_terminate, 1, port_name_t, thread)                                              \
	/* Suspend a thread (counted): it stops when it next leaves the kernel. */                   \
	X(18, thread_suspend, 1, port_name_t, thread)                                                \
	/* Undo one suspension; the thread runs again when none is left. */                          \
	X(19, thread_resume, 1, port_name_t, thread)                                                 \
	/* Break the thread out of a blocking wait (or its next one), which returns KERN_ABORTED. */ \
	X(20, thread_abort, 1, port_name_t, thread)                                                  \
	/* Read a thread's user registers (struct thread_state). */                                  \
	X(21, thread_get_state, 2, port_name_t, thread, UADDR(struct thread_state *), out)           \
	/* Set a thread's user registers (the flags only as far as user mode may). */                \
	X(22, thread_set_state, 2, port_name_t, thread, UADDR(const struct thread_state *), in)      \
	/* Set a thread's priority (PRIORITY_MIN to PRIORITY_MAX; higher runs first). */             \
	X(23, thread_set_priority, 2, port_name_t, thread, uint32_t, priority)                       \
	/* Let another thread of the same priority run. */                                           \
	X(24, thread_yield, 0)                                                                       \
	/* -> address of size bytes of zero-filled memory (VM_ANYWHERE or VM_FIXED). */              \
	X(25, vm_allocate, 4, port_name_t, task, uint64_t, addr, uint64_t, size, uint32_t, flags)    \
	/* Remove the pages of [addr, addr + size) from the task's address space. */                 \
	X(26, vm_deallocate, 3, port_name_t, task, uint64_t, addr, uint64_t, size)                   \
	/* Set the protection (or, with VM_PROT_SET_MAX, lower the maximum) of a range. */           \
	X(27, vm_protect, 4, port_name_t, task, uint64_t, addr, uint64_t, size, uint32_t,            \
	  protection)                                                                                \
	/* Set how a range passes to tasks made from this one (VM_INHERIT_*). */                     \
	X(28, vm_inherit, 4, port_name_t, task, uint64_t, addr, uint64_t, size, uint32_t,            \
	  inheritance)                                                                               \
	/* Copy from another task's memory into ours. */                                             \
	X(29, vm_read, 4, port_name_t, task, uint64_t, addr, UADDR(void *), buf, uint64_t, size)     \
	/* Copy from our memory into another task's. */                                              \
	X(30, vm_write, 4, port_name_t, task, uint64_t, addr, UADDR(const void *), buf, uint64_t,    \
	  size)                                                                                      \
	/* Describe the region containing or following addr (struct vm_region_info). */              \
	X(31, vm_region, 3, port_name_t, task, uint64_t, addr, UADDR(struct vm_region_info *),       \
	  out)                                                                                       \
	/* With the host port: let task use I/O ports first to first + count - 1. */                 \
	X(32, io_grant, 4, port_name_t, host, port_name_t, task, uint32_t, first, uint32_t, count)   \
	/* -> nanoseconds since boot (the clock page gives the same without a trap). */              \
	X(33, clock_now, 0)                                                                          \
	/* -> address: map a memory object (or anonymous memory) as args say. */                     \
	X(34, vm_map, 2, port_name_t, task, UADDR(const struct vm_map_args *), args)                 \
	/* Pager trap on a control port: the data of pages (or zero fill) for the kernel's         \
	 * cache. */ \
	X(35, pager_supply, 5, port_name_t, control, uint64_t, offset, UADDR(const void *), data,    \
	  uint64_t, size, uint32_t, flags)                                                           \
	/* Pager trap: the pages cannot be had. A thread faulting on one gets an                \
	 * EXC_MEMORY_ERROR exception (code KERN_MEMORY_ERROR), a kernel copy from one fails; \
	 * no reason travels, since Linux makes every such fault the same SIGBUS. */    \
	X(36, pager_error, 3, port_name_t, control, uint64_t, offset, uint64_t, size)                \
	/* Pager trap: clean or flush pages, lock or unlock access to them. */                       \
	X(37, pager_lock, 5, port_name_t, control, uint64_t, offset, uint64_t, size, uint32_t,       \
	  flags, uint32_t, deny)                                                                     \
	/* Physical memory and fault counts (struct vm_stats). */                                    \
	X(38, vm_statistics, 1, UADDR(struct vm_stats *), out)                                       \
	/* With the host port: a line's interrupts as messages to port (PORT_NULL: none). */         \
	X(39, irq_attach, 3, port_name_t, host, uint32_t, irq, port_name_t, port)                    \
	/* With the host port: unmask a line again after its interrupt message. */                   \
	X(40, irq_ack, 2, port_name_t, host, uint32_t, irq)                                          \
	/* With the host port: -> address of size bytes of contiguous DMA memory; where in         \
	 * *out. */ \
	X(41, dma_allocate, 3, port_name_t, host, uint64_t, size, UADDR(struct dma_region *), out)   \
	/* With the host port: -> address in task of device memory [phys, phys + size),            \
	 * uncached. */ \
	X(42, vm_map_physical, 4, port_name_t, host, port_name_t, task, uint64_t, phys, uint64_t,    \
	  size)                                                                                      \
	/* With the host port: -> the value read (or written) at a PCI configuration               \
	 * address. */ \
	X(43, pci_config, 4, port_name_t, host, uint32_t, address, uint32_t, width_write,            \
	  uint32_t, value)                                                                           \
	/* With the host port: where anonymous memory goes when memory runs short. */                \
	X(44, host_set_default_pager, 2, port_name_t, host, port_name_t, port)                       \
	/* System-call redirection: from now on a syscall in task from outside [code, code         \
	 * + size) enters entry instead of the kernel, registers untouched but rcx (the            \
	 * return address) and r11 (the flags); entry 0 turns it off. */ \
	X(45, task_set_emulation, 4, port_name_t, task, uint64_t, entry, uint64_t, code, uint64_t,   \
	  size)                                                                                      \
	/* Wait while the 32-bit word at addr holds expected (else KERN_VALUE_CHANGED),            \
	 * until futex_wake, the timeout or thread_abort; FUTEX_SHARED keys the word by its        \
	 * memory object, for waiters in several tasks. */ \
	X(46, futex_wait, 4, UADDR(const uint32_t *), addr, uint32_t, expected, uint32_t, flags,     \
	  uint64_t, timeout_ns)                                                                      \
	/* -> how many of the threads waiting on the word were woken (at most count). */             \
	X(47, futex_wake, 3, UADDR(const uint32_t *), addr, uint32_t, count, uint32_t, flags)        \
	/* Read a task's quotas: limits, what it uses of them, its maximum priority. */              \
	X(48, task_get_quota, 2, port_name_t, task, UADDR(struct task_quota *), out)                 \
	/* Set a task's quotas (used is ignored): lowering needs only the task port,               \
	 * raising also the host port (host PORT_NULL: none). */ \
	X(49, task_set_quota, 3, port_name_t, host, port_name_t, task,                               \
	  UADDR(const struct task_quota *), in)                                                      \
	/* Set a thread's fs or gs base (which: THREAD_FS_BASE, THREAD_GS_BASE), at once if it is  \
	 * the caller: Linux's arch_prctl, and the emulation library's per-thread data. */ \
	X(50, thread_set_base, 3, port_name_t, thread, uint32_t, which, uint64_t, base)              \
	/* -> address: move the regions of [addr, addr + size) (all mapped) to new_addr (VM_FIXED, \
	 * where nothing is mapped; new_addr == addr: in place) or to free space at or above it,    \
	 * cut or grown to new_size; the pages go along, not copied. Growth maps more of what the   \
	 * last region maps (a file, shared or copied as the region is), or zero-filled memory;  \
	 * VM_REMAP_KEEP leaves the old range mapped as vm_discard would leave it. */ \
	X(51, vm_remap, 6, port_name_t, task, uint64_t, addr, uint64_t, size, uint64_t, new_addr,    \
	  uint64_t, new_size, uint32_t, flags)                                                       \
	/* Drop the pages a range holds for itself: a region not shared (VM_INHERIT_SHARE) reads   \
	 * again what it copies, the file of a private file mapping or zeros for anonymous memory; \
	 * shared memory keeps its pages. */ \
	X(52, vm_discard, 3, port_name_t, task, uint64_t, addr, uint64_t, size)                      \
	/* The CPU time a thread has used (struct cpu_times). */                                     \
	X(53, thread_times, 2, port_name_t, thread, UADDR(struct cpu_times *), out)                  \
	/* The CPU time a task's threads have used, those that exited included. */                   \
	X(54, task_times, 2, port_name_t, task, UADDR(struct cpu_times *), out)                      \
	/* -> name: a new port (receive right) in the port set set, what port_allocate then        \
	 * port_move_member do, with PORT_NOTIFY_NO_SENDERS in flags also what                       \
	 * port_request_notify(name, NOTIFY_NO_SENDERS, name) does: one trap for a server's         \
	 * new object. */ \
	X(55, port_allocate_member, 2, port_name_t, set, uint32_t, flags)                            \
	/* Send cpu_alarm.expired(clock) to port, once, when the task's CPU time on a CPU_CLOCK_*  \
	 * (as task_times counts it) reaches at_ns; at once if it has. One alarm per clock: a    \
	 * new one replaces the old; at_ns 0 or port PORT_NULL only cancels. */ \
	X(56, task_cpu_alarm, 4, port_name_t, task, uint32_t, clock, uint64_t, at_ns, port_name_t,   \
	  port)                                                                                      \
	/* -> name: a send right to a new view of the memory object object (a send or receive     \
	 * right, or a view): a port vm_map takes as the object, whose shared mappings allow at    \
	 * most max_prot (VM_PROT_*); private copies any protection. */  \
	X(57, memory_object_view, 2, port_name_t, object, uint32_t, max_prot)                        \
	/* [addr, addr + size) of task to becomes what task maps there, shared from then on as a  \
	 * child made with VM_INHERIT_SHARE shares it (a private region's copy becomes the one     \
	 * both see): to's own regions there go, holes stay holes. Two tasks that are one         \
	 * process's memory (a vfork child and its parent) keep each other's mappings so. A       \
	 * refusal (to's regions quota, kernel memory) leaves to's regions as they were. */  \
	X(58, vm_share, 4, port_name_t, task, uint64_t, addr, uint64_t, size, port_name_t, to)

#define FUTEX_SHARED 0x1

/* How many traps there are: one per entry of the list. Their numbers run from 0 to
 * TRAP_COUNT - 1 without a gap, since kern/syscall.c's table refuses a number out of
 * range or given twice. */
#define TRAP_COUNTED(num, name, ...) +1
#define TRAP_COUNT		     (0 MASQUE_TRAPS(TRAP_COUNTED))

/* Trap numbers as constants: TRAP_msg, TRAP_port_allocate, ... */
enum trap_number {
#define TRAP_ENUM(num, name, ...) TRAP_##name = num,
	MASQUE_TRAPS(TRAP_ENUM)
#undef TRAP_ENUM
};

/* Helpers to expand the (type, name) pairs of an entry. */
#define TRAP_PARAMS_0()					      void
#define TRAP_PARAMS_1(t1, a1)				      t1 a1
#define TRAP_PARAMS_2(t1, a1, t2, a2)			      t1 a1, t2 a2
#define TRAP_PARAMS_3(t1, a1, t2, a2, t3, a3)		      t1 a1, t2 a2, t3 a3
#define TRAP_PARAMS_4(t1, a1, t2, a2, t3, a3, t4, a4)	      t1 a1, t2 a2, t3 a3, t4 a4
#define TRAP_PARAMS_5(t1, a1, t2, a2, t3, a3, t4, a4, t5, a5) t1 a1, t2 a2, t3 a3, t4 a4, t5 a5
#define TRAP_PARAMS_6(t1, a1, t2, a2, t3, a3, t4, a4, t5, a5, t6, a6) \
	t1 a1, t2 a2, t3 a3, t4 a4, t5 a5, t6 a6

#define TRAP_ARGS_0()			    0, 0, 0, 0, 0, 0
#define TRAP_ARGS_1(t1, a1)		    (uint64_t)(a1), 0, 0, 0, 0, 0
#define TRAP_ARGS_2(t1, a1, t2, a2)	    (uint64_t)(a1), (uint64_t)(a2), 0, 0, 0, 0
#define TRAP_ARGS_3(t1, a1, t2, a2, t3, a3) (uint64_t)(a1), (uint64_t)(a2), (uint64_t)(a3), 0, 0, 0
#define TRAP_ARGS_4(t1, a1, t2, a2, t3, a3, t4, a4) \
	(uint64_t)(a1), (uint64_t)(a2), (uint64_t)(a3), (uint64_t)(a4), 0, 0
#define TRAP_ARGS_5(t1, a1, t2, a2, t3, a3, t4, a4, t5, a5) \
	(uint64_t)(a1), (uint64_t)(a2), (uint64_t)(a3), (uint64_t)(a4), (uint64_t)(a5), 0
#define TRAP_ARGS_6(t1, a1, t2, a2, t3, a3, t4, a4, t5, a5, t6, a6)                     \
	(uint64_t)(a1), (uint64_t)(a2), (uint64_t)(a3), (uint64_t)(a4), (uint64_t)(a5), \
		(uint64_t)(a6)

/* Casts six raw register values a[0..5] to the entry's parameter types. */
#define TRAP_CAST_0()
#define TRAP_CAST_1(t1, a1)			    (t1) a[0]
#define TRAP_CAST_2(t1, a1, t2, a2)		    (t1) a[0], (t2)a[1]
#define TRAP_CAST_3(t1, a1, t2, a2, t3, a3)	    (t1) a[0], (t2)a[1], (t3)a[2]
#define TRAP_CAST_4(t1, a1, t2, a2, t3, a3, t4, a4) (t1) a[0], (t2)a[1], (t3)a[2], (t4)a[3]
#define TRAP_CAST_5(t1, a1, t2, a2, t3, a3, t4, a4, t5, a5) \
	(t1) a[0], (t2)a[1], (t3)a[2], (t4)a[3], (t5)a[4]
#define TRAP_CAST_6(t1, a1, t2, a2, t3, a3, t4, a4, t5, a5, t6, a6) \
	(t1) a[0], (t2)a[1], (t3)a[2], (t4)a[3], (t5)a[4], (t6)a[5]

#endif
