/*
 * Handles: each open of a block node is a port of ours (an open file description of
 * the file protocol) with its volume, access mode, position, and what stat says of the
 * node it was opened through.
 */
#ifndef BLKDEV_HANDLE_H
#define BLKDEV_HANDLE_H

#include <masque/types.h>
#include <dev_node.h>
#include <stdint.h>
#include "volume.h"

struct handle {
	struct handle *next;
	port_name_t port;
	struct volume *vol;
	uint32_t minor;
	uint32_t flags; /* O_ACCMODE, O_NONBLOCK */
	int exclusive;	/* opened with O_EXCL: the volume is claimed through it */
	uint64_t pos;
	struct dev_node node; /* the node opened through, for stat */
};

/* The port set handles are served in (main.c). */
extern port_name_t blkdev_set;

/* A new handle on vol (opened as minor, with flags, O_EXCL making it exclusive, through
 * node: a send right of its own to node's file taken); its port (a receive right of ours, with the send right for the client made by
 * the reply) in h->port. */
int64_t handle_new(struct volume *vol, uint32_t minor, uint32_t flags, const struct dev_node *node,
		   struct handle **h);

/* Whether an exclusive handle on vol is open. */
int handle_claimed(const struct volume *vol);

/* Whether a handle on a partition of disk (its number) is open. */
int handle_on_partition(uint32_t disk);

/* The handle of port, or NULL. */
struct handle *handle_of(port_name_t port);

/* The last send right of port went: the handle goes. */
void handle_free(port_name_t port);

#endif
