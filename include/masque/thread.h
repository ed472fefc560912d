/* Threads and tasks: register state, special ports, creation flags, priorities. */
#ifndef MASQUE_THREAD_H
#define MASQUE_THREAD_H

#include <stdint.h>

/* A thread's user register state, read and written by thread_get/set_state. */
struct thread_state {
	uint64_t rax, rbx, rcx, rdx, rsi, rdi, rbp, rsp;
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
	uint64_t rip, rflags;
	uint64_t fs_base, gs_base;
};

/* CPU time used (thread_times, task_times), sampled at each timer tick: in user mode
 * (the program and its emulation library) or in the kernel on its behalf. Time
 * servers spend answering it is theirs. */
struct cpu_times {
	uint64_t user_ns, system_ns;
};

/* task_cpu_alarm: which of a task's CPU times an alarm watches */
#define CPU_CLOCK_USER 0 /* user mode only */
#define CPU_CLOCK_ALL  1 /* user mode and the kernel on its behalf */
#define CPU_CLOCKS     2

/* thread_set_base: which segment base */
#define THREAD_FS_BASE 0
#define THREAD_GS_BASE 1

/* Task special ports (task_get_special / task_set_special). */
#define SPECIAL_BOOTSTRAP 1 /* where the task finds its servers */
#define SPECIAL_EXCEPTION 2 /* where CPU faults of its threads are reported */
#define SPECIAL_MAX	  2

/* task_create flags */
#define TASK_INHERIT_MEMORY 0x1 /* regions by their inheritance; else an empty map */
#define TASK_INHERIT_SENDS \
	0x2 /* the blueprint's send rights, at the same names, but
				 * those to the blueprint's own task and threads */

#define TASK_LABEL_MAX 32

/* Thread priorities: higher runs first. */
#define PRIORITY_MIN	 1
#define PRIORITY_DEFAULT 16
#define PRIORITY_MAX	 31

#endif
