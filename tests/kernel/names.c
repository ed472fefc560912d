/* The name service of the bootstrap, through the generated ns stubs: register,
 * lookup from another task, errors, unregister, and entries of dead ports going away. */
#include <errno.h>
#include <ipc.h>
#include <masque/error.h>
#include <ns.h>
#include <self.h>
#include <trap.h>
#include "msgs.h"
#include "tap.h"

static port_name_t report;

static void look_up(uint64_t unused)
{
	port_name_t p = PORT_NULL;

	(void)unused;
	int64_t r = rpc_ns_lookup(bootstrap_port, "tests.names", &p);
	send_word(r ? report : p, MSG_COPY_SEND, 1, (uint64_t)r);
}

static void register_and_die(uint64_t port)
{
	rpc_ns_register(bootstrap_port, "tests.mortal", port);
	send_word(report, MSG_COPY_SEND, 2, 0);
}

int main(void)
{
	struct word_msg m;
	port_name_t got;
	int64_t port = port_allocate(RIGHT_RECEIVE), other = port_allocate(RIGHT_RECEIVE);

	report = port_allocate(RIGHT_RECEIVE);
	port_insert_right(self_task, port, port, MSG_MAKE_SEND);
	port_insert_right(self_task, other, other, MSG_MAKE_SEND);
	port_insert_right(self_task, report, report, MSG_MAKE_SEND);

	ok(bootstrap_port != PORT_NULL, "we were started with a bootstrap port");
	is(rpc_ns_register(bootstrap_port, "tests.names", port), 0, "register a port under a name");
	is(rpc_ns_register(bootstrap_port, "tests.names", other), -EEXIST,
	   "a taken name is refused");
	is(rpc_ns_register(bootstrap_port, "", port), -EINVAL, "an empty name is refused");
	is(rpc_ns_lookup(bootstrap_port, "tests.nothing", &got), -ENOENT, "an unknown name");
	is(rpc_ns_lookup(bootstrap_port, "tests.names", &got), 0, "look it up ourselves");
	ok(got == port, "and get our own port back, under its name");
	port_mod_refs(got, RIGHT_SEND, -1);

	int64_t child = spawn(look_up, 0);
	ok(recv_word(port, &m, 5000) == 0 && m.h.id == 1,
	   "another task looks it up and sends to it");
	wait_task_end(child, 5000);
	port_destroy(child);

	is(rpc_ns_unregister(bootstrap_port, "tests.names", other), -EPERM,
	   "only a holder of the registered right may unregister");
	is(rpc_ns_unregister(bootstrap_port, "tests.names", port), 0, "unregister");
	is(rpc_ns_lookup(bootstrap_port, "tests.names", &got), -ENOENT, "the name is gone");

	int64_t mortal = port_allocate(RIGHT_RECEIVE);
	port_insert_right(self_task, mortal, mortal, MSG_MAKE_SEND);
	child = spawn(register_and_die, mortal);
	recv_word(report, &m, 5000);
	is(rpc_ns_lookup(bootstrap_port, "tests.mortal", &got), 0, "a name registered by a child");
	port_mod_refs(got, RIGHT_SEND, -1);
	wait_task_end(child, 5000);
	port_destroy(mortal); /* the registered port dies */
	int64_t r = 0;
	for (int i = 0; i < 50 && r == 0; i++) {
		r = rpc_ns_lookup(bootstrap_port, "tests.mortal", &got);
		if (r == 0) {
			port_mod_refs(got, RIGHT_DEAD_NAME, -1);
			sleep_ms(10);
		}
	}
	is(r, -ENOENT, "when its port dies, the name goes");
	port_destroy(child);
	return 0;
}
