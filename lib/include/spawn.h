/* Running a function in a new task made from this one (Mach's task blueprint). */
#ifndef LIB_SPAWN_H
#define LIB_SPAWN_H

#include <masque/types.h>
#include <stdint.h>

/* Start fn(arg) in a new task whose memory is a copy-on-write copy of ours (and which
 * holds our send rights at the same names with TASK_INHERIT_SENDS in flags); fn's
 * return ends the task. Returns a send right to the task; a send right to its thread
 * in *thread unless thread is NULL. */
int64_t task_spawn(void (*fn)(uint64_t), uint64_t arg, unsigned flags, port_name_t *thread);

/* A new port (a receive right) that gets a dead-name notification when task ends. */
int64_t task_death_port(port_name_t task);

#endif
