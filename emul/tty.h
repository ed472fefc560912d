/* Terminals: their ioctls go to the descriptor's server with the structures copied in
 * and out (tty.c); /dev/tty becomes the caller's controlling terminal. */
#ifndef EMUL_TTY_H
#define EMUL_TTY_H

#include <masque/types.h>
#include <stdint.h>

/* A terminal request on handle h (arg as the program gave it): the result, -ENOTTY for
 * a request that is no terminal's or a descriptor that is no terminal. */
int64_t tty_ioctl(port_name_t h, uint32_t request, uint64_t arg);

/* *handle (a /dev/tty handle, whose reference goes) becomes one on the caller's
 * controlling terminal: 0, or -ENXIO without one. */
int64_t tty_open_controlling(port_name_t *handle);

/* A read or write of a terminal that asked who calls (FS_ASK_WHO): the same through the
 * terminal protocol, with the caller's process port and signal mask. */
int64_t tty_read_checked(port_name_t h, char *buf, uint32_t n, uint32_t *got);
int64_t tty_write_checked(port_name_t h, const char *buf, uint32_t n);

#endif
