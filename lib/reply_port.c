/* The reply port of a native program: one per task, as native programs are
 * single-threaded (emul, whose programs are not, has one per thread: emul/thread.c). */
#include <ipc.h>
#include <trap.h>

static port_name_t the_reply_port;

port_name_t reply_port(void)
{
	if (the_reply_port == PORT_NULL) {
		int64_t name = port_allocate(RIGHT_RECEIVE);
		if (name < 0)
			return PORT_NULL;
		the_reply_port = (port_name_t)name;
	}
	return the_reply_port;
}

void ipc_forget_reply_port(void)
{
	the_reply_port = PORT_NULL;
}
