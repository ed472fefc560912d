/*
 * The terminal server: the serial console COM1 (uart.c) under a line discipline
 * (ldisc.c), served with the file protocol (file.c, ioctl.c) to the programs that open
 * /dev/console, /dev/ttyS0 or /dev/tty, and pseudo-terminals (pty.c: /dev/ptmx,
 * /dev/pts/N), whose opens the fs-server forwards here (open.c). It registers "tty"
 * with the name service, where process servers attach (procs.c), and majors 4, 5 and
 * 136 with the fs-server. Record locks as on any file (locks.c). Start it privileged
 * (it needs the UART's ports and interrupt) after the fs-server:
 *   start -p tty_server
 */
#include <device.h>
#include <fs.h>
#include <irq.h>
#include <kern_error.h>
#include <masque/error.h>
#include <masque/rights.h>
#include <notify.h>
#include <ns.h>
#include <record_locks.h>
#include <rpc.h>
#include <self.h>
#include <stdio.h>
#include <trap.h>
#include <tty.h>
#include "handle.h"
#include "procs.h"
#include "pty.h"
#include "tty_server.h"
#include "uart.h"

struct terminal console;
port_name_t tty_set, service_port, device_port;
static port_name_t host, irq_port;

/* Send what the console's queue holds while the UART takes it; its emptying
 * interrupts come while more waits. */
static void uart_output(struct terminal *t)
{
	uint8_t buf[UART_FIFO_SEND];
	uint32_t n;
	int sent = 0;

	while (ldisc_output_pending(&t->ld) && uart_can_send() &&
	       (n = ldisc_output(&t->ld, buf, sizeof(buf)))) {
		uart_send(buf, n);
		sent = 1;
	}
	uart_transmit_interrupts(ldisc_output_pending(&t->ld) && !t->ld.stopped);
	if (sent)
		terminal_output_drained(t);
}

/* COM1 interrupted: take every character waiting, send what may go. */
void irq_interrupt(struct rpc_ctx *ctx, uint32_t irq)
{
	uint8_t c;

	if (ctx->local != irq_port || irq != UART_IRQ)
		return;
	while (uart_receive(&c))
		terminal_receive(&console, c);
	uart_output(&console);
	uart_ack();
}

void notify_no_senders(struct rpc_ctx *ctx, uint32_t make_sends)
{
	struct handle *h = handle_of(ctx->local);

	(void)make_sends;
	if (h && h->pty)
		pty_closed(h->pty, !h->terminal);
	if (h) {
		record_locks_handle_gone(h);
		record_locks_description_gone(h);
	}
	handle_free(ctx->local);
}

/* A process server ended: its sessions lose their terminals. Or a process that held
 * or waited for record locks is gone. */
void notify_dead_name(struct rpc_ctx *ctx, uint32_t name)
{
	if (procs_forget(ctx->local, name))
		sessions_forget(name);
	else
		record_locks_dead_name(ctx->local, name);
}

void notify_send_once(struct rpc_ctx *ctx)
{
	(void)ctx;
}

/* The earliest VTIME deadline of any terminal (clock_now time), 0 if none, and the one
 * the serve loop waits until. */
static uint64_t next_deadline(void)
{
	uint64_t c = terminal_deadline(&console), p = pty_deadline();

	return !c ? p : !p ? c : c < p ? c : p;
}
static uint64_t waiting_until;

/* A request that armed or cut a read's timer ends the wait, to wait anew. */
static int timed(int served)
{
	return served && next_deadline() != waiting_until ? RPC_STOP : served;
}

static int file_demux(struct msg_header *in, struct msg_header *out)
{
	return timed(fs_demux(in, out));
}

static int other_demux(struct msg_header *in, struct msg_header *out)
{
	return timed(irq_demux(in, out) || device_demux(in, out) || tty_demux(in, out) ||
		     notify_demux(in, out));
}

/* A new receive right in the set, or PORT_NULL. */
static port_name_t port_in_set(void)
{
	int64_t p = port_allocate_member(tty_set, 0);

	return p < 0 ? PORT_NULL : (port_name_t)p;
}

/* The same, with a send right of ours to give away. */
static port_name_t port_with_send(void)
{
	port_name_t p = port_in_set();

	if (p && port_insert_right(self_task, p, p, MSG_MAKE_SEND) < 0)
		return PORT_NULL;
	return p;
}

/* The ports, the UART and the names; 0 or an error, said on the console. */
static int64_t start(void)
{
	int64_t set = port_allocate(RIGHT_PORT_SET), r;
	port_name_t fs;

	if (rpc_ns_lookup(bootstrap_port, "host", &host)) {
		printf("tty-server: no host port (start me with start -p)\n");
		return -1;
	}
	if (set < 0)
		return set;
	tty_set = (port_name_t)set;
	/* the fs-server sends device.open one way and would wait for room in the queue,
	 * while this server may be waiting for it (a pty's node, a device's stat): the
	 * longest queue makes that wait as unlikely as it can be */
	if (!(service_port = port_with_send()) || !(device_port = port_with_send()) ||
	    !(irq_port = port_in_set()) || port_set_qlimit(device_port, PORT_QLIMIT_MAX))
		return KERN_NO_SPACE;
	if ((r = handle_locks_init(tty_set))) {
		printf("tty-server: no port for record locks\n");
		return r;
	}
	terminal_init(&console, uart_output);
	if ((r = uart_init(host, irq_port))) {
		printf("tty-server: COM1: %s\n", kern_error_name(r));
		return r;
	}
	if (rpc_ns_lookup(bootstrap_port, "fs", &fs)) {
		printf("tty-server: no fs-server\n");
		return -1;
	}
	if ((r = rpc_fs_register_device(fs, TTY_MAJOR, device_port)) ||
	    (r = rpc_fs_register_device(fs, CONSOLE_MAJOR, device_port)) ||
	    (r = rpc_fs_register_device(fs, PTS_MAJOR, device_port)) ||
	    (r = rpc_ns_register(bootstrap_port, "tty", service_port))) {
		printf("tty-server: cannot register (error %ld)\n", r);
		return r;
	}
	pty_init(fs);
	return 0;
}

int main(void)
{
	if (start())
		return 1;
	for (;;) {
		waiting_until = next_deadline();
		int64_t r = rpc_serve_until(tty_set, file_demux, other_demux, waiting_until);
		if (r == KERN_TIMED_OUT) {
			terminal_timeout(&console);
			pty_timeout();
		} else if (r) {
			break;
		}
	}
	printf("tty-server: cannot serve\n");
	return 1;
}
