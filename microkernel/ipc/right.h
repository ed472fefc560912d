/*
 * Port rights as they move: out of a capability space into a message (copyin),
 * from a message into a space (copyout), and their destruction. Every change of
 * the counts that drive dead names and no-senders notifications happens here.
 */
#ifndef IPC_RIGHT_H
#define IPC_RIGHT_H

#include <masque/msg.h>
#include <masque/rights.h>
#include <masque/types.h>
#include "ipc/capspace.h"

struct port;

/* The right a message carries, named by the MSG_MOVE_* value that moves it. */
#define TRANSIT_RECEIVE	  MSG_MOVE_RECEIVE
#define TRANSIT_SEND	  MSG_MOVE_SEND
#define TRANSIT_SEND_ONCE MSG_MOVE_SEND_ONCE

/* The entry for name, with a send or send-once right to a dead port turned into the
 * dead name it has become; NULL if the name denotes nothing. */
struct cap *right_lookup(struct capspace *s, port_name_t name);

/* A batch of copyins checked as a whole before any is done, as one message needs:
 * add each (name, disposition) in order, check, then take each in the same order. */
#define RIGHT_BATCH_MAX (MSG_DESC_MAX + 2)
struct right_batch {
	int count;
	struct {
		port_name_t name;
		uint8_t disposition;
	} item[RIGHT_BATCH_MAX];
};

/* KERN_SUCCESS if every item can be taken in order; dead names are allowed except
 * for item 0 when dest_first is set (a message's destination). dest is the port a
 * moved receive right would travel to, for the circularity check (may be NULL). */
int right_batch_check(struct capspace *s, const struct right_batch *b, int dest_first,
		      struct port *dest);
/* Take one checked right: the port (NULL for a dead name) and its transit type. */
struct port *right_take(struct capspace *s, port_name_t name, unsigned disposition,
			unsigned *transit);
/* Check and take a single right (traps that take one right from a name). */
int right_take_one(struct capspace *s, port_name_t name, unsigned disposition, struct port **port,
		   unsigned *transit);

/* Put a right in transit into space s; returns its name, PORT_DEAD if the port died
 * meanwhile, PORT_NULL if the space is full (the right is then destroyed). */
port_name_t right_give(struct capspace *s, struct port *p, unsigned transit);
/* The same at a name the caller chose: KERN_NAME_EXISTS unless the name already
 * holds rights to the same port that can merge. */
int right_give_at(struct capspace *s, port_name_t name, struct port *p, unsigned transit);
/* Destroy a right in transit. An unused send-once right to a live port sends a
 * send-once notification through itself. */
void right_drop(struct port *p, unsigned transit);
/* The same without the notification (for the notification messages themselves). */
void right_drop_silently(struct port *p, unsigned transit);

/* Trap-level operations on a name. */
int right_destroy_name(struct capspace *s, port_name_t name);
int right_mod_refs(struct capspace *s, port_name_t name, unsigned right, int delta);
/* Destroy every right of a space (task teardown). */
void right_destroy_space(struct capspace *s);

#endif
