/* Kernel-made notification messages (interfaces/notify.defs), each sent through a
 * send-once right. */
#include "ipc/kmsg.h"
#include "ipc/notify.h"
#include "ipc/port.h"
#include "ipc/right.h"
#include "notify_ksend.h"

/* Post a notification k (NULL: no memory, the notice is lost). */
static void post(struct kmsg *k, int silent)
{
	if (!k)
		return;
	k->silent = silent;
	kmsg_post(k);
}

void notify_send_once(struct port *so)
{
	post(notify_send_once_kmsg(so, TRANSIT_SEND_ONCE), 1);
}

void notify_dead_name(struct port *so, port_name_t name)
{
	post(notify_dead_name_kmsg(so, TRANSIT_SEND_ONCE, name), 0);
}

void notify_no_senders(struct port *so, uint32_t make_sends)
{
	post(notify_no_senders_kmsg(so, TRANSIT_SEND_ONCE, make_sends), 0);
}
