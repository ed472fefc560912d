/* Kernel-made notification messages, each sent through a send-once right. */
#include "ipc/kmsg.h"
#include "ipc/notify.h"
#include "ipc/port.h"
#include "ipc/right.h"

static void send_notification(struct port *so, unsigned kind, port_name_t name, uint32_t make_sends,
			      int silent)
{
	struct kmsg *k = kmsg_kernel(so, TRANSIT_SEND_ONCE, NOTIFY_MSG_ID(kind),
				     sizeof(struct notify_msg), 0);

	if (!k)
		return; /* no memory: the notice is lost */
	struct notify_msg *m = (struct notify_msg *)&k->msg;
	m->name = name;
	m->make_sends = make_sends;
	k->silent = silent;
	kmsg_post(k);
}

void notify_send_once(struct port *so)
{
	send_notification(so, NOTIFY_SEND_ONCE, PORT_NULL, 0, 1);
}

void notify_dead_name(struct port *so, port_name_t name)
{
	send_notification(so, NOTIFY_DEAD_NAME, name, 0, 0);
}

void notify_no_senders(struct port *so, uint32_t make_sends)
{
	send_notification(so, NOTIFY_NO_SENDERS, PORT_NULL, make_sends, 0);
}
