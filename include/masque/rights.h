/* Port rights, message dispositions and notifications. */
#ifndef MASQUE_RIGHTS_H
#define MASQUE_RIGHTS_H

#include <masque/types.h>

/* What a name holds (bits of port_status.rights). A receive right and send rights
 * to the same port share one name; each send-once right has a name of its own. */
#define RIGHT_RECEIVE	0x01
#define RIGHT_SEND	0x02
#define RIGHT_SEND_ONCE 0x04
#define RIGHT_PORT_SET	0x08
#define RIGHT_DEAD_NAME 0x10

/* What a message does with the sender's right (msg_header.bits, port descriptors).
 * In a received message the disposition field says which right arrived: RECEIVE,
 * SEND or SEND_ONCE, written as the matching MOVE_ value. */
#define MSG_MOVE_RECEIVE   1
#define MSG_MOVE_SEND	   2
#define MSG_MOVE_SEND_ONCE 3
#define MSG_COPY_SEND	   4
#define MSG_MAKE_SEND	   5 /* from a receive right */
#define MSG_MAKE_SEND_ONCE 6 /* from a receive right */

/* Notification kinds for port_request_notify; the messages sent are declared in
 * interfaces/notify.defs. */
#define NOTIFY_DEAD_NAME  1 /* the port of a send or send-once right died */
#define NOTIFY_NO_SENDERS 2 /* the last send right of a receive right went away */
#define NOTIFY_SEND_ONCE  3 /* a send-once right was destroyed unused (not requested) */

/* port_allocate_member's flags: the new port's no-senders notification to itself. */
#define PORT_NOTIFY_NO_SENDERS 0x1

/* Limits of a port's message queue (port_set_qlimit). */
#define PORT_QLIMIT_DEFAULT 5
#define PORT_QLIMIT_MAX	    64

/* What port_status reports of a name. */
struct port_status {
	uint32_t rights;      /* RIGHT_* bits */
	uint32_t send_refs;   /* user references of send or dead-name rights */
	uint32_t msg_count;   /* receive right: messages queued */
	uint32_t qlimit;      /* receive right: queue limit */
	uint32_t make_sends;  /* receive right: send rights made so far (for no-senders) */
	uint32_t has_senders; /* receive right: send rights exist */
	port_name_t set;      /* receive right: the port set it belongs to, or PORT_NULL */
	uint32_t set_members; /* port set: number of member ports */
};

#endif
