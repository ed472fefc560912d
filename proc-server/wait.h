/* Children's ends, stops and continues, and their parents' waits (wait.c). */
#ifndef PROC_WAIT_H
#define PROC_WAIT_H

#include <stdint.h>
#include "process.h"

/* si_code values of SIGCHLD's siginfo (Linux's asm-generic/siginfo.h) */
#define CLD_EXITED    1
#define CLD_KILLED    2
#define CLD_STOPPED   5
#define CLD_CONTINUED 6

/* SIGCHLD with code and status (the exit code or the signal) to child's parent. */
void signal_parent(struct process *child, int code, int status);

/* child has something to report (it ended, stopped or continued): a parent waiting
 * for it hears it now. A child whose parent is gone, or which leaves no zombie
 * (SIGCHLD ignored), goes at once when it ends. */
void tell_parent(struct process *child);

/* Stop p on signal sig (its threads are suspended), and continue it. */
void process_stop(struct process *p, int sig);
void process_continue(struct process *p);

#endif
