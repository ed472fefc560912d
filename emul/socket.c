/*
 * Sockets, which Masque has none of yet: socket and socketpair answer as a Linux
 * built without the address family would (EAFNOSUPPORT), so a program that can do
 * without, as musl's syslog (which then writes to /dev/console, LOG_CONS), goes on
 * quietly; a call on a descriptor finds no socket there.
 */
#include <errno.h>
#include <stdint.h>
#include "fd.h"
#include "syscall.h"

/* What a call on a socket descriptor says when fd is none: EBADF if nothing is open
 * there, ENOTSOCK if a file is. */
static int64_t not_a_socket(int fd)
{
	return fd_handle(fd) ? -ENOTSOCK : -EBADF;
}

SYSCALL3(socket, int, domain, int, type, int, protocol)
{
	(void)domain, (void)type, (void)protocol;
	return -EAFNOSUPPORT;
}

SYSCALL4(socketpair, int, domain, int, type, int, protocol, int *, fds)
{
	(void)domain, (void)type, (void)protocol, (void)fds;
	return -EAFNOSUPPORT;
}

SYSCALL3(connect, int, fd, const void *, address, uint32_t, length)
{
	(void)address, (void)length;
	return not_a_socket(fd);
}

SYSCALL6(sendto, int, fd, const void *, buf, uint64_t, count, int, flags, const void *, address,
	 uint32_t, length)
{
	(void)buf, (void)count, (void)flags, (void)address, (void)length;
	return not_a_socket(fd);
}
