/* Hardware interrupts. The tick drives the scheduler; other lines have no listener
 * yet and stay masked. */
#include "arch/x86_64/pic.h"
#include "kern/irq.h"
#include "sched/sched.h"

void irq_handle(int irq)
{
	if (pic_is_spurious(irq))
		return;
	pic_eoi(irq);
	if (irq == IRQ_TIMER)
		sched_tick();
	else
		pic_mask(irq);
}
