/*
 * The first moments of a Linux process: the process server has mapped emul into a new
 * task and started its first thread at emul_start (entry.S) with the start block
 * (lib/include/emul_start.h). emul takes its thread block, its ports and descriptors,
 * turns on the redirection of the task's syscalls to itself, and execs the program.
 */
#include <emul_start.h>
#include <errno.h>
#include <masque/thread.h>
#include <proc.h>
#include <self.h>
#include <stdio.h>
#include <string.h>
#include <trap.h>
#include "carry.h"
#include "exec.h"
#include "fd.h"
#include "process.h"
#include "thread.h"

extern char __emul_text[], __emul_etext[];
extern void emul_entry(void);

static char *args[EMUL_ARGS_MAX + 2];

/* argv then envp, each NULL-terminated, pointing into the block's strings (after
 * the path); the number of pointers used, or -E2BIG. */
static int split_strings(const struct emul_start *b, const char *after_path)
{
	const char *p = after_path, *end = b->strings + b->strings_len;
	uint32_t n = 0;

	if ((uint64_t)b->argc + b->envc > EMUL_ARGS_MAX)
		return -E2BIG;
	for (uint32_t i = 0; i < b->argc + b->envc; i++) {
		if (i == b->argc)
			args[n++] = 0;
		size_t len = strnlen(p, (size_t)(end - p));
		if (p + len >= end)
			return -E2BIG;
		args[n++] = (char *)p;
		p += len + 1;
	}
	if (b->envc == 0)
		args[n++] = 0; /* argv's end */
	args[n++] = 0;
	return (int)n;
}

static void take_ports(const struct emul_start *b)
{
	process = (struct process){
		.proc = b->proc,
		.root = b->root,
		.cwd = b->cwd,
		.pipes = b->pipes,
		.trace = b->flags & EMUL_TRACE,
		.pid = b->pid,
		.uid = b->uid,
		.gid = b->gid,
		.euid = b->euid,
		.egid = b->egid,
		.suid = b->euid,
		.sgid = b->egid,
		.secure = b->secure != 0,
		.umask = b->umask & 0777,
	};
	for (int fd = 0; fd < 3; fd++)
		if (b->stdio[fd] != PORT_NULL)
			fd_install(b->stdio[fd], 0, fd);
}

/* The rest of an exec the process server did (proc.exec_setid): the state the old
 * program's emul carried, then the program; what exec_program would return. */
static int64_t exec_after_carry(const struct emul_start *b, struct frame *f)
{
	struct carried_exec e;
	int64_t r = carry_take(b, &e);

	if (r >= 0)
		r = task_set_emulation(self_task, (uint64_t)emul_entry, (uint64_t)__emul_text,
				       (uint64_t)(__emul_etext - __emul_text));
	if (r >= 0)
		r = exec_carried(b->program, &e, f);
	prctl_exec((int)process.secure);
	if (r >= 0)
		fd_close_on_exec();
	return r;
}

_Noreturn void emul_main(const struct emul_start *b)
{
	struct frame f;
	struct emul_thread *t;
	int64_t r;

	self_task = (port_name_t)task_self();
	take_ports(b);
	t = thread_block_new(b->pid);
	if (!t || thread_set_base(thread_self(), THREAD_GS_BASE, (uint64_t)t) ||
	    rpc_proc_main_block(process.proc, (uint64_t)t))
		process_exit(127 << 8);
	if (b->flags & EMUL_EXEC_CARRY) {
		if (exec_after_carry(b, &f) < 0)
			process_exit(11); /* the old program is gone: killed by SIGSEGV, as Linux */
		emul_return(&f);
	}
	const char *path = b->strings;
	size_t path_len = strnlen(path, b->strings_len);
	r = path_len < b->strings_len ? split_strings(b, path + path_len + 1) : -E2BIG;
	if (r >= 0)
		r = task_set_emulation(self_task, (uint64_t)emul_entry, (uint64_t)__emul_text,
				       (uint64_t)(__emul_etext - __emul_text));
	if (r >= 0)
		r = exec_program(path, args, args + b->argc + 1, &f, &(int){ 0 });
	if (r < 0) {
		printf("emul: %s: cannot run it: error %ld\n", path, -r);
		process_exit((r == -ENOENT ? 127 : 126) << 8);
	}
	emul_return(&f);
}
