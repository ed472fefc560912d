/* The path of a directory handle from a root handle (lib/fs_path.c): getcwd's answer
 * in emul, /proc/PID/cwd's in the process server. */
#ifndef LIB_FS_PATH_H
#define LIB_FS_PATH_H

#include <masque/types.h>
#include <stdint.h>

/* Open the parent of directory dir for reading (its ".."), into *parent: 0 or an error. */
typedef int64_t fs_parent_fn(port_name_t dir, port_name_t *parent);

/* The path of directory dir from directory root ("/" for root itself) into out, of
 * size bytes, going up with open_parent: its length with the NUL; -ERANGE if it does
 * not fit, or a server's error (a negated errno value or a kernel code). */
int64_t fs_path_of(port_name_t root, port_name_t dir, fs_parent_fn *open_parent, char *out,
		   uint64_t size);

#endif
