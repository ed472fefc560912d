/* Starting a program in this process: ELF64 static executables (exec.c). */
#ifndef EMUL_EXEC_H
#define EMUL_EXEC_H

#include "frame.h"

/* Map the program at path (from the working directory) with its stack as Linux builds
 * it for argv and envp (NULL-terminated; in emul's memory, not the program's), and set
 * f to enter it. 0, or a negated errno with the process unchanged: -ENOEXEC for a file
 * that is no static x86-64 ELF executable. */
int64_t exec_program(const char *path, char *const argv[], char *const envp[], struct frame *f);

#endif
