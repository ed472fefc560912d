/* Signal state kept in emul (signal.c). */
#ifndef EMUL_SIGNAL_H
#define EMUL_SIGNAL_H

/* exec: caught signals go back to their default action; ignored ones stay ignored,
 * and the mask stays, as Linux does. */
void signal_reset_on_exec(void);

#endif
