/* Starting a program in this process: ELF64 static executables (exec.c). */
#ifndef EMUL_EXEC_H
#define EMUL_EXEC_H

#include "carry.h"
#include "frame.h"

/* Map the program at path (from the working directory; a "#!" script runs its
 * interpreter) with its stack as Linux builds it for argv and envp (NULL-terminated;
 * in emul's memory, not the program's), in place of the old program, and set f to
 * enter it. 0; or a negated errno with the old program still there: -ENOEXEC for a
 * file that is neither a static x86-64 ELF executable nor a script; or, past the
 * point of no return (the old program gone, *gone set), a negated errno after which
 * the caller must end the process. */
int64_t exec_program(const char *path, char *const argv[], char *const envp[], struct frame *f,
		     int *gone);

/* In a task the process server made for a set-id exec: run the file at handle (whose
 * reference is taken) as e says, the process's state already taken from the carry.
 * 0, or a negated errno (the process must then end). */
int64_t exec_carried(port_name_t handle, const struct carried_exec *e, struct frame *f);

#endif
