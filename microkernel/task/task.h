/*
 * Tasks: an address map, a capability space and the threads running in them.
 * A task is named by its task port; holding a send right to it is the power to
 * control the task.
 *
 * Object lifetimes, the rule every trap and the fault path follow:
 * Decode, copy in, then look up. A trap copies all its user input into the kernel
 * before it looks up any object, so most traps never hold an object across a block.
 * An object that a trap or the fault path must use across anything that may block
 * (user copy, page grab, pager wait, message wait) is held by a counted reference
 * taken before the block, and any state decided from it is checked again after the
 * block. Tasks, threads (with their kernel stacks), address maps with their page
 * tables, memory objects and ports are freed only when their last reference goes;
 * termination tears down contents (threads stopped, rights destroyed, regions
 * removed) and marks the object terminated, and a holder of a reference that finds it
 * so fails with KERN_TERMINATED (or the error the revalidation gives).
 * References are counts, never "nothing changes until I block": on several CPUs a
 * lock or an atomic will protect them.
 */
#ifndef TASK_TASK_H
#define TASK_TASK_H

#include <masque/thread.h>
#include <stdint.h>
#include "arch/x86_64/entry_offsets.h"
#include "ipc/capspace.h"
#include "kern/list.h"

struct ledger;
struct vm_map;
struct port;

struct task {
	uint32_t refs; /* its own while it exists, each thread's, lookups' */
	uint32_t id;
	char label[TASK_LABEL_MAX];
	struct capspace space;
	struct vm_map *map;
	struct ledger *ledger; /* its quotas and what it holds of them */
	struct list threads;
	uint32_t thread_count;
	uint64_t user_ticks, system_ticks; /* of all its threads, those that exited too */
	struct cpu_alarm {
		uint64_t at_ticks;
		struct port *port; /* a send right the kernel holds; NULL: off */
	} cpu_alarm[CPU_CLOCKS];
	int terminating;
	struct port *self;		       /* the task port (a kernel object) */
	struct port *special[SPECIAL_MAX + 1]; /* send rights the kernel keeps */
	uint8_t *io_bitmap;		       /* I/O ports granted, or NULL */
	struct emulation {
		uint64_t entry, code, code_end; /* entry 0: no redirection */
	} emulation;
	int vm_privileged; /* a system task (it used the host port):
						    it may use the memory reserve */
	struct list link;  /* in the list of all tasks */
};

_Static_assert(__builtin_offsetof(struct emulation, entry) == EMULATION_ENTRY &&
		       __builtin_offsetof(struct emulation, code) == EMULATION_CODE &&
		       __builtin_offsetof(struct emulation, code_end) == EMULATION_CODE_END,
	       "entry_offsets.h");

/* The emulation of the current thread's task (the syscall entry's redirect reads it);
 * switches keep it. */
extern const struct emulation *cpu_emulation;

/* A new task, with a reference for the caller. */
int task_create(struct task *blueprint, unsigned flags, const char *label, struct task **out);
void task_ref(struct task *t);
/* Drop a reference; the last one frees the task (and its map, when that goes). */
void task_release(struct task *t);
/* Stop every thread; the task is destroyed when the last one has left. */
void task_terminate(struct task *t);
/* A send right to the task port went away; senders are left. */
void task_lost_sender(struct task *t, uint32_t senders);
/* End every task without threads that nobody but itself holds. */
void task_reap_unreachable(void);
/* The last thread is gone: release everything the task holds. */
void task_destroy(struct task *t);
/* The task a name in s denotes by a send right to its task port, referenced (the
 * caller releases it); KERN_TERMINATED once the task is terminating. */
int task_from_name(struct capspace *s, port_name_t name, struct task **out);

#endif
