/*
 * The message format of the msg trap.
 *
 * A message is a header, then ndesc descriptors (port rights or out-of-line memory),
 * then in-line data, size bytes in all. The sender names the destination in remote
 * and an optional reply port in local, each with a disposition in bits. The receiver
 * finds the reply right in remote and the port the message arrived on in local, so a
 * reply is sent to remote unchanged, as in Mach.
 */
#ifndef MASQUE_MSG_H
#define MASQUE_MSG_H

#include <masque/rights.h>
#include <masque/types.h>

struct msg_header {
	uint32_t bits;	    /* MSG_BITS(remote disposition, local disposition) */
	uint32_t size;	    /* bytes of the whole message, header included */
	port_name_t remote; /* send: destination; received: reply right or PORT_NULL */
	port_name_t local;  /* send: reply port or PORT_NULL; received: the port it came to */
	uint32_t id;	    /* what the message means to its protocol */
	uint32_t ndesc;	    /* descriptors following the header */
};

#define MSG_BITS(remote, local) ((remote) | (local) << 8)
#define MSG_BITS_REMOTE(bits)	((bits)&0xff)
#define MSG_BITS_LOCAL(bits)	(((bits) >> 8) & 0xff)
/* In a received message's bits: the kernel made it (a pager request, a notification).
 * No task can send this bit, so a server can tell the kernel's word from a forgery. */
#define MSG_FROM_KERNEL (1u << 16)

/* A descriptor: a port right or a range of out-of-line memory. */
struct msg_desc {
	uint8_t type;	     /* MSG_DESC_PORT or MSG_DESC_OOL */
	uint8_t disposition; /* PORT: MSG_MOVE_RECEIVE ... MSG_MAKE_SEND_ONCE */
	uint8_t flags;	     /* OOL: MSG_OOL_DEALLOCATE, MSG_OOL_COPY, MSG_OOL_OVERWRITE */
	uint8_t pad;
	uint32_t value; /* PORT: the name; OOL: the size in bytes */
	uint64_t addr;	/* OOL: the address (received: where it was placed) */
};

#define MSG_DESC_PORT 1
#define MSG_DESC_OOL  2

/* OOL: remove the range from the sender as it is sent (a move, not a copy). */
#define MSG_OOL_DEALLOCATE 0x01
/* OOL, sent: copy the bytes into the message now, never copy-on-write, so that the
 * sender's next write to the range costs no fault (a buffer it reuses at once). */
#define MSG_OOL_COPY 0x02
/* OOL, in a receive buffer with MSG_RECEIVE_PLACE: copy the bytes into the receiver's
 * own memory at addr (at most value bytes) rather than map a new region there. The
 * received descriptor keeps the flag when that was done: nothing was mapped. Memory
 * that cannot be copied so (larger than value, shared copy-on-write, or addr not
 * writable) is placed as without the flag, and the flag is clear. */
#define MSG_OOL_OVERWRITE 0x04

#define MSG_SIZE_MAX	 16384 /* header, descriptors and in-line data */
#define MSG_DESC_MAX	 64
#define MSG_OOL_SIZE_MAX (1ull << 32)

/* msg trap options */
#define MSG_SEND	    0x1
#define MSG_RECEIVE	    0x2
#define MSG_SEND_TIMEOUT    0x4 /* give up sending to a full queue after the timeout */
#define MSG_RECEIVE_TIMEOUT 0x8 /* give up waiting for a message after the timeout */
/* Place out-of-line memory where the receiver asks: before the call it sets, in its
 * receive buffer, the addr of the i-th descriptor for the message's i-th descriptor
 * (0: wherever the kernel likes). A range that is not free is placed elsewhere; the
 * received descriptor always says where the memory is. */
#define MSG_RECEIVE_PLACE 0x10

/* The descriptors of a message, right after its header. */
static inline struct msg_desc *msg_descs(struct msg_header *h)
{
	return (struct msg_desc *)(h + 1);
}

/* The in-line data of a message, after its descriptors. */
static inline void *msg_body(struct msg_header *h)
{
	return (char *)(h + 1) + h->ndesc * sizeof(struct msg_desc);
}

#endif
