/*
 * A message inside the kernel: the sender's bytes as they were, with the rights
 * they carry taken out of the sender's space. While in transit a port descriptor
 * keeps the kernel's port pointer in its addr field and its transit type in its
 * disposition; an out-of-line descriptor keeps its memory object in addr.
 */
#ifndef IPC_KMSG_H
#define IPC_KMSG_H

#include <masque/msg.h>
#include <stdint.h>
#include "kern/list.h"

struct port;
struct capspace;
struct vm_map;
struct vm_object;

struct kmsg {
	struct list link;      /* in the destination's queue */
	struct port *dest;     /* carries the destination right ... */
	struct port *reply;    /* ... and the reply right, if any */
	uint8_t dest_type;     /* TRANSIT_SEND or TRANSIT_SEND_ONCE */
	uint8_t reply_type;    /* TRANSIT_* or 0 */
	uint8_t silent;	       /* a send-once notification: destroying it sends no other */
	uint8_t ool_captured;  /* OOL descriptors hold memory objects */
	uint8_t from_kernel;   /* made by kmsg_kernel: delivered with MSG_FROM_KERNEL */
	uint32_t alloc_size;   /* bytes allocated for this kmsg */
	uint64_t *ool_source;  /* sender's addresses of OOL ranges, until sent */
	struct ledger *ledger; /* the sender's: charged `charged` bytes until freed */
	uint64_t charged;
	struct msg_header msg; /* msg.size bytes from here */
};

/* A kmsg for size bytes of message; extra bytes after it for the sender's use. */
struct kmsg *kmsg_alloc(uint32_t size, uint32_t extra);
/* Copy a message from user memory and check its form, capturing its out-of-line
 * memory; no right is taken yet. Its bytes, out-of-line ones included, are charged
 * to the map's ledger until the message is freed, and an unprivileged sender gets
 * no memory from the system's reserve. */
int kmsg_copyin(struct vm_map *map, uint64_t uaddr, struct kmsg **out);
/* Whether the rights the message names can all be taken; the destination port. */
int kmsg_check_rights(struct capspace *s, struct kmsg *k, struct port **dest);
/* Take them (after a successful check, with nothing in between that could block). */
void kmsg_take_rights(struct capspace *s, struct vm_map *map, struct kmsg *k);
/* Deliver k: its rights into s, its bytes to uaddr, which has size bytes of room
 * (and, if place, the addresses wanted for its out-of-line memory: MSG_RECEIVE_PLACE).
 * A message larger than that is destroyed with KERN_MSG_TOO_LARGE. */
int kmsg_copyout(struct kmsg *k, struct capspace *s, struct vm_map *map, uint64_t uaddr,
		 uint32_t size, int place);
/* A message the kernel sends: the header filled in, the body zeroed; dest is a right
 * the kernel holds for it (consumed). NULL if out of memory (the right is dropped).
 * Only the builders generated from interfaces/NAME.defs (build/kgen/NAME_ksend.c) make
 * them, so that no kernel message is laid out by hand. */
struct kmsg *kmsg_kernel(struct port *dest, unsigned dest_type, uint32_t id, uint32_t size,
			 uint32_t ndesc);
/* Descriptors of kernel messages: a right the kernel made, memory it owns. */
void kmsg_put_port(struct kmsg *k, struct msg_desc *d, struct port *p, unsigned transit);
void kmsg_put_ool(struct kmsg *k, struct msg_desc *d, struct vm_object *o, uint64_t size);
/* How many send rights to p the message carries (in transit). */
uint32_t kmsg_sends_to(const struct kmsg *k, const struct port *p);
/* Deliver a kernel message, ignoring the queue limit; destroyed if dest is dead. */
void kmsg_post(struct kmsg *k);
/* Free a message whose rights were never taken. */
void kmsg_discard(struct kmsg *k);
/* Destroy a message in transit and every right it carries; deferred, so that
 * messages holding receive rights of ports holding messages never recurse. */
void kmsg_destroy(struct kmsg *k);

#endif
