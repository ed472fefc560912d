/* The 16550 UART at COM1 (uart.h). The kernel programmed speed and format at boot
 * (115200 8N1, FIFOs on); this adds the interrupts. */
#include <masque/error.h>
#include <portio.h>
#include <self.h>
#include <trap.h>
#include "uart.h"

#define COM1 0x3f8
#define RBR  0 /* receive buffer (read) / transmit holding (write) */
#define IER  1
#define IIR  2
#define MCR  4
#define LSR  5

#define IER_RECEIVE   0x01
#define IER_TRANSMIT  0x02
#define MCR_DTR_RTS   0x03
#define MCR_OUT2      0x08 /* gates the interrupt line on PC UARTs */
#define LSR_DATA      0x01
#define LSR_THR_EMPTY 0x20

static port_name_t host_port;
static uint8_t ier;

int64_t uart_init(port_name_t host, port_name_t irq_port)
{
	int64_t r = io_grant(host, self_task, COM1, 8);

	if (r)
		return r;
	host_port = host;
	if ((r = irq_attach(host, UART_IRQ, irq_port)))
		return r;
	ier = IER_RECEIVE;
	outb(COM1 + MCR, MCR_DTR_RTS | MCR_OUT2);
	outb(COM1 + IER, ier);
	(void)inb(COM1 + IIR); /* clear what was pending */
	return 0;
}

int uart_receive(uint8_t *c)
{
	if (!(inb(COM1 + LSR) & LSR_DATA))
		return 0;
	*c = inb(COM1 + RBR);
	return 1;
}

int uart_can_send(void)
{
	return (inb(COM1 + LSR) & LSR_THR_EMPTY) != 0;
}

void uart_send(const uint8_t *bytes, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		outb(COM1 + RBR, bytes[i]);
}

void uart_transmit_interrupts(int on)
{
	uint8_t want = on ? ier | IER_TRANSMIT : ier & ~IER_TRANSMIT;

	if (want != ier)
		outb(COM1 + IER, ier = want);
}

void uart_ack(void)
{
	(void)inb(COM1 + IIR);
	irq_ack(host_port, UART_IRQ);
}
