/* Signal state kept in emul (signal.c). */
#ifndef EMUL_SIGNAL_H
#define EMUL_SIGNAL_H

/* exec: caught signals go back to their default action; ignored ones stay ignored,
 * and the mask stays, as Linux does. */
void signal_reset_on_exec(void);

/* A write found no reader: SIGPIPE's default action ends the process; otherwise the
 * write fails with EPIPE (the return value). Until handlers are delivered, a caught
 * SIGPIPE is as an ignored one. */
int64_t signal_broken_pipe(void);

#endif
