/*
 * A terminal: its line discipline, the session it controls and that session's
 * foreground group, its window size, the reads and writes that wait on it, and its
 * pollers. The device under it (the UART) is reached through the output hook; every
 * change that may let output go calls it.
 */
#ifndef TTY_TERMINAL_H
#define TTY_TERMINAL_H

#include <asm/termbits.h>
#include <asm/termios.h>
#include <masque/types.h>
#include <poll_wakes.h>
#include <stdint.h>
#include "ldisc.h"

struct waiter;

struct terminal {
	struct ldisc ld;
	struct winsize size;
	port_name_t procs;	/* the process server's control port of its session */
	int32_t sid, pgrp;	/* the session it controls (0: none), the foreground group */
	struct waiter *reads;	/* waiting reads, oldest first */
	struct waiter *writes;	/* waiting writes (nothing fitted), oldest first */
	uint64_t read_deadline; /* VTIME: when the first read returns anyway (0: none) */
	struct poll_wakes readable, writable;
	void (*output)(struct terminal *t);	/* the device: send what the queue holds */
	void (*input_room)(struct terminal *t); /* the device: input has room (or NULL) */
	int hung_up; /* its device is gone (a pseudo-terminal's master) */
};

/* A terminal with Linux's default settings over the device whose hook output is. */
void terminal_init(struct terminal *t, void (*output)(struct terminal *t));

/* A character came in. */
void terminal_receive(struct terminal *t, uint8_t c);

/* Output went to the wire: waiting writes and pollers may go on. */
void terminal_output_drained(struct terminal *t);

/* Input was read or dropped: the device may give more. */
void terminal_input_taken(struct terminal *t);

/* A read or write as it came: its reply right, the handle it came through, and the
 * protocol that asked (fs.read, fs.write; or tty.read, tty.write), to answer it in. */
struct call {
	port_name_t reply, handle;
	int by_tty;
};

/* A read of up to length bytes (flags: O_NONBLOCK): the count now, or -EAGAIN, or
 * RPC_NO_REPLY when it waits (answered later). */
int64_t terminal_read(struct terminal *t, const struct call *c, uint32_t length, void *buf,
		      uint32_t flags);

/* A write of n bytes: the count that went into the output queue, -EAGAIN, or
 * RPC_NO_REPLY when nothing fits and it waits. */
int64_t terminal_write(struct terminal *t, const struct call *c, const void *bytes, uint32_t n,
		       uint32_t flags);

/* The waits that came through handle end now with -EINTR (fs.interrupt). */
void terminal_interrupt(struct terminal *t, port_name_t handle);

/* The file protocol's poll: POLLIN when a read would return, POLLOUT when a write
 * would take something. */
uint32_t terminal_poll(struct terminal *t, uint32_t events, port_name_t wake);

/* New settings (TCSETS...): a waiting read may now be answered. */
void terminal_settings_changed(struct terminal *t);

/* When the earliest VTIME deadline of any terminal is (clock_now time), 0 if none; and
 * what happens when it has come. */
uint64_t terminal_deadline(struct terminal *t);
void terminal_timeout(struct terminal *t);

/* The device went (a pseudo-terminal's master closed): the foreground group gets
 * SIGHUP and SIGCONT, the session loses the terminal, reads end with 0 from now on and
 * writes with -EIO, as Linux's tty_hangup. */
void terminal_hangup(struct terminal *t);

/* Signal the foreground group (from the keyboard, a window change, a hangup). */
void terminal_signal(struct terminal *t, int sig);

#endif
