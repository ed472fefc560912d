/*
 * What the process server gives emul when it starts a Linux process: the start block,
 * written into the new task's memory, whose address the first thread finds in rdi at
 * emul's entry (emul/entry.S, emul_start). Port names are the task's own (the server
 * inserted the rights); the strings are the program's path, then its arguments, then
 * its environment, each ending in a NUL.
 */
#ifndef LIB_EMUL_START_H
#define LIB_EMUL_START_H

#define EMUL_START_MAX (256 * 1024) /* the whole block, strings included (ARG_MAX-like) */

/* Where in emul's text a thread resumes whose access to the program's memory faulted
 * while emul served a call: the call then fails with EFAULT (emul/entry.S). */
#define EMUL_VECTOR_EFAULT 16
#define EMUL_VECTORS_SIZE  64 /* the vectors and their code: a fault there is no call's */

#define EMUL_TRACE 0x1 /* flags: every call of the program said on the console */

#ifndef __ASSEMBLER__
#include <masque/types.h>
#include <stdint.h>

struct emul_start {
	port_name_t proc;      /* the process's own port at the process server */
	port_name_t root, cwd; /* directory handles for / and the working directory */
	port_name_t stdio[3];  /* handles for descriptors 0, 1 and 2 (PORT_NULL: closed) */
	port_name_t pipes;     /* the pipe server, where pipes are made (PORT_NULL: none) */
	int32_t pid;
	uint32_t uid, gid;
	uint32_t umask;
	uint32_t argc, envc;
	uint32_t flags;	      /* EMUL_TRACE */
	uint32_t strings_len; /* bytes of strings[] */
	char strings[];
};
#endif

#endif
