/*
 * The 16550 UART at COM1 (I/O ports 0x3f8-0x3ff, interrupt line 4), driven from user
 * space: received characters and room to send come as irq.interrupt messages. The
 * kernel still writes its own lines to the same UART by polling (kern/console.c), so
 * its bytes and ours may interleave; it never reads, so no input is lost to it.
 */
#ifndef TTY_UART_H
#define TTY_UART_H

#include <masque/types.h>
#include <stdint.h>

#define UART_IRQ 4
#define UART_FIFO_SEND \
	14 /* bytes written at once into the 16-byte FIFO (the kernel
			     may add one of its own) */

/* Take the ports and the line (reported to irq_port), receive interrupts on: 0 or an
 * error. */
int64_t uart_init(port_name_t host, port_name_t irq_port);

/* A received character into *c: 1, or 0 when none is waiting. */
int uart_receive(uint8_t *c);

/* Whether the transmitter's FIFO is empty (room for UART_FIFO_SEND bytes). */
int uart_can_send(void);

/* Put n bytes (at most UART_FIFO_SEND) into the FIFO. */
void uart_send(const uint8_t *bytes, uint32_t n);

/* Whether the FIFO's emptying interrupts (on while output waits). */
void uart_transmit_interrupts(int on);

/* The line may interrupt again. */
void uart_ack(void);

#endif
