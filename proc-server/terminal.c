/* The terminal server's calls and this server's word to it (terminal.h). The terminal
 * server is trusted because the name service, which only the bootstrap serves, gave
 * its port as "tty" before any Linux process ran: only it holds a send right to the
 * control port, so a request that comes there comes from it. */
#include <asm/signal.h>
#include <errno.h>
#include <fs.h>
#include <masque/rights.h>
#include <ns.h>
#include <proc.h>
#include <rpc.h>
#include <self.h>
#include <trap.h>
#include <tty.h>
#include "ops.h"
#include "process.h"
#include "signal.h"
#include "terminal.h"

#define SI_KERNEL 0x80 /* si_code of a signal the kernel (here: a terminal) sends */

static port_name_t control = PORT_NULL;	 /* the terminal server's port here */
static port_name_t tty_link = PORT_NULL; /* its port for our word */

void terminal_attach(void)
{
	port_name_t tty;

	if (rpc_ns_lookup(bootstrap_port, "tty", &tty))
		return; /* no terminal server */
	control = port_in_set();
	if (control && port_insert_right(self_task, control, control, MSG_MAKE_SEND) >= 0 &&
	    rpc_tty_attach(tty, control, &tty_link) >= 0)
		port_mod_refs(control, RIGHT_SEND, -1); /* the terminal server holds the one */
	else
		tty_link = PORT_NULL;
	port_mod_refs(tty, RIGHT_SEND, -1);
}

void terminal_process_ended(const struct process *p)
{
	if (tty_link != PORT_NULL && p->pid == p->sid)
		rpc_tty_session_ended(tty_link, p->sid);
}

int64_t terminal_make_controlling(port_name_t terminal, const struct process *p)
{
	if (tty_link == PORT_NULL)
		return -ENOTTY;
	return rpc_tty_make_controlling(tty_link, terminal, p->sid, p->pgid);
}

/* Whether group pgid of session sid is orphaned: none of its members has a parent in
 * another group of the session (init, the server, is in none). */
static int orphaned(int32_t pgid, int32_t sid)
{
	for (struct process *q = process_first(); q; q = q->next) {
		if (q->wait_status >= 0 || q->pgid != pgid)
			continue;
		struct process *parent = process_by_pid(q->ppid);
		if (parent && parent->wait_status < 0 && parent->pgid != pgid && parent->sid == sid)
			return 0;
	}
	return 1;
}

/* The living process whose port (at this server) process names, asked by the terminal
 * server: NULL, and *r why, if none or if not asked on the control port. */
static struct process *asked_about(struct rpc_ctx *ctx, port_name_t process, int64_t *r)
{
	/* ours: the right came back to the name of our receive right */
	struct process *p = process_by_port(process);

	rpc_release_right(process, MSG_MOVE_SEND);
	*r = ctx->local != control || control == PORT_NULL ? -EPERM
	     : !p || p->wait_status >= 0		   ? -ESRCH
							   : 0;
	return *r ? 0 : p;
}

int64_t proc_identify(struct rpc_ctx *ctx, port_name_t process, int32_t *pgid, int32_t *sid,
		      uint64_t *ignored, uint32_t *orphan, uint32_t *no_tty)
{
	int64_t r;
	struct process *p = asked_about(ctx, process, &r);

	*pgid = *sid = 0;
	*ignored = 0;
	*orphan = *no_tty = 0;
	if (!p)
		return r;
	*pgid = p->pgid, *sid = p->sid, *ignored = p->ignored;
	*orphan = (uint32_t)orphaned(p->pgid, p->sid);
	*no_tty = (uint32_t)p->no_tty;
	return p->pid;
}

int64_t proc_drop_tty(struct rpc_ctx *ctx, port_name_t process)
{
	int64_t r;
	struct process *p = asked_about(ctx, process, &r);

	if (p)
		p->no_tty = 1;
	return r;
}

int64_t proc_signal_group(struct rpc_ctx *ctx, int32_t pgid, int32_t sig)
{
	struct sig_info info = { .code = SI_KERNEL };
	int found = 0;

	if (ctx->local != control || control == PORT_NULL)
		return -EPERM;
	if (sig <= 0 || sig > NSIG_LINUX || pgid <= 0)
		return -EINVAL;
	for (struct process *p = process_first(), *next; p; p = next) {
		next = p->next; /* SIGKILL may end p */
		if (p->wait_status < 0 && p->pgid == pgid) {
			found = 1;
			signal_send(p, 0, sig, &info);
		}
	}
	return found ? 0 : -ESRCH;
}

int64_t proc_group_session(struct rpc_ctx *ctx, int32_t pgid)
{
	if (ctx->local != control || control == PORT_NULL)
		return -EPERM;
	for (struct process *p = process_first(); p; p = p->next)
		if (p->wait_status < 0 && p->pgid == pgid)
			return p->sid;
	return -ESRCH;
}
