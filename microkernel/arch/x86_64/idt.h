/* Interrupt vectors and the syscall entry. */
#ifndef ARCH_IDT_H
#define ARCH_IDT_H

#define IDT_VECTORS	    48
#define VECTOR_NMI	    2
#define VECTOR_DOUBLE_FAULT 8
#define IRQ_BASE	    32 /* the PICs' 16 lines are vectors 32..47 */

void idt_init(void);
void syscall_init(void);

#endif
