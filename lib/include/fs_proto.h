/* Numbers of the file protocol (interfaces/fs.defs) that its servers and clients share. */
#ifndef LIB_FS_PROTO_H
#define LIB_FS_PROTO_H

#include <stdint.h>

#define FS_IO_INLINE	    8192       /* bytes one read or write message carries */
#define FS_IO_OOL	    (1u << 20) /* bytes one read_large or write_large carries */
#define FS_READDIR_POSITION UINT64_MAX /* readdir: at the handle's position, moving it */

/* In open's type, beside the S_IFMT bits: the handle stands for the caller's
 * controlling terminal (/dev/tty), which tty.controlling gives (interfaces/tty.defs). */
#define FS_OPEN_CONTROLLING 1u

/* A terminal's fs.read or fs.write result (negated): ask again with tty.read or
 * tty.write, which say who asks (job control: interfaces/tty.defs). Above Linux's
 * errno values, below the kernel's codes. */
#define FS_ASK_WHO 4000

/* A path's result (negated) from /proc's server when the path goes through a name
 * whose meaning depends on which process asks ("self", or ".." out of /proc's root):
 * the client walks the path itself and asks for that name with proc.procfs_lookup,
 * on its process port (interfaces/proc.defs). */
#define FS_ASK_PROCESS 4001

/* fs.chmod's or fs.chown's result (negated) from the server of a device, which keeps no
 * attributes: its node's are the device's, so change the node's (lib/fs_object.c). */
#define FS_ASK_NODE 4002

#endif
