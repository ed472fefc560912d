/* The process server's work (ops.c): what the first process and every later one get,
 * and how a process's end travels to its parent. */
#ifndef PROC_OPS_H
#define PROC_OPS_H

#include <masque/types.h>
#include <stdint.h>

struct process;

/* The ports every process is served on: the set, and in it where CPU faults and task
 * deaths arrive. */
extern port_name_t server_set, exception_port, deaths_port;

/* The pipe server, which every process is given, or PORT_NULL. */
extern port_name_t pipes_port;

/* A new port of ours in the set (a receive right), or PORT_NULL. */
port_name_t port_in_set(void);

/* Watch p's task: its death comes to deaths_port. */
int64_t watch_task(struct process *p);

/* p has ended with wait_status (if it had not already): its task goes, its children
 * go to init, and a parent waiting for it hears now. */
void process_end(struct process *p, int32_t wait_status);

#endif
