/* Hardware interrupts. The tick drives the scheduler; a device line with a driver
 * attached is masked and reported to the driver's port (interfaces/irq.defs), until the
 * driver acks it. */
#include <masque/device.h>
#include <masque/error.h>
#include "arch/x86_64/pic.h"
#include "ipc/kmsg.h"
#include "ipc/port.h"
#include "ipc/right.h"
#include "kern/host.h"
#include "kern/irq.h"
#include "kern/syscall.h"
#include "sched/sched.h"
#include "task/task.h"
#include "task/thread.h"
#include "irq_ksend.h"

static struct port *listener[IRQ_LINES]; /* send rights the kernel holds */

static void report_irq(int irq)
{
	struct port *p = listener[irq];

	if (!p->active) { /* the driver is gone: the line falls silent */
		right_drop(p, TRANSIT_SEND);
		listener[irq] = NULL;
		return;
	}
	struct kmsg *k = irq_interrupt_kmsg(port_make_send(p), TRANSIT_SEND, irq);
	if (k)
		kmsg_post(k);
}

void irq_handle(int irq, int from_user)
{
	if (pic_is_spurious(irq))
		return;
	if (irq != IRQ_TIMER)
		pic_mask(irq); /* until the driver has dealt with its device */
	pic_eoi(irq);
	if (irq == IRQ_TIMER)
		sched_tick(from_user);
	else if (listener[irq])
		report_irq(irq);
}

int64_t sys_irq_attach(port_name_t host, uint32_t irq, port_name_t port)
{
	struct port *p = NULL;
	unsigned transit;
	int err = host_check(host);

	if (err)
		return err;
	if (irq >= IRQ_LINES || irq == IRQ_TIMER || irq == 2 /* the cascade */)
		return KERN_INVALID_ARGUMENT;
	if (port != PORT_NULL) {
		struct cap *e = right_lookup(&current->task->space, port);
		unsigned d = e && (e->rights & RIGHT_RECEIVE) ? MSG_MAKE_SEND : MSG_COPY_SEND;
		if ((err = right_take_one(&current->task->space, port, d, &p, &transit)))
			return err;
		if (!p)
			return KERN_PORT_DEAD;
		if (listener[irq] && listener[irq]->active) {
			right_drop(p, TRANSIT_SEND);
			return KERN_BUSY;
		}
	}
	if (listener[irq])
		right_drop(listener[irq], TRANSIT_SEND);
	listener[irq] = p;
	if (p)
		pic_unmask(irq);
	else
		pic_mask(irq);
	return KERN_SUCCESS;
}

int64_t sys_irq_ack(port_name_t host, uint32_t irq)
{
	int err = host_check(host);

	if (err)
		return err;
	if (irq >= IRQ_LINES || !listener[irq])
		return KERN_INVALID_ARGUMENT;
	pic_unmask(irq);
	return KERN_SUCCESS;
}
