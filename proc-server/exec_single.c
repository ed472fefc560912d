/*
 * An exec in a process of several threads (proc.exec_single): every thread but the
 * caller ends before the new program is mapped, as Linux's de_thread ends them, and
 * the caller goes on as the process's one thread, with the pid as its tid. The answer
 * waits until the kernel has really ended them (their ports' deaths, signal.c), so no
 * old thread runs in the new program.
 */
#include <errno.h>
#include <masque/rights.h>
#include <proc.h>
#include <rpc.h>
#include <trap.h>
#include "exec_single.h"
#include "process.h"
#include "signal.h"

/* p's vfork children go on in the memory they had, which is p's no more. */
static void unshare_vfork_children(struct process *p)
{
	for (struct process *q = process_first(); q; q = q->next)
		if (q->vfork_parent == p->pid && q->vfork_memory == p->task) {
			q->vfork_memory = PORT_NULL;
			if (q->vfork_waiter != PORT_NULL) { /* an ended thread's vfork_wait */
				port_mod_refs(q->vfork_waiter, RIGHT_SEND_ONCE, -1);
				q->vfork_waiter = PORT_NULL;
			}
		}
}

void exec_single_done(struct process *p)
{
	if (p->single_waiter != PORT_NULL) {
		if (p->ending) /* p ended first: nobody to answer */
			port_mod_refs(p->single_waiter, RIGHT_SEND_ONCE, -1);
		else
			proc_exec_single_reply(p->single_waiter, 0);
		p->single_waiter = PORT_NULL;
	}
}

int64_t proc_exec_single(struct rpc_ctx *ctx, port_name_t thread)
{
	struct process *p = process_by_port(ctx->local);
	int64_t r = p ? signal_end_other_threads(p, thread) : -ESRCH;

	port_mod_refs(thread, RIGHT_SEND, -1); /* the message's; the record keeps its own */
	if (r)
		return r;
	if (p->waiting != PORT_NULL) { /* a wait of an ended thread: nobody to answer */
		port_mod_refs(p->waiting, RIGHT_SEND_ONCE, -1);
		p->waiting = PORT_NULL;
	}
	unshare_vfork_children(p);
	if (!p->ending)
		return 0;
	p->single_waiter = ctx->reply;
	return RPC_NO_REPLY;
}
