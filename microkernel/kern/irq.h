/* Hardware interrupts: the tick, and device lines delivered to user drivers. */
#ifndef KERN_IRQ_H
#define KERN_IRQ_H

void irq_handle(int irq);

#endif
