/*
 * The process table: every Linux process the server runs, by pid, by its port here and
 * by its task; the tree of parents and children, and what a parent waits for.
 */
#ifndef PROC_PROCESS_H
#define PROC_PROCESS_H

#include <masque/types.h>
#include <stdint.h>

/* Process 1, init, is the server itself for now: orphans go to it, and it reaps them. */
#define INIT_PID 1

struct process {
	struct process *next;
	int32_t pid, ppid;
	int32_t pgid, sid;   /* its process group and session */
	port_name_t task;    /* a send right to its task */
	port_name_t port;    /* its port here (a receive right in the server's set) */
	int32_t wait_status; /* how it ended, -1 while it lives */
	port_name_t waiting; /* a wait's reply right while the process waits */
	int32_t wait_pid;    /* what it waits for */
	uint32_t wait_options;
};

/* A new entry (pid given, or the next free one for 0), in the table; NULL if memory
 * runs out. */
struct process *process_new(int32_t pid, int32_t ppid);

/* A number no process has (for a thread id: threads are not in the table, so after
 * the numbers wrap a thread's may come again; a pid never does while its process
 * lives). */
int32_t pid_allocate(void);

/* Remove p from the table and free it (its ports are the caller's to release). */
void process_free(struct process *p);

struct process *process_by_pid(int32_t pid);
struct process *process_by_port(port_name_t port);
struct process *process_by_task(port_name_t task);

/* Walk the table: the first entry, then the one after p. */
struct process *process_first(void);

#endif
