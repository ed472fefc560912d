/* A vfork's parent waits for its child to exec or end (vfork.c). */
#ifndef PROC_VFORK_H
#define PROC_VFORK_H

#include "process.h"

/* p has exec'd or ended: its vfork parent, if one waits, goes on. */
void vfork_release(struct process *p);

#endif
