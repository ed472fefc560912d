/* The legacy interrupt controllers. */
#ifndef ARCH_PIC_H
#define ARCH_PIC_H

#define IRQ_LINES 16
#define IRQ_TIMER 0

void pic_init(void);
void pic_unmask(int irq);
void pic_mask(int irq);
void pic_eoi(int irq);
int pic_is_spurious(int irq);

#endif
