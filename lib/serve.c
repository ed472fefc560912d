/*
 * The one server loop: receive a message, hand it to the generated demultiplexer (or to
 * a second one for what the first does not know, such as kernel notifications and
 * interrupts), and send the reply together with the wait for the next message in one
 * msg_reply_receive trap, so that a client waiting in msg_call gets its answer through
 * the IPC fast path.
 */
#include <ipc.h>
#include <masque/error.h>
#include <rpc.h>
#include <stddef.h>
#include <trap.h>

/* Send reply (if not NULL) and receive the next message into in, waiting until
 * deadline (clock_now() time; 0: for ever). */
static int64_t reply_receive(struct msg_header *reply, port_name_t port, struct msg_header *in,
			     uint64_t deadline)
{
	uint32_t options = MSG_RECEIVE | (reply ? MSG_SEND : 0);
	uint64_t timeout = 0;

	if (deadline) {
		uint64_t now = clock_now();
		/* past the deadline, a timeout of 0 still sends and takes what is queued */
		timeout = now < deadline ? deadline - now : 0;
		options |= MSG_RECEIVE_TIMEOUT;
	}
	return msg_trap(options, reply, in, port, MSG_SIZE_MAX, timeout);
}

/* Serve in: its reply (if any) goes in out. -> RPC_STOP if other said so. */
static int serve_one(struct msg_header *in, struct msg_header *out, rpc_demux_t *demux,
		     rpc_demux_t *other)
{
	int served = demux(in, out);

	if (!served && other)
		served = other(in, out);
	if (!served)
		rpc_reject(in, out);
	return served;
}

int64_t rpc_serve_until(port_name_t port, rpc_demux_t *demux, rpc_demux_t *other, uint64_t deadline)
{
	uint64_t in_buf[MSG_SIZE_MAX / 8], out_buf[MSG_SIZE_MAX / 8];
	struct msg_header *in = (struct msg_header *)in_buf, *out = (struct msg_header *)out_buf;
	struct msg_header *reply = NULL;

	for (;;) {
		int64_t r = reply_receive(reply, port, in, deadline);
		if (r != KERN_SUCCESS && reply) {
			/* Which half failed is not known. The reply right is released if it is
			 * still ours: a reply that went has freed its name, which the kernel does
			 * not hand out again soon (a name's generation, masque/types.h), and
			 * with one thread nothing else can have taken it. Then receive alone. */
			rpc_release_right(reply->remote, MSG_BITS_REMOTE(reply->bits));
			reply = NULL;
			if (r != KERN_TIMED_OUT)
				continue;
		}
		if (r == KERN_TIMED_OUT || r == KERN_INVALID_NAME || r == KERN_INVALID_RIGHT)
			return r; /* the deadline, or port is no receive right (any more) */
		if (r != KERN_SUCCESS)
			continue; /* an aborted wait, a message we could not take: the next */
		int served = serve_one(in, out, demux, other);
		reply = out->size ? out : NULL;
		if (served == RPC_STOP) {
			if (reply && msg_send(reply))
				rpc_release_right(reply->remote, MSG_BITS_REMOTE(reply->bits));
			return KERN_SUCCESS;
		}
	}
}

int64_t rpc_serve(port_name_t port, rpc_demux_t *demux, rpc_demux_t *other)
{
	return rpc_serve_until(port, demux, other, 0);
}

int rpc_reply_gone(port_name_t reply)
{
	struct port_status st;

	if (port_status(reply, &st) != KERN_SUCCESS || !(st.rights & RIGHT_DEAD_NAME))
		return 0;
	port_mod_refs(reply, RIGHT_DEAD_NAME, -1);
	return 1;
}
