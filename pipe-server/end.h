/* The ends of pipes (main.c): each is a handle of the file protocol. */
#ifndef PIPE_END_H
#define PIPE_END_H

#include <masque/types.h>
#include <stdint.h>

struct pipe;

/* One end of a pipe: its port is the handle. */
struct end {
	struct end *next;
	port_name_t port;
	struct pipe *pipe;
	unsigned mode;	/* END_READ, END_WRITE or both */
	uint32_t flags; /* O_NONBLOCK */
};

/* The end whose port is port, or NULL. */
struct end *end_of(port_name_t port);

/* Record locks on the ends' pipes (locks.c), their notifications coming to set: 0, or a
 * negated errno. */
int end_locks_init(port_name_t set);

#endif
