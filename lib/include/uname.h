/* What Masque says it is, as uname(2) (emul/process.c) and /proc/version (the process
 * server) say it: one place for both. */
#ifndef LIB_UNAME_H
#define LIB_UNAME_H

#define UNAME_SYSNAME "Linux"
#define UNAME_RELEASE "6.1.0-masque"
#define UNAME_VERSION "#1 Masque"

#endif
