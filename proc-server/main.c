/*
 * The process server. As a runner it runs one Linux program as process 2 (process 1,
 * init, is the server itself, which takes the orphans), with its standard output and
 * error in files, serves it and every process it forks (ops.c: exit, fork, wait,
 * getppid; faults; deaths) and says how it ended; the others end with it. With -init
 * the program is process 1 itself, the system's init.
 *
 * usage: proc_server [-t] [-m] [-i FILE] -o DIR PROGRAM [ARG]...
 *        proc_server [-t] [-i FILE] -o DIR -a ARGV_FILE
 *        proc_server [-t] -c TERMINAL PROGRAM [ARG]...
 *        proc_server [-t] -init TERMINAL PROGRAM [ARG]...
 * -t: emul says every call of the program (and of its children) on the console.
 * -m: /proc is mounted on /proc first (init mounts it itself, from /etc/fstab).
 * stdin is FILE (default /dev/null); stdout and stderr are DIR/stdout and DIR/stderr.
 * With -c, all three are the terminal (a device node such as /dev/console), which
 * becomes the controlling terminal of the program's session, the program its leader.
 * With -a, the program and its arguments are ARGV_FILE's NUL-terminated strings (any
 * bytes but NUL, where a boot script's words cannot hold spaces).
 * With -init, the program is process 1 (BusyBox init runs only so): its stdio is the
 * terminal, which it does not control (its children take it, as on Linux, where init
 * has no controlling terminal); orphans go to it, which reaps them; signals it has no
 * handler for do not reach it. Should it end, the others end with it and the server
 * says so ("proc: init ...": Linux panics), then ends too: the boot script goes on,
 * to its poweroff.
 * The console gets "proc: PROGRAM: exit status N" or "proc: PROGRAM: killed by
 * signal N"; the server's own exit status is the shell's ($? of the program).
 */
#include <cpu_alarm.h>
#include <emul_start.h>
#include <errno.h>
#include <exc.h>
#include <format.h>
#include <fs.h>
#include <linux/fcntl.h>
#include <masque/error.h>
#include <masque/rights.h>
#include <notify.h>
#include <ns.h>
#include <proc.h>
#include <rpc.h>
#include <self.h>
#include <stdio.h>
#include <string.h>
#include <trap.h>
#include "create.h"
#include "creds.h"
#include "ops.h"
#include "process.h"
#include "procfs.h"
#include "signal.h"
#include "terminal.h"
#include "timer.h"

#define RUNNER_PID 2		/* the program's pid, but with -init */
#define ARGV_BYTES (128 * 1024) /* -a: the arguments' bytes, at most */
#define ARGV_MAX   4096

static struct process *program;
uint32_t emul_trace;
static int init_mode; /* -init: the program is process 1 */

/* Serve until the program has ended. */
static int other_demux(struct msg_header *in, struct msg_header *out)
{
	int served = exc_demux(in, out) || notify_demux(in, out) || pfs_demux(in, out) ||
		     cpu_alarm_demux(in, out);

	return served && program->wait_status >= 0 ? RPC_STOP : served;
}

/* The processes' requests; a timer set anew ends the wait (for its new deadline). */
static int proc_timed_demux(struct msg_header *in, struct msg_header *out)
{
	int served = proc_demux(in, out);

	return served && timer_changed() ? RPC_STOP : served;
}

static int64_t open_file(port_name_t root, const char *dir, const char *name, uint32_t flags,
			 port_name_t *h)
{
	char path[512];
	uint32_t type;

	snprintf(path, sizeof(path), "%s%s%s", dir, name[0] ? "/" : "", name);
	return rpc_fs_open(root, path, flags, 0644, h, &type);
}

/* A port in the set with a send right of ours, for task_set_special. */
static port_name_t send_port_in_set(void)
{
	port_name_t p = port_in_set();

	if (p != PORT_NULL && port_insert_right(self_task, p, p, MSG_MAKE_SEND) < 0)
		return PORT_NULL;
	return p;
}

/* argv from the NUL-terminated strings of the file at path; NULL if it cannot be. */
static char **read_argv(port_name_t root, const char *path)
{
	static char text[ARGV_BYTES + 1];
	static char *argv[ARGV_MAX + 1];
	port_name_t h;
	uint32_t type, got = 0, n = 0;
	int64_t r = rpc_fs_open(root, path, O_RDONLY, 0, &h, &type);

	if (r < 0)
		return 0;
	for (uint32_t chunk; n < ARGV_BYTES; n += chunk) {
		uint32_t want = ARGV_BYTES - n < 8192 ? ARGV_BYTES - n : 8192;
		if (rpc_fs_read(h, n, want, text + n, &chunk) < 0 || !chunk)
			break;
	}
	port_mod_refs(h, RIGHT_SEND, -1);
	for (uint32_t at = 0; at < n && got < ARGV_MAX; at += (uint32_t)strlen(text + at) + 1)
		argv[got++] = text + at;
	argv[got] = 0;
	return got ? argv : 0;
}

/* The terminal of -c or -init, or PORT_NULL. */
static port_name_t terminal = PORT_NULL;

/* stdin from the file in, stdout and stderr into files in the directory out. */
static int64_t open_files(port_name_t root, const char *in, const char *out, port_name_t stdio[3])
{
	int64_t r = rpc_fs_mkdir(root, out, 0755);

	if ((r < 0 && r != -EEXIST) || (r = open_file(root, in, "", O_RDONLY, &stdio[0])) < 0 ||
	    (r = open_file(root, out, "stdout", O_WRONLY | O_CREAT | O_TRUNC, &stdio[1])) < 0 ||
	    (r = open_file(root, out, "stderr", O_WRONLY | O_CREAT | O_TRUNC, &stdio[2])) < 0)
		return r;
	return 0;
}

/* stdin, stdout and stderr: one open of the terminal at path (-c, -init). */
static int64_t open_terminal(port_name_t root, const char *path, port_name_t stdio[3])
{
	int64_t r = open_file(root, path, "", O_RDWR, &terminal);

	if (r < 0)
		return r;
	stdio[0] = stdio[1] = stdio[2] = terminal;
	return 0;
}

static int usage(void)
{
	printf("usage: proc_server [-t] [-i FILE] -o DIR PROGRAM [ARG]...\n"
	       "       proc_server [-t] -c TERMINAL PROGRAM [ARG]...\n"
	       "       proc_server [-t] -init TERMINAL PROGRAM [ARG]...\n");
	return 2;
}

/* The ports processes are served on; 0 or an error. */
static int64_t open_set(void)
{
	int64_t set = port_allocate(RIGHT_PORT_SET);

	if (set < 0)
		return set;
	server_set = (port_name_t)set;
	exception_port = send_port_in_set();
	deaths_port = port_in_set();
	return exception_port && deaths_port ? 0 : -ENOMEM;
}

port_name_t pipes_port;

/* The program, with stdio from the files given; the terminal's session's leader, with
 * -c (made so before it runs, since the terminal server asks us about its calls). */
static int64_t start_program(port_name_t root, const port_name_t stdio[3], char **argv,
			     uint32_t flags)
{
	static char *envp[] = { "PATH=/bin:/usr/bin", "HOME=/", 0 };
	static char *terminal_envp[] = { "PATH=/bin:/usr/bin", "HOME=/", "TERM=vt100", 0 };
	int32_t pid = init_mode ? INIT_PID : RUNNER_PID;
	int64_t r;

	if (!(program = process_new(pid, 0)) || !(program->port = port_in_set()))
		return -ENOMEM;
	if (init_mode) /* until emul says which it handles: init drops the others */
		program->ignored = ~0ull;
	if (terminal && !init_mode && (r = terminal_make_controlling(terminal, program)) < 0)
		return r;
	struct process_args a = {
		.root = root,
		.cwd = root,
		.stdio = { stdio[0], stdio[1], stdio[2] },
		.proc = program->port,
		.pipes = pipes_port,
		.exception = exception_port,
		.pid = pid,
		.umask = 022,
		.flags = flags,
		.path = argv[0],
		.argv = argv,
		.envp = terminal ? terminal_envp : envp,
	};
	port_name_t thread;
	if ((r = process_create(&a, &thread)) < 0)
		return r;
	program->task = (port_name_t)r;
	if ((r = signal_add_thread(program, pid, thread, 0)))
		return r;
	return watch_task(program);
}

/* Every process still there when the program ends goes with it. */
static void end_all(void)
{
	for (struct process *p = process_first(); p; p = p->next)
		if (p->wait_status < 0)
			task_terminate(p->task);
}

/* Say how the program ended; its shell status ($?). */
static int report_end(const char *name, int32_t status)
{
	const char *who = init_mode ? "init " : "";

	if (status & 0x7f) {
		printf("proc: %s%s: killed by signal %d\n", who, name, status & 0x7f);
		return 128 + (status & 0x7f);
	}
	printf("proc: %s%s: exit status %d\n", who, name, status >> 8);
	return status >> 8;
}

int main(int argc, char **argv)
{
	const char *in = "/dev/null", *out = 0, *args = 0, *tty = 0;
	uint32_t flags = 0;
	port_name_t root, stdio[3];
	int i = 1;
	int64_t r;

	int mount_proc = 0;
	for (; i < argc && (!strcmp(argv[i], "-t") || !strcmp(argv[i], "-m")); i++)
		if (argv[i][1] == 't')
			flags |= EMUL_TRACE;
		else
			mount_proc = 1;
	for (; i + 1 < argc && argv[i][0] == '-'; i += 2)
		if (!strcmp(argv[i], "-i"))
			in = argv[i + 1];
		else if (!strcmp(argv[i], "-o"))
			out = argv[i + 1];
		else if (!strcmp(argv[i], "-a"))
			args = argv[i + 1];
		else if (!strcmp(argv[i], "-c"))
			tty = argv[i + 1];
		else if (!strcmp(argv[i], "-init"))
			tty = argv[i + 1], init_mode = 1;
		else
			return usage();
	if ((i >= argc && !args) || !(out || tty))
		return usage();
	emul_trace = flags & EMUL_TRACE;
	if (rpc_ns_lookup(bootstrap_port, "fs", &root) || (r = create_prepare(root)) < 0) {
		printf("proc: no fs-server, or no %s there\n", EMUL_PATH);
		return 1;
	}
	creds_init(root);
	if ((r = tty ? open_terminal(root, tty, stdio) : open_files(root, in, out, stdio)) < 0) {
		printf("proc: cannot set up %s and %s: error %ld\n", tty ? tty : in,
		       tty ? tty : out, r);
		return 1;
	}
	if (rpc_ns_lookup(bootstrap_port, "pipe", &pipes_port))
		pipes_port = PORT_NULL;
	if (args && !(argv = read_argv(root, args))) {
		printf("proc: no arguments in %s\n", args);
		return 1;
	}
	if (args)
		i = 0;
	if ((r = open_set()) < 0)
		return 1;
	terminal_attach();
	if (mount_proc && (r = pfs_mount(root, "/proc")) < 0)
		printf("proc: cannot mount /proc: error %ld\n", r);
	if ((r = start_program(root, stdio, argv + i, flags)) < 0) {
		printf("proc: %s: cannot start it: error %ld\n", argv[i], r);
		return 1;
	}
	while (program->wait_status < 0)
		if (rpc_serve_until(server_set, proc_timed_demux, other_demux, timer_next()) ==
		    KERN_TIMED_OUT)
			timer_fire();
	end_all();
	return report_end(argv[i], program->wait_status);
}
