/* FIFOs (fifo.c), and what they take from the rest of the pipe server. */
#ifndef PIPE_FIFO_H
#define PIPE_FIFO_H

#include <masque/types.h>
#include <stdint.h>

struct pipe;
struct fifo;

#define END_READ  1
#define END_WRITE 2

/* The port where pipes are made and FIFOs opened (main.c). */
extern port_name_t factory;

/* A new end of p for mode (END_READ, END_WRITE or both) with flags (O_NONBLOCK): its
 * port in *port; 0 or -ENFILE (main.c). */
int64_t end_new(struct pipe *p, unsigned mode, uint32_t flags, port_name_t *port);

/* Find the fs-server, which vouches for the FIFO handles clients bring. */
void fifo_init(void);

/* f's pipe is gone (its last end closed): f goes too. */
void fifo_forget(struct fifo *f);

/* Every open waiting for a FIFO's other side ends with -EINTR (fs.interrupt on the
 * factory: the waiter cannot be told apart; the others start their open again). */
void fifo_interrupt(void);

#endif
