/* FIFOs, opened at the fs-server and served by the pipe server (pipe.c). */
#ifndef EMUL_FIFO_H
#define EMUL_FIFO_H

#include <masque/types.h>
#include <stdint.h>

/* *handle, the fs-server's handle on a FIFO node (its reference taken), becomes the
 * FIFO's pipe end: 0, or a negated errno (the wait for the other side is cut short by
 * a signal: -EINTR, restarted as Linux restarts open). */
int64_t pipe_open_fifo(port_name_t *handle);

#endif
