/*
 * The name service the bootstrap keeps (interfaces/ns.defs): servers register send
 * rights under names, other tasks look them up. Every task it starts gets a send
 * right to the service as its bootstrap special port. The bootstrap has one thread,
 * so it answers requests whenever it waits for anything else.
 */
#ifndef BOOTSTRAP_NAMES_H
#define BOOTSTRAP_NAMES_H

#include <masque/types.h>
#include <stdint.h>

/* The service has two ports. Every task gets the ordinary one; privileged tasks
 * (drivers, the default pager) get the other, where "host" looks up the host port. */
int names_init(port_name_t host);
/* The port to give a task (a name holding receive and send rights). */
port_name_t names_port(int privileged);
/* Serve requests until a message arrives on watch (a receive right, which joins the
 * service's port set meanwhile) or deadline (ns since boot, 0: none) passes:
 * KERN_SUCCESS or KERN_TIMED_OUT. watch PORT_NULL: serve until the deadline. */
int names_serve_until(port_name_t watch, uint64_t deadline);
/* Serve until name is registered, or the deadline passes. */
int names_wait_for(const char *name, uint64_t deadline);
/* The send right registered under name (still ours), or PORT_NULL. */
port_name_t names_find(const char *name);

#endif
