/*
 * Handles: each open of a terminal is a port of ours (an open file description of the
 * file protocol), with its access mode and O_NONBLOCK, the device number it was opened
 * as, and the terminal; a /dev/tty handle stands for no terminal yet but for the
 * caller's controlling one (tty.controlling).
 */
#ifndef TTY_HANDLE_H
#define TTY_HANDLE_H

#include <dev_node.h>
#include <masque/types.h>
#include <stdint.h>

struct pty;
struct terminal;

struct handle {
	struct handle *next;
	port_name_t port;
	struct terminal *terminal; /* NULL for /dev/tty before it is resolved, and for a
				      pseudo-terminal's master */
	struct pty *pty;	   /* the pseudo-terminal of a master or slave, or NULL */
	uint32_t flags;		   /* O_ACCMODE, O_NONBLOCK */
	uint32_t rdev;		   /* Linux's st_rdev of the node opened */
	struct dev_node node;	   /* the node opened through, for stat */
};

/* The port set handles are served in (main.c). */
extern port_name_t tty_set;

/* A new handle on terminal (NULL: /dev/tty) opened through node rdev (a send right of
 * its own to node's file taken); its port (a receive right of ours, with the send right
 * for the client made by the reply) in h->port. */
int64_t handle_new(struct terminal *terminal, uint32_t flags, uint32_t rdev,
		   const struct dev_node *node, struct handle **h);

/* The handle of port, or NULL. */
struct handle *handle_of(port_name_t port);

/* The last send right of port went: the handle goes. */
void handle_free(port_name_t port);

/* Record locks on the nodes handles were opened through (locks.c), their owners'
 * notifications coming to a port in set: 0 or an error. */
int handle_locks_init(port_name_t set);

#endif
