/* emul's per-thread blocks (thread.h) and the reply port each thread calls with. */
#include <ipc.h>
#include <masque/rights.h>
#include <masque/vm.h>
#include <self.h>
#include <trap.h>
#include "layout.h"
#include "thread.h"

struct emul_thread *thread_block_new(int32_t tid)
{
	/* the block at the bottom of its stack's allocation, below the stack */
	int64_t at = vm_allocate(self_task, EMUL_AREA, EMUL_THREAD_STACK, VM_ANYWHERE);
	struct emul_thread *t = (struct emul_thread *)at;

	if (at < 0)
		return 0;
	*t = (struct emul_thread){
		.self = t,
		.stack_top = (uint64_t)at + EMUL_THREAD_STACK,
		.tid = tid,
	};
	return t;
}

/* The generated client stubs call with this: one reply port per thread, as two
 * threads waiting for replies on one port could take each other's. */
port_name_t reply_port(void)
{
	struct emul_thread *t = this_thread();

	if (t->reply == PORT_NULL) {
		int64_t name = port_allocate(RIGHT_RECEIVE);

		if (name < 0)
			return PORT_NULL;
		t->reply = (port_name_t)name;
	}
	return t->reply;
}
