/* The host port: holding a send right to it is the privilege over devices. */
#ifndef KERN_HOST_H
#define KERN_HOST_H

struct port;
extern struct port *host_port;

int host_init(void);

#endif
