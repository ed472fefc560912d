/* The task's own ports, fetched once at start. */
#ifndef LIB_SELF_H
#define LIB_SELF_H

#include <masque/types.h>

extern port_name_t self_task;	   /* send right to our task port */
extern port_name_t bootstrap_port; /* where the name service is, or PORT_NULL */

#endif
