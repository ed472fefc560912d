/* The host port: holding a send right to it is the privilege over devices. */
#ifndef KERN_HOST_H
#define KERN_HOST_H

#include <masque/types.h>

struct port;
extern struct port *host_port;

int host_init(void);
/* KERN_SUCCESS if name is a send right to the host port in the caller's space. */
int host_check(port_name_t name);
/* The port anonymous memory is paged out to (a send right), or NULL. */
extern struct port *default_pager;

#endif
