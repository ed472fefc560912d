/* Job control on a terminal's reads and writes: a call of a background group of the
 * session the terminal controls stops its group, as Linux's tty_check_change. */
#ifndef TTY_JOBCTL_H
#define TTY_JOBCTL_H

#include <masque/types.h>
#include <stdint.h>

struct terminal;

/* Whether the process of port process (blocked: its signal mask) may read (sig
 * SIGTTIN) or write (SIGTTOU) t now: 0; -EIO (it ignores or blocks SIGTTIN, or its
 * group is orphaned); or -EINTR once its group has been sent sig (the call restarts
 * when the group runs again). */
int64_t jobctl_check(struct terminal *t, port_name_t process, uint64_t blocked, int sig);

#endif
