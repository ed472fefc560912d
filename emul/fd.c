/* The descriptor table (fd.h). */
#include <errno.h>
#include <masque/rights.h>
#include <trap.h>
#include "fd.h"

struct fd {
	port_name_t handle; /* PORT_NULL: free */
	uint32_t flags;
};

static struct fd table[FD_MAX];

int fd_install(port_name_t handle, uint32_t flags, int lowest)
{
	for (int fd = lowest < 0 ? 0 : lowest; fd < FD_MAX; fd++)
		if (table[fd].handle == PORT_NULL) {
			table[fd] = (struct fd){ handle, flags };
			return fd;
		}
	return -EMFILE;
}

port_name_t fd_handle(int fd)
{
	return fd >= 0 && fd < FD_MAX ? table[fd].handle : PORT_NULL;
}

int fd_close(int fd)
{
	port_name_t h = fd_handle(fd);

	if (h == PORT_NULL)
		return -EBADF;
	table[fd].handle = PORT_NULL;
	port_mod_refs(h, RIGHT_SEND, -1);
	return 0;
}
