/*
 * What emul keeps for the whole process, in the process's own memory (so fork copies
 * it with the address space): its ports, identity as the process server gave it, the
 * working directory, umask, the break. Nothing here is trusted by any server.
 */
#ifndef EMUL_PROCESS_H
#define EMUL_PROCESS_H

#include <masque/types.h>
#include <stdint.h>

struct process {
	port_name_t proc;      /* this process at the process server */
	port_name_t root, cwd; /* directory handles at the fs-server */
	port_name_t pipes;     /* the pipe server */
	int32_t pid;
	uint32_t uid, gid, euid, egid, suid, sgid; /* as the process server last said (ids.c) */
	uint32_t ngroups;
	uint32_t groups[32];
	uint32_t umask;
	uint32_t trace;		 /* say every call on the console (EMUL_TRACE) */
	uint32_t secure;	 /* AT_SECURE of the program that runs (exec.c) */
	uint32_t vfork_child;	 /* a vfork's child that has not exec'd: the parent waits */
	uint64_t brk_start, brk; /* the program break: where it began, where it is */
};

extern struct process process;

/* RLIMIT_NOFILE's soft limit: descriptors go below it (limits.c). */
uint64_t process_fd_limit(void);

/* The resource limits, RLIM_NLIMITS of them (limits.c): what exec carries over. */
struct rlimit64 *process_limits(void);

/* exec: the program is dumpable unless its effective ids are not its real ones
 * (secure), when it also loses its parent-death signal, as on Linux (prctl.c). */
void prctl_exec(int secure);

/* Whether prctl's PR_SET_NO_NEW_PRIVS was set (prctl.c): exec then takes no new ids. */
int process_no_new_privs(void);

/* exec: the saved uid and gid become the effective ones, as Linux's execve makes
 * them (ids.c); 0 or a negated errno. */
int64_t process_save_effective_ids(void);

/* The soft limit of resource (RLIMIT_*) (limits.c). */
uint64_t process_limit(unsigned resource);

/* RLIMIT_FSIZE (limits.c): how many of n bytes a write through h at offset (-1: its
 * position) may write, cut at the limit; -EFBIG, SIGXFSZ sent, when none may. */
int64_t limit_file_write(port_name_t h, int64_t offset, uint64_t n);
/* 0 if h's file may be made size bytes long, else -EFBIG, SIGXFSZ sent. */
int64_t limit_file_size(port_name_t h, int64_t size);

/* A fork's child has no parent-death signal (prctl.c; the server's copy has none). */
void prctl_forget_pdeathsig(void);

/* End the process with the wait status given (exit: status << 8), never returning. */
_Noreturn void process_exit(int wait_status);

#endif
