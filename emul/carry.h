/*
 * What an exec through the process server (proc.exec_setid) carries from the old
 * program's emul to the new one's, in the new task's start block (carry.c): the
 * descriptors (rights the new task inherits at the same names), masks, limits, the
 * working directory and the arguments. The new emul checks it as it would any input
 * from a program, since the old program could have written anything there.
 */
#ifndef EMUL_CARRY_H
#define EMUL_CARRY_H

#include <emul_start.h>
#include <masque/types.h>
#include <stdint.h>

/* Ask the process server to run the set-id program open at handle (whose reference
 * stays ours): AT_EXECFN execfn, /proc/self/exe exe, the thread named after name, with
 * argv and envp. Returns only on an error (a negated errno; the old program is still
 * there): on success this task ends. */
int64_t carry_exec_setid(port_name_t handle, const char *execfn, const char *exe, const char *name,
			 char *const argv[], char *const envp[]);

/* What the new emul runs, pointing into the start block. */
struct carried_exec {
	const char *execfn, *exe, *name;
	char **argv, **envp;
};

/* In the new task: the process's state from b's carry (descriptors, masks, limits,
 * umask, groups, the working directory through the new root), and what to run into
 * *e. 0, or -E2BIG for a carry that does not hold together. */
int64_t carry_take(const struct emul_start *b, struct carried_exec *e);

#endif
