/* Hardware interrupts: the tick, and device lines delivered to user drivers. */
#ifndef KERN_IRQ_H
#define KERN_IRQ_H

/* Line irq interrupted; from_user: the CPU was running user code (the timer charges
 * the running thread's time there or to the kernel). */
void irq_handle(int irq, int from_user);

#endif
