/* Pipes: made by the pipe server (interfaces/pipe.defs), whose ends are handles like
 * any other; a write to a pipe nobody reads ends the process with SIGPIPE unless the
 * program has said otherwise (signal.c). A FIFO opened at the fs-server becomes its
 * pipe's end at the pipe server. */
#include <errno.h>
#include <linux/fcntl.h>
#include <masque/rights.h>
#include <pipe.h>
#include <trap.h>
#include "errno_of.h"
#include "fd.h"
#include "fifo.h"
#include "process.h"
#include "signal.h"
#include "syscall.h"

int64_t pipe_open_fifo(port_name_t *handle)
{
	port_name_t end;
	int64_t r;

	if (!process.pipes) {
		port_mod_refs(*handle, RIGHT_SEND, -1);
		return -ENXIO;
	}
	signal_interruptible(process.pipes, 0); /* an open waiting for the other side */
	r = rpc_pipe_fifo(process.pipes, *handle, &end);
	signal_uninterruptible();
	port_mod_refs(*handle, RIGHT_SEND, -1);
	if (r < 0)
		return r;
	*handle = end;
	return 0;
}

SYSCALL2(pipe2, int *, fds, uint32_t, flags)
{
	port_name_t ends[2];
	uint32_t fd_flags = flags & O_CLOEXEC ? FD_CLOEXEC : 0;
	int64_t r, readfd;

	if (flags & ~(uint32_t)(O_CLOEXEC | O_NONBLOCK | O_DIRECT))
		return -EINVAL;
	if (!process.pipes)
		return -ENFILE;
	r = rpc_pipe_create(process.pipes, flags & O_NONBLOCK, &ends[0], &ends[1]);
	if (r < 0)
		return linux_result(r);
	if ((readfd = fd_install(ends[0], fd_flags, 0)) < 0) {
		port_mod_refs(ends[0], RIGHT_SEND, -1);
		port_mod_refs(ends[1], RIGHT_SEND, -1);
		return readfd;
	}
	if ((r = fd_install(ends[1], fd_flags, 0)) < 0) {
		fd_close((int)readfd);
		port_mod_refs(ends[1], RIGHT_SEND, -1);
		return r;
	}
	fds[0] = (int)readfd;
	fds[1] = (int)r;
	return 0;
}

SYSCALL1(pipe, int *, fds)
{
	return do_pipe2(fds, 0);
}
