/* Signals in the process server (signal.c): who may signal whom, what is pending for
 * each process and thread, and how a thread is made to look (emul decides what a
 * signal does; the server routes it and wakes the thread). */
#ifndef PROC_SIGNAL_H
#define PROC_SIGNAL_H

#include <masque/types.h>
#include <stdint.h>
#include "process.h"

#define SIGKILL 9
#define SIGCHLD 17

/* Signals a process ignores until emul says otherwise: those whose default is to. */
#define DEFAULT_IGNORED \
	((1ull << (SIGCHLD - 1)) | (1ull << (18 - 1)) | (1ull << (23 - 1)) | (1ull << (28 - 1)))

/* Signal sig with info for p (to: one of its threads, or NULL for the process): 0, or
 * -EAGAIN when too many real-time signals are queued. */
int64_t signal_send(struct process *p, struct thread_rec *to, int sig, const struct sig_info *info);

/* A thread of p's, port a send right to it (taken over), block its emul block:
 * 0 or a negated errno. */
int64_t signal_add_thread(struct process *p, int32_t tid, port_name_t port, uint64_t block);

/* name (a dead thread port) no longer names a thread; whether it did. */
int signal_thread_gone(port_name_t name);

/* p has ended: its threads' records go, and what was pending. */
void signal_forget_threads(struct process *p);
/* p's parent changed: its threads' emul blocks say the new one (getppid). */
void signal_parent_changed(struct process *p);
/* A forked child's thread blocks hold its parent's view of pending signals: the
 * child's own (none yet, or what was sent to it already) goes in before it runs. */
void signal_publish_copy(struct process *child);

/* p's threads are gone, but not what is pending for the process (an exec's new task). */
void signal_drop_threads(struct process *p);
/* Every thread of p's but the one keep (a send right) names is told to end, its record
 * moved to p->ending until its port dies; keep takes the pid as its tid and comes
 * first. 0, or -ESRCH (nothing done) if keep is none of p's threads. */
int64_t signal_end_other_threads(struct process *p, port_name_t keep);
/* p goes on after a stop: the threads a poke could not reach meanwhile are poked. */
void signal_continued(struct process *p);

/* A CPU fault of p's thread (a send right; not taken) in the program's code becomes
 * signal sig with info for that thread, delivered when it resumes: 0, or a negative
 * code if it cannot be (the fault is then fatal). */
int64_t signal_fault(struct process *p, port_name_t thread, int sig, const struct sig_info *info);

#endif
