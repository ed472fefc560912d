/* Message passing for native programs: the common shapes of the msg trap. */
#include <ipc.h>
#include <masque/error.h>
#include <trap.h>

/* Send msg and wait for the answer in rcv: the shape of msg_call and msg_call_into. */
static int64_t call(struct msg_header *msg, struct msg_header *rcv, uint32_t rcv_size,
		    uint32_t options)
{
	port_name_t reply = reply_port();

	if (reply == PORT_NULL)
		return KERN_RESOURCE_SHORTAGE;
	msg->local = reply;
	msg->bits = MSG_BITS(MSG_BITS_REMOTE(msg->bits), MSG_MAKE_SEND_ONCE);
	options |= MSG_SEND | MSG_RECEIVE;
	int64_t r = msg_trap(options, msg, rcv, reply, rcv_size, 0);
	while (r == KERN_ABORTED) /* the send's wait for room was aborted: it did not go */
		r = msg_trap(options, msg, rcv, reply, rcv_size, 0);
	if (r != KERN_RCV_ABORTED)
		return r;
	msg_call_interrupted();
	while ((r = msg_trap(options & ~MSG_SEND, 0, rcv, reply, rcv_size, 0)) == KERN_ABORTED)
		;
	return r;
}

int64_t msg_call(struct msg_header *msg, uint32_t rcv_size)
{
	return call(msg, msg, rcv_size, 0);
}

int64_t msg_call_into(struct msg_header *msg, struct msg_header *rcv, uint32_t rcv_size)
{
	return call(msg, rcv, rcv_size, MSG_RECEIVE_PLACE);
}

__attribute__((weak)) void msg_call_interrupted(void)
{
}

int64_t msg_send(struct msg_header *msg)
{
	return msg_trap(MSG_SEND, msg, 0, PORT_NULL, 0, 0);
}

int64_t msg_receive(port_name_t from, struct msg_header *buf, uint32_t size)
{
	return msg_trap(MSG_RECEIVE, 0, buf, from, size, 0);
}

int64_t msg_receive_timeout(port_name_t from, struct msg_header *buf, uint32_t size,
			    uint64_t timeout_ns)
{
	return msg_trap(MSG_RECEIVE | MSG_RECEIVE_TIMEOUT, 0, buf, from, size, timeout_ns);
}

int64_t msg_reply_receive(struct msg_header *reply, port_name_t from, struct msg_header *buf,
			  uint32_t size)
{
	uint32_t opts = MSG_RECEIVE | (reply ? MSG_SEND : 0);

	return msg_trap(opts, reply, buf, from, size, 0);
}

int port_has_senders(port_name_t name)
{
	struct port_status st;

	return port_status(name, &st) == KERN_SUCCESS && st.has_senders;
}
