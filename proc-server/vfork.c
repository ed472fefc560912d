/*
 * vfork: the child's task shares the program's memory with its parent's (emul set that
 * up), and the parent's thread waits here until the child no longer uses it: it
 * exec'd (emul says so; or the exec was the server's own) or it ended. Meanwhile what
 * the child maps, emul has the kernel show in its parent too.
 */
#include <errno.h>
#include <masque/rights.h>
#include <proc.h>
#include <rpc.h>
#include <trap.h>
#include "vfork.h"

void vfork_release(struct process *p)
{
	p->vfork_done = 1;
	if (p->vfork_waiter != PORT_NULL) {
		proc_vfork_wait_reply(p->vfork_waiter, 0);
		p->vfork_waiter = PORT_NULL;
	}
}

int64_t proc_vfork_wait(struct rpc_ctx *ctx, int32_t pid)
{
	struct process *p = process_by_port(ctx->local), *child = process_by_pid(pid);

	if (!p)
		return -ESRCH;
	if (!child || child->ppid != p->pid || child->vfork_done || child->wait_status >= 0)
		return 0;
	if (child->vfork_waiter != PORT_NULL) /* an earlier wait's, given up */
		port_mod_refs(child->vfork_waiter, RIGHT_SEND_ONCE, -1);
	child->vfork_waiter = ctx->reply;
	return RPC_NO_REPLY;
}

void proc_vfork_release(struct rpc_ctx *ctx)
{
	struct process *p = process_by_port(ctx->local);

	if (p)
		vfork_release(p);
}

int64_t proc_vfork_share(struct rpc_ctx *ctx, uint64_t addr, uint64_t size)
{
	struct process *p = process_by_port(ctx->local), *parent;

	if (!p || !p->vfork_parent || p->vfork_done)
		return -EPERM;
	/* the parent it was made from, with the memory it had: not init after the parent
	 * ended, not the parent's new image after an exec of another of its threads */
	if (p->ppid != p->vfork_parent || !(parent = process_by_pid(p->ppid)) ||
	    parent->task != p->vfork_memory)
		return -ESRCH;
	int64_t r = vm_share(p->task, addr, size, parent->task);
	return r == KERN_INVALID_ADDRESS || r == KERN_INVALID_ARGUMENT ? -EINVAL : r ? -ENOMEM : 0;
}
