/* An exec's end of the process's other threads (exec_single.c), as Linux's de_thread. */
#ifndef PROC_EXEC_SINGLE_H
#define PROC_EXEC_SINGLE_H

#include "process.h"

/* p's ended threads are all gone (or p is): the exec_single waiting for them, if any,
 * is answered. */
void exec_single_done(struct process *p);

#endif
