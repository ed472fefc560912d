/*
 * Tasks: an address map, a capability space and the threads running in them.
 * A task is named by its task port; holding a send right to it is the power to
 * control the task.
 */
#ifndef TASK_TASK_H
#define TASK_TASK_H

#include <masque/thread.h>
#include <stdint.h>
#include "ipc/capspace.h"
#include "kern/list.h"

struct ledger;
struct vm_map;
struct port;

struct task {
	uint32_t id;
	char label[TASK_LABEL_MAX];
	struct capspace space;
	struct vm_map *map;
	struct ledger *ledger; /* its quotas and what it holds of them */
	struct list threads;
	uint32_t thread_count;
	int terminating;
	struct port *self;		       /* the task port (a kernel object) */
	struct port *special[SPECIAL_MAX + 1]; /* send rights the kernel keeps */
	uint8_t *io_bitmap;		       /* I/O ports granted, or NULL */
	struct {
		uint64_t entry, code, code_end; /* entry 0: no redirection */
	} emulation;
	int vm_privileged; /* a system task (it used the host port):
						    it may use the memory reserve */
	struct list link;  /* in the list of all tasks */
};

int task_create(struct task *blueprint, unsigned flags, const char *label, struct task **out);
/* Stop every thread; the task is destroyed when the last one has left. */
void task_terminate(struct task *t);
/* The last send right to the task port went away. */
void task_unreachable(struct task *t);
/* The last thread is gone: release everything the task holds. */
void task_destroy(struct task *t);
/* The task a name in s denotes by a send right to its task port, or NULL. */
struct task *task_from_name(struct capspace *s, port_name_t name);

#endif
