/* The messages the kernel sends about ports: dead names, no senders, unused
 * send-once rights. Each goes through a send-once right the kernel holds. */
#ifndef IPC_NOTIFY_H
#define IPC_NOTIFY_H

#include <masque/types.h>
#include <stdint.h>

struct port;

void notify_send_once(struct port *so);
void notify_dead_name(struct port *so, port_name_t name);
void notify_no_senders(struct port *so, uint32_t make_sends);

#endif
