/*
 * The runtime of the stubs tools/ifgen.py generates from interfaces/NAME.defs: what a
 * server handler learns of a request, and the pieces of marshalling and checking that
 * every generated client stub and demultiplexer shares.
 */
#ifndef LIB_RPC_H
#define LIB_RPC_H

#include <masque/msg.h>
#include <stdint.h>

/* What a handler knows of the request it serves. */
struct rpc_ctx {
	port_name_t local; /* the port the request came to: the object or client it is for */
	port_name_t reply; /* the reply right (send-once); PORT_NULL for a oneway routine */
	uint32_t id;	   /* the request's message id */
	int from_kernel;   /* the kernel sent it (MSG_FROM_KERNEL): no task could */
};

/* A handler's result meaning "no reply now": the handler keeps ctx->reply and answers
 * later with the routine's generated NAME_reply function. */
#define RPC_NO_REPLY INT64_MAX

/* The id of the reply to a request. */
#define RPC_REPLY_ID(request_id) ((request_id) + 100)

/* The reply to a request that failed: the negative result alone, no descriptors. */
struct rpc_error_reply {
	struct msg_header hdr;
	int64_t result;
};

/* Walks the variable-length fields (strings, bytes) of a received message. */
struct rpc_reader {
	const uint8_t *next; /* where the next field starts */
	const uint8_t *end;  /* the end of the message */
	int bad;	     /* a field was malformed or did not fit */
};

/* The alignment of every in-line field. */
static inline uint32_t rpc_align(uint32_t n)
{
	return (n + 7) & ~7u;
}

static inline void rpc_header(struct msg_header *h, uint32_t disposition, port_name_t remote,
			      uint32_t id, uint32_t ndesc, uint32_t size)
{
	h->bits = MSG_BITS(disposition, 0);
	h->size = size;
	h->remote = remote;
	h->local = PORT_NULL;
	h->id = id;
	h->ndesc = ndesc;
}

static inline void rpc_port_desc(struct msg_desc *d, port_name_t name, uint8_t disposition)
{
	*d = (struct msg_desc){ .type = MSG_DESC_PORT, .disposition = disposition, .value = name };
}

static inline void rpc_ool_desc(struct msg_desc *d, const void *addr, uint32_t size, uint8_t flags)
{
	*d = (struct msg_desc){
		.type = MSG_DESC_OOL, .flags = flags, .value = size, .addr = (uintptr_t)addr
	};
}

/* Whether a received descriptor holds the right expected (its arrival disposition) or
 * none: PORT_NULL as sent, or PORT_DEAD, keep the disposition the sender wrote. */
static inline int rpc_is_port(const struct msg_desc *d, uint8_t disposition)
{
	return d->type == MSG_DESC_PORT &&
	       (d->disposition == disposition || d->value == PORT_NULL || d->value == PORT_DEAD);
}

/* A receive buffer's descriptor asking for out-of-line memory to be copied into the
 * caller's buffer of size bytes at addr (see msg_call_into). */
static inline void rpc_ool_into_desc(struct msg_desc *d, void *addr, uint32_t size)
{
	*d = (struct msg_desc){ .type = MSG_DESC_OOL,
				.flags = MSG_OOL_OVERWRITE,
				.value = size,
				.addr = (uintptr_t)addr };
}

/* The received out-of-line memory of d into buf of *size bytes (where the kernel
 * copied it, or copied here from where it was placed, that region given back);
 * *size becomes its length. -1: more than *size bytes came (d left to release). */
int rpc_ool_into(struct msg_desc *d, void *buf, uint32_t *size);

static inline int rpc_is_ool(const struct msg_desc *d)
{
	return d->type == MSG_DESC_OOL;
}

static inline void *rpc_ool_addr(const struct msg_desc *d)
{
	return (void *)(uintptr_t)d->addr;
}

static inline struct rpc_ctx rpc_ctx_of(const struct msg_header *in)
{
	return (struct rpc_ctx){ .local = in->local,
				 .reply = in->remote,
				 .id = in->id,
				 .from_kernel = (in->bits & MSG_FROM_KERNEL) != 0 };
}

/* Copy n bytes of a variable-length field to p, zero its padding; -> the next field.
 * The source may overlap the destination from above (a demultiplexer's handler writes
 * its out-strings into the reply at their largest offsets). */
uint8_t *rpc_put(uint8_t *p, const void *src, uint32_t n);

void rpc_reader_init(struct rpc_reader *r, const struct msg_header *m, const uint8_t *data);
/* The next field: a string of len characters and its NUL, len < max, no NUL inside;
 * NULL (and the reader fails) if it is not that. */
const char *rpc_get_string(struct rpc_reader *r, uint32_t len, uint32_t max);
/* The next field: len <= max bytes; NULL (and the reader fails) if they are not there. */
const void *rpc_get_bytes(struct rpc_reader *r, uint32_t len, uint32_t max);
/* Whether every field was well formed and they fill the message exactly. */
int rpc_reader_done(const struct rpc_reader *r);

/* Whether a request has ndesc descriptors, a size in [min_size, max_size], and a reply
 * right (rpc_check_request, for routines) or none (rpc_check_oneway). */
int rpc_check_request(const struct msg_header *in, uint32_t ndesc, uint32_t min_size,
		      uint32_t max_size);
int rpc_check_oneway(const struct msg_header *in, uint32_t ndesc, uint32_t min_size,
		     uint32_t max_size);

/* Build in out the reply carrying only a negative result. */
void rpc_error_reply(struct msg_header *out, port_name_t reply, uint32_t id, int64_t result);

/* Refuse a malformed request: release what it carried and, if it has a reply right,
 * answer KERN_INVALID_MSG in out (else out->size is 0). */
void rpc_reject(struct msg_header *in, struct msg_header *out);

/*
 * Check the common part of the reply a client stub received: KERN_SUCCESS if it has id,
 * ndesc descriptors and a size in [min_size, max_size]; the server's result if it is an
 * error reply; KERN_PORT_DEAD if the server dropped the request; otherwise, after
 * releasing what the message carried, KERN_INVALID_MSG.
 */
int64_t rpc_check_reply(struct msg_header *m, uint32_t id, uint32_t ndesc, uint32_t min_size,
			uint32_t max_size);

/* Release the rights and out-of-line memory in a received message's descriptors. */
void rpc_release_descs(struct msg_header *m);

/*
 * A demultiplexer, like the generated NAME_demux: serves in if it knows its id and
 * returns 1, with the reply in out (out->size 0 if none); returns 0, out untouched, if
 * it does not know it. In rpc_serve's other, RPC_STOP means "served; stop serving".
 */
typedef int rpc_demux_t(struct msg_header *in, struct msg_header *out);
#define RPC_STOP 2

/*
 * The server loop. Receives on port (a receive right or a port set) and hands each
 * message to demux, then to other (NULL: none) if demux does not know it; a message
 * neither knows is refused (rpc_reject). Each reply is sent with the wait for the next
 * message in one trap (msg_reply_receive: the IPC fast path); a reply that cannot be
 * sent is dropped. For single-threaded servers. Returns only the receive error that
 * makes serving impossible (KERN_INVALID_NAME or KERN_INVALID_RIGHT: port is gone).
 */
int64_t rpc_serve(port_name_t port, rpc_demux_t *demux, rpc_demux_t *other);

/* rpc_serve until deadline (clock_now() time, 0: none; KERN_TIMED_OUT) or until other
 * returns RPC_STOP (KERN_SUCCESS, after sending its reply if it made one). */
int64_t rpc_serve_until(port_name_t port, rpc_demux_t *demux, rpc_demux_t *other,
			uint64_t deadline);

/* For a server that answers a request later (a read waiting for data): whether its
 * sender is gone, its reply right a dead name now, which is then released. */
int rpc_reply_gone(port_name_t reply);

/* Release one received right (disposition as it arrived) or out-of-line range. These two
 * call the kernel; host tests of the stubs supply their own. */
void rpc_release_right(port_name_t name, uint32_t disposition);
void rpc_release_ool(uint64_t addr, uint32_t size);

#endif
