/*
 * The wakes a server keeps for the file protocol's poll (interfaces/fs.defs): send-once
 * rights to the ports of callers that wait for one of an object's conditions (a pipe's
 * "readable", "writable"), one set per condition, fired when it may have come true.
 * A set is bounded, so a client that asks again and again never makes the server hold
 * more than POLL_WAKES_MAX rights for it.
 */
#ifndef LIB_POLL_WAKES_H
#define LIB_POLL_WAKES_H

#include <linux/poll.h>
#include <masque/types.h>
#include <stdint.h>

#define POLL_WAKES_MAX 32

/* What Linux answers for a file without a poll operation of its own (its
 * DEFAULT_POLLMASK): ready to be read and written. */
#define POLL_ALWAYS_READY (POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM)

struct poll_wakes {
	uint32_t count;
	port_name_t wake[POLL_WAKES_MAX]; /* oldest first */
};

/* The end of a poll handler: revents holds the object's conditions now. If none of
 * events is among them, wake (a send-once right; PORT_NULL or
 * PORT_DEAD: none) is kept in w, else destroyed. Returns revents. */
uint32_t poll_answer(struct poll_wakes *w, uint32_t revents, uint32_t events, port_name_t wake);

/* Keep wake in w. A full set first forgets the rights whose ports died, then wakes its
 * oldest waiter early. */
void poll_wakes_keep(struct poll_wakes *w, port_name_t wake);

/* Wake every waiter of w: each right is destroyed unused, so the kernel sends
 * NOTIFY_SEND_ONCE through it (nothing if its port died). w is empty afterwards. */
void poll_wakes_fire(struct poll_wakes *w);

/* Destroy wake unused (PORT_NULL and PORT_DEAD: nothing to do). */
void poll_wake_drop(port_name_t wake);

#endif
