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
/* Argument and environment strings together, at most: Linux bounds only their bytes,
 * so many short ones must fit too (xargs fills ARG_MAX with them). */
#define EMUL_ARGS_MAX (EMUL_START_MAX / 4)

/* Where in emul's text a thread resumes whose access to the program's memory faulted
 * while emul served a call: the call then fails with EFAULT (emul/entry.S). */
#define EMUL_VECTOR_EFAULT 16
/* Where the process server sends a thread it stopped in the program's code to take its
 * signals, with the registers it had in the thread block (EMUL_BLOCK_INTERRUPTED). */
#define EMUL_VECTOR_SIGNAL 32
/* From here to the end of the vectors is emul_return, the way back to the program: a
 * thread there has looked for signals already, so the server lets it run on and
 * stops it again in the program. */
#define EMUL_RETURN_START 64
#define EMUL_VECTORS_SIZE 256 /* the vectors and their code: a fault there is no call's */

/* The fields of emul's block for each thread (emul/thread.h, at the thread's gs base)
 * that the process server reads and writes in the task's memory: */
#define EMUL_BLOCK_PENDING     32 /* uint64: signals pending for the thread or process */
#define EMUL_BLOCK_SEQ	       40 /* uint32: counts the changes of PENDING (a futex word) */
#define EMUL_BLOCK_PPID	       44 /* int32: the parent's pid (-1: not yet said), getppid's */
#define EMUL_BLOCK_BLOCKED     48 /* uint64: the thread's signal mask (written by emul) */
#define EMUL_BLOCK_INTERRUPTED 56 /* struct thread_state: where a redirected thread was */
/* char[16]: the thread's name (exec's, prctl's PR_SET_NAME), which /proc calls comm */
#define EMUL_BLOCK_NAME 284

/* emul's descriptor table, which the process server reads in the task's memory for
 * /proc/PID/fd (its address comes with proc.exec_info): EMUL_FD_MAX entries of a uint32
 * handle (0: the descriptor is closed) and a uint32 of flags. */
#define EMUL_FD_MAX   1024
#define EMUL_FD_ENTRY 8

/* proc.sigtake's flags and proc.sigstate's */
#define SIGNAL_FORCED	 0x1 /* sigtake: a fault's signal: delivered though blocked or ignored */
#define SIGNAL_NOCLDWAIT 0x1 /* sigstate: children leave no zombies (SIGCHLD ignored) */
#define SIGNAL_NOCLDSTOP 0x2 /* sigstate: no SIGCHLD when a child stops */

#define EMUL_TRACE 0x1 /* flags: every call of the program said on the console */
/* flags: an exec through the process server (proc.exec_setid): strings[] holds what
 * the old program's emul carried over (emul/carry.h) instead of path, argv and envp,
 * the descriptors are the inherited rights it names, and program is the file to run */
#define EMUL_EXEC_CARRY 0x2

#ifndef __ASSEMBLER__
#include <masque/types.h>
#include <stdint.h>

struct emul_start {
	port_name_t proc;      /* the process's own port at the process server */
	port_name_t root, cwd; /* directory handles for / and the working directory */
	port_name_t stdio[3];  /* handles for descriptors 0, 1 and 2 (PORT_NULL: closed) */
	port_name_t pipes;     /* the pipe server, where pipes are made (PORT_NULL: none) */
	int32_t pid;
	uint32_t uid, gid;   /* real ids */
	uint32_t euid, egid; /* effective (and saved) ids */
	uint32_t secure;     /* AT_SECURE */
	port_name_t program; /* EMUL_EXEC_CARRY: a handle on the program's file */
	uint32_t umask;
	uint32_t argc, envc;
	uint32_t flags;	      /* EMUL_TRACE */
	uint32_t strings_len; /* bytes of strings[] */
	char strings[];
};
#endif

#endif
