/*
 * exec of a set-uid or set-gid program (proc.exec_setid). emul lives in the program's
 * memory, so the program could take a new identity and run something else: the
 * server runs it instead. It checks the file through the fs-server, works out the new
 * ids as Linux's execve does, and builds a fresh task around a fresh emul (create.c)
 * that runs the file from the handle it was given; the process (pid, parent, group,
 * session, children, pending signals, timers) stays, only its task changes.
 */
#include <emul_start.h>
#include <errno.h>
#include <fs.h>
#include <linux/mount.h>
#include <linux/stat.h>
#include <masque/rights.h>
#include <masque/vm.h>
#include <notify.h>
#include <proc.h>
#include <rpc.h>
#include <self.h>
#include <trap.h>
#include "cpu_timer.h"
#include "create.h"
#include "creds.h"
#include "ops.h"
#include "process.h"
#include "signal.h"
#include "vfork.h"

/* The identity c takes running a file of mode, uid and gid: Linux's bprm_fill_uid
 * (set-uid: the owner; set-gid with group execute: the group), then the saved ids
 * become the effective ones. 0, or -EPERM when the file changes nothing. */
static int64_t setid_creds(struct creds *c, uint32_t mode, uint32_t uid, uint32_t gid)
{
	int setuid = (mode & S_ISUID) != 0;
	int setgid = (mode & (S_ISGID | S_IXGRP)) == (S_ISGID | S_IXGRP);

	if (!setuid && !setgid)
		return -EPERM;
	if (setuid)
		c->uid[1] = uid;
	if (setgid)
		c->gid[1] = gid;
	c->uid[2] = c->uid[1];
	c->gid[2] = c->gid[1];
	return 0;
}

/* The file behind program, if it is the fs-server's, a regular file p may execute,
 * with a set-id bit that counts (not on a nosuid mount): the new identity into *c. */
static int64_t check_program(struct process *p, port_name_t program, struct creds *c)
{
	struct fs_attr attr;
	uint32_t mode, mount_flags;
	int64_t r;

	if (creds_identify_mounted(program, &mode, &mount_flags) < 0)
		return -EACCES; /* not a file of the fs-server's */
	if ((r = rpc_fs_stat(program, &attr)) < 0)
		return r;
	if (!S_ISREG(attr.mode))
		return -EACCES;
	if (!creds_may_execute(&p->cred, attr.mode, attr.uid, attr.gid))
		return -EACCES;
	if (p->no_new_privs || (mount_flags & MS_NOSUID))
		return -EPERM;
	*c = p->cred;
	return setid_creds(c, attr.mode, attr.uid, attr.gid);
}

/* p's new task, from carry, with its identity c: p's task is the blueprint of its
 * send rights. The task, its first thread in *thread and our new port for p in *port. */
static int64_t new_task(struct process *p, const struct creds *c, port_name_t program,
			const void *carry, uint32_t carry_len, port_name_t *thread,
			port_name_t *port)
{
	port_name_t root;
	int64_t r = creds_root(c, &root);

	if (r < 0)
		return r;
	if (!(*port = port_in_set())) {
		port_mod_refs(root, RIGHT_SEND, -1);
		return -ENOMEM;
	}
	struct process_args a = {
		.root = root,
		.proc = *port,
		.exception = exception_port,
		.pipes = pipes_port,
		.program = program,
		.blueprint = p->task,
		.pid = p->pid,
		.uid = c->uid[0],
		.gid = c->gid[0],
		.euid = c->uid[1],
		.egid = c->gid[1],
		.secure = c->uid[1] != c->uid[0] || c->gid[1] != c->gid[0],
		.flags = EMUL_EXEC_CARRY | emul_trace,
		.path = "linux", /* the label, as a fork's task has */
		.carry = carry,
		.carry_len = carry_len,
	};
	r = process_create(&a, thread);
	port_mod_refs(root, RIGHT_SEND, -1);
	if (r < 0)
		port_destroy(*port);
	return r;
}

/* p runs as task from now on: the old task ends without its death counting as p's. */
static int64_t switch_task(struct process *p, port_name_t task, port_name_t thread,
			   port_name_t port, const struct creds *c)
{
	int64_t r = cpu_timer_move(p, task, port);

	if (r < 0)
		return r;
	port_request_notify(p->task, NOTIFY_DEAD_NAME, PORT_NULL);
	task_terminate(p->task);
	port_destroy(p->task);
	signal_drop_threads(p);
	if (p->waiting != PORT_NULL) { /* a wait of an old thread: nobody to answer */
		port_mod_refs(p->waiting, RIGHT_SEND_ONCE, -1);
		p->waiting = PORT_NULL;
	}
	port_destroy(p->port);
	p->port = port;
	p->task = task;
	p->cred = *c;
	vfork_release(p);
	if (c->uid[1] != c->uid[0] || c->gid[1] != c->gid[0])
		p->pdeathsig = 0; /* Linux forgets it on a secure exec */
	r = signal_add_thread(p, p->pid, thread, 0);
	if (!r)
		r = watch_task(p);
	return r;
}

int64_t proc_exec_setid(struct rpc_ctx *ctx, port_name_t program, void *carry, uint32_t carry_size)
{
	struct process *p = process_by_port(ctx->local);
	port_name_t thread = PORT_NULL, port = PORT_NULL;
	struct creds c;
	int64_t r = p ? check_program(p, program, &c) : -ESRCH, task = 0;

	if (!r && carry_size > EMUL_START_MAX)
		r = -E2BIG;
	if (!r && (task = new_task(p, &c, program, carry, carry_size, &thread, &port)) < 0)
		r = task;
	port_mod_refs(program, RIGHT_SEND, -1);
	if (carry)
		vm_deallocate(self_task, (uint64_t)carry, carry_size);
	if (r)
		return r;
	if ((r = switch_task(p, (port_name_t)task, thread, port, &c)) < 0)
		process_end(p, 9);			/* half switched: killed, as by SIGKILL */
	port_mod_refs(ctx->reply, RIGHT_SEND_ONCE, -1); /* the caller is gone */
	return RPC_NO_REPLY;
}

int64_t proc_no_new_privs(struct rpc_ctx *ctx)
{
	struct process *p = process_by_port(ctx->local);

	if (!p)
		return -ESRCH;
	p->no_new_privs = 1;
	return 0;
}
