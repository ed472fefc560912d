/*
 * What an unprivileged task cannot have: an I/O port grant (the host check of
 * io_grant), device memory, and the host port itself through the name service, which
 * gives it only to tasks the boot script starts privileged.
 */
#include <errno.h>
#include <ipc.h>
#include <masque/error.h>
#include <ns.h>
#include <self.h>
#include <trap.h>
#include "msgs.h"
#include "tap.h"

#define WAIT_MS 5000

static port_name_t report;

/* Ask for port 0x80 with our task port in the host's place, then use it anyway. */
static void grant_then_out(uint64_t unused)
{
	(void)unused;
	io_grant(self_task, self_task, 0x80, 1);
	__asm__ volatile("outb %%al, $0x80" : : "a"(0));
	send_word(report, MSG_COPY_SEND, 1, 0); /* never */
}

int main(void)
{
	struct word_msg m;
	port_name_t host = PORT_NULL;
	int64_t p = port_allocate(RIGHT_RECEIVE);

	port_insert_right(self_task, p, p, MSG_MAKE_SEND);
	report = p;
	is(io_grant(self_task, self_task, 0x80, 1), KERN_INVALID_RIGHT,
	   "io_grant with a task port for the host port is refused");
	is(io_grant(PORT_NULL, self_task, 0x80, 1), KERN_INVALID_NAME,
	   "io_grant without a host port is refused");
	int64_t child = spawn(grant_then_out, 0);
	ok(wait_task_end(child, WAIT_MS) == KERN_SUCCESS &&
		   recv_word(report, &m, 1) == KERN_TIMED_OUT,
	   "a task refused the grant still faults on the port");
	port_destroy(child);
	is(vm_map_physical(self_task, self_task, 0xb8000, 4096), KERN_INVALID_RIGHT,
	   "vm_map_physical without the host port is refused");
	is(rpc_ns_lookup(bootstrap_port, "host", &host), -ENOENT,
	   "the name service does not give an unprivileged task the host port");
	ok(host == PORT_NULL, "nor any right in its place");
	return 0;
}
