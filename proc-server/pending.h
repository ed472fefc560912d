/* Pending signals of a process or a thread (pending.c; struct pending: process.h). */
#ifndef PROC_PENDING_H
#define PROC_PENDING_H

#include <stdint.h>
#include "process.h"

/* Add sig with info: 0, or -EAGAIN when a real-time queue is full (a standard signal
 * already pending stays as it was: 0). */
int64_t pending_add(struct pending *q, int sig, const struct sig_info *info);

/* The first pending instance of sig (which must be pending), removed. */
struct sig_info pending_take(struct pending *q, int sig);

/* The info of sig's first pending instance (sig pending). */
const struct sig_info *pending_peek(const struct pending *q, int sig);

/* Forget every pending signal of set. */
void pending_discard(struct pending *q, uint64_t set);

#endif
