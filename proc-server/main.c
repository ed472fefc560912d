/*
 * The process server, in its first form: it runs one Linux program as process 1 with
 * its standard output and error in files, and says how it ended. The program's exit
 * message (interfaces/proc.defs), its CPU faults (as the task's exception port) and
 * its task's death all come here; a fault ends it as Linux's default action for the
 * signal would, without a handler yet.
 *
 * usage: proc_server [-i FILE] -o DIR PROGRAM [ARG]...
 * stdin is FILE (default /dev/null); stdout and stderr are DIR/stdout and DIR/stderr.
 * The console gets "proc: PROGRAM: exit status N" or "proc: PROGRAM: killed by
 * signal N"; the server's own exit status is the shell's ($? of the program).
 */
#include <errno.h>
#include <exc.h>
#include <format.h>
#include <fs.h>
#include <linux/fcntl.h>
#include <masque/exception.h>
#include <masque/rights.h>
#include <notify.h>
#include <ns.h>
#include <proc.h>
#include <rpc.h>
#include <self.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <trap.h>
#include "create.h"

#define SIGILL	4
#define SIGTRAP 5
#define SIGBUS	7
#define SIGFPE	8
#define SIGSEGV 11

static port_name_t proc_port, task;
static int32_t wait_status = -1; /* how it ended, once known */
static int ended;		 /* its task is gone */

void proc_exit(struct rpc_ctx *ctx, int32_t status)
{
	if (ctx->local != proc_port)
		return;
	if (wait_status < 0)
		wait_status = status & 0xff00;
	task_terminate(task);
}

static int signal_of(uint32_t exception)
{
	switch (exception) {
	case EXC_BAD_INSTRUCTION:
		return SIGILL;
	case EXC_ARITHMETIC:
		return SIGFPE;
	case EXC_BREAKPOINT:
		return SIGTRAP;
	case EXC_MEMORY_ERROR:
		return SIGBUS;
	default:
		return SIGSEGV;
	}
}

int64_t exc_raise(struct rpc_ctx *ctx, port_name_t thread, port_name_t from, uint32_t exception,
		  uint32_t vector, uint64_t code, uint64_t address, uint64_t rip)
{
	(void)ctx, (void)vector, (void)code;
	port_mod_refs(thread, RIGHT_SEND, -1);
	port_mod_refs(from, RIGHT_SEND, -1);
	if (wait_status < 0) {
		wait_status = signal_of(exception);
		printf("proc: pid 1: signal %d: fault at 0x%lx (rip 0x%lx)\n", wait_status, address,
		       rip);
	}
	task_terminate(task);
	return KERN_TERMINATED;
}

void notify_dead_name(struct rpc_ctx *ctx, uint32_t name)
{
	(void)ctx, (void)name;
	ended = 1;
}

void notify_no_senders(struct rpc_ctx *ctx, uint32_t make_sends)
{
	(void)ctx, (void)make_sends;
}

void notify_send_once(struct rpc_ctx *ctx)
{
	(void)ctx;
}

static int other_demux(struct msg_header *in, struct msg_header *out)
{
	int served = exc_demux(in, out) || notify_demux(in, out);

	return served && ended ? RPC_STOP : served;
}

static int64_t open_file(port_name_t root, const char *dir, const char *name, uint32_t flags,
			 port_name_t *h)
{
	char path[512];
	uint32_t type;

	snprintf(path, sizeof(path), "%s%s%s", dir, name[0] ? "/" : "", name);
	return rpc_fs_open(root, path, flags, 0644, h, &type);
}

/* A port of ours in the set (a new receive right), or PORT_NULL. */
static port_name_t port_in(port_name_t set)
{
	int64_t p = port_allocate(RIGHT_RECEIVE);

	if (p < 0 || port_move_member((port_name_t)p, set))
		return PORT_NULL;
	return (port_name_t)p;
}

/* A port in the set with a send right of ours, for task_set_special. */
static port_name_t exception_port(port_name_t set)
{
	port_name_t p = port_in(set);

	if (p != PORT_NULL && port_insert_right(self_task, p, p, MSG_MAKE_SEND) < 0)
		return PORT_NULL;
	return p;
}

static int usage(void)
{
	printf("usage: proc_server [-i FILE] -o DIR PROGRAM [ARG]...\n");
	return 2;
}

int main(int argc, char **argv)
{
	static char *envp[] = { "PATH=/bin:/usr/bin", "HOME=/", 0 };
	const char *in = "/dev/null", *out = 0;
	port_name_t root, stdio[3], set, death;
	int i = 1;
	int64_t r;

	for (; i + 1 < argc && argv[i][0] == '-'; i += 2)
		if (!strcmp(argv[i], "-i"))
			in = argv[i + 1];
		else if (!strcmp(argv[i], "-o"))
			out = argv[i + 1];
		else
			return usage();
	if (i >= argc || !out)
		return usage();
	if (rpc_ns_lookup(bootstrap_port, "fs", &root) || (r = create_init(root)) < 0) {
		printf("proc: no fs-server, or no %s there\n", EMUL_PATH);
		return 1;
	}
	r = rpc_fs_mkdir(root, out, 0755);
	if ((r < 0 && r != -EEXIST) || (r = open_file(root, in, "", O_RDONLY, &stdio[0])) < 0 ||
	    (r = open_file(root, out, "stdout", O_WRONLY | O_CREAT | O_TRUNC, &stdio[1])) < 0 ||
	    (r = open_file(root, out, "stderr", O_WRONLY | O_CREAT | O_TRUNC, &stdio[2])) < 0) {
		printf("proc: cannot set up %s and %s: error %ld\n", in, out, r);
		return 1;
	}
	set = (port_name_t)port_allocate(RIGHT_PORT_SET);
	proc_port = port_in(set);
	struct process_args a = {
		.root = root,
		.cwd = root,
		.stdio = { stdio[0], stdio[1], stdio[2] },
		.proc = proc_port,
		.exception = exception_port(set),
		.pid = 1,
		.ppid = 0,
		.umask = 022,
		.path = argv[i],
		.argv = argv + i,
		.envp = envp,
	};
	int64_t t = process_create(&a);
	if (t < 0) {
		printf("proc: %s: cannot start it: error %ld\n", argv[i], t);
		return 1;
	}
	task = (port_name_t)t;
	death = (port_name_t)task_death_port(task);
	port_move_member(death, set);
	rpc_serve_until(set, proc_demux, other_demux, 0);
	if (wait_status < 0)
		wait_status = SIGSEGV; /* the kernel ended it: nothing told us why */
	if (wait_status & 0x7f) {
		printf("proc: %s: killed by signal %d\n", argv[i], wait_status & 0x7f);
		return 128 + (wait_status & 0x7f);
	}
	printf("proc: %s: exit status %d\n", argv[i], wait_status >> 8);
	return wait_status >> 8;
}
