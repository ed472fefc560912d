/* Starting a Linux process: a new task with emul mapped in, its start block written,
 * its first thread at emul's entry (create.c). */
#ifndef PROC_CREATE_H
#define PROC_CREATE_H

#include <masque/types.h>
#include <stdint.h>

/* What the new process gets. Ports are the caller's send rights; the new task gets
 * copies. */
struct process_args {
	port_name_t root, cwd; /* directory handles */
	port_name_t stdio[3];  /* descriptors 0-2 (PORT_NULL: closed) */
	port_name_t proc;      /* the process's port here (a send right is made for it) */
	port_name_t exception; /* where its CPU faults go */
	port_name_t pipes;     /* the pipe server, or PORT_NULL */
	port_name_t program;   /* with carry: the program's file */
	port_name_t blueprint; /* a task whose send rights the new one inherits, or PORT_NULL */
	int32_t pid;
	uint32_t uid, gid, euid, egid, secure, umask;
	uint32_t flags;	  /* for emul: EMUL_TRACE, EMUL_EXEC_CARRY */
	const char *path; /* the program, from cwd (with carry: only the task's label) */
	char *const *argv, *const *envp;
	const void *carry; /* EMUL_EXEC_CARRY: the start block's strings */
	uint32_t carry_len;
};

/* EMUL_TRACE if the server was started with -t (every emul it starts says each call),
 * else 0: a set-id exec's new emul traces by this, never by the old emul's word. */
extern uint32_t emul_trace;

/* Load emul (the file EMUL_PATH at root) once; 0 or a negated errno. */
int64_t create_prepare(port_name_t root);

/* Where emul's code is in every process: [*start, *end). */
void emul_text(uint64_t *start, uint64_t *end);

/* The new process's task (a send right), or a negative code; a send right to its
 * first thread in *thread. */
int64_t process_create(const struct process_args *a, port_name_t *thread);

#define EMUL_PATH "/lib/masque/emul"

#endif
