/* Linux values the file protocol (interfaces/fs.defs) uses that no UAPI header has:
 * they live in the C library's headers (sys/stat.h, sys/mount.h), which native
 * programs do not see. */
#ifndef LIB_LINUX_FS_H
#define LIB_LINUX_FS_H

#define UTIME_NOW  ((1u << 30) - 1) /* utimensat: set this time to now */
#define UTIME_OMIT ((1u << 30) - 2) /* utimensat: leave this time alone */
#define MNT_FORCE  1		    /* umount2: even while files are open */

#endif
