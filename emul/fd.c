/* The descriptor table (fd.h) and the calls that work on it alone: dup, dup2, dup3
 * and fcntl's descriptor commands; the description's own flags are the server's. */
#include <emul_start.h>
#include <errno.h>
#include <fs.h>
#include <asm/ioctls.h>
#include <linux/fcntl.h>
#include <masque/rights.h>
#include <trap.h>
#include "block.h"
#include "errno_of.h"
#include "fd.h"
#include "loop.h"
#include "lock.h"
#include "process.h"
#include "record_lock.h"
#include "syscall.h"
#include "tty.h"

struct fd {
	port_name_t handle; /* PORT_NULL: free */
	uint32_t flags;
};

static struct fd table[FD_MAX];
static int table_end; /* past the highest descriptor ever installed: where scans stop */
_Static_assert(sizeof(struct fd) == EMUL_FD_ENTRY && FD_MAX == EMUL_FD_MAX,
	       "the process server reads the table as emul_start.h lays it out");

uint64_t fd_table_address(void)
{
	return (uint64_t)table;
}
static struct lock table_lock; /* threads share the table */

int fd_install(port_name_t handle, uint32_t flags, int lowest)
{
	uint64_t limit = process_fd_limit();
	int r = -EMFILE;

	lock_take(&table_lock);
	for (int fd = lowest < 0 ? 0 : lowest; fd < FD_MAX && (uint64_t)fd < limit; fd++)
		if (table[fd].handle == PORT_NULL) {
			table[fd] = (struct fd){ handle, flags };
			r = fd;
			if (fd >= table_end)
				table_end = fd + 1;
			break;
		}
	lock_give(&table_lock);
	return r;
}

port_name_t fd_handle(int fd)
{
	return fd >= 0 && fd < FD_MAX ? table[fd].handle : PORT_NULL;
}

uint32_t fd_flags(int fd)
{
	return fd_handle(fd) != PORT_NULL ? table[fd].flags : 0;
}

int fd_close(int fd)
{
	port_name_t h;

	lock_take(&table_lock);
	h = fd_handle(fd);
	if (h != PORT_NULL)
		table[fd].handle = PORT_NULL;
	lock_give(&table_lock);
	if (h == PORT_NULL)
		return -EBADF;
	record_lock_closed(h);
	port_mod_refs(h, RIGHT_SEND, -1);
	return 0;
}

void fd_threads_ended(void)
{
	table_lock = (struct lock){ 0 };
}

void fd_close_on_exec(void)
{
	for (int fd = 0; fd < table_end; fd++)
		if (table[fd].handle != PORT_NULL && (table[fd].flags & FD_CLOEXEC))
			fd_close(fd);
}

int fd_uses(port_name_t name)
{
	for (int fd = 0; fd < table_end && name != PORT_NULL; fd++)
		if (table[fd].handle == name)
			return 1;
	return 0;
}

int fd_first_use(port_name_t name)
{
	for (int fd = 0; fd < table_end && name != PORT_NULL; fd++)
		if (table[fd].handle == name)
			return fd;
	return -1;
}

void fd_exchange(port_name_t old, port_name_t new)
{
	int uses = 0;

	lock_take(&table_lock);
	for (int fd = 0; fd < table_end; fd++)
		if (table[fd].handle == old) {
			table[fd].handle = new;
			if (uses++)
				port_mod_refs(new, RIGHT_SEND, 1);
		}
	lock_give(&table_lock);
	port_mod_refs(old, RIGHT_SEND, -uses);
}

/* Whether a descriptor below fd has fd's handle. */
static int shared_below(int fd)
{
	for (int other = 0; other < fd; other++)
		if (table[other].handle == table[fd].handle)
			return 1;
	return 0;
}

void fd_forked(void)
{
	for (int fd = 0; fd < table_end; fd++)
		if (table[fd].handle != PORT_NULL && shared_below(fd))
			port_mod_refs(table[fd].handle, RIGHT_SEND, 1);
	if (fd_uses(process.cwd))
		port_mod_refs(process.cwd, RIGHT_SEND, 1);
	if (process.root == process.cwd || fd_uses(process.root))
		port_mod_refs(process.root, RIGHT_SEND, 1);
}

/* A second reference to fd's handle at the lowest free descriptor from lowest. */
static int64_t duplicate(int fd, int lowest, uint32_t flags)
{
	port_name_t h = fd_handle(fd);
	int64_t r;

	if (!h)
		return -EBADF;
	if (lowest < 0 || (uint64_t)lowest >= process_fd_limit())
		return -EINVAL;
	if ((r = port_mod_refs(h, RIGHT_SEND, 1)))
		return linux_result(r);
	r = fd_install(h, flags, lowest);
	if (r < 0)
		port_mod_refs(h, RIGHT_SEND, -1);
	return r;
}

SYSCALL1(dup, int, fd)
{
	return duplicate(fd, 0, 0);
}

SYSCALL3(dup3, int, old, int, new, uint32_t, flags)
{
	if (old == new || (flags & ~(uint32_t)O_CLOEXEC))
		return -EINVAL;
	if (!fd_handle(old))
		return -EBADF;
	if (new < 0 || new >= FD_MAX || (uint64_t) new >= process_fd_limit())
		return -EBADF;
	fd_close(new);
	return duplicate(old, new, flags & O_CLOEXEC ? FD_CLOEXEC : 0);
}

SYSCALL2(dup2, int, old, int, new)
{
	if (old == new)
		return fd_handle(old) ? new : -EBADF;
	return do_dup3(old, new, 0);
}

SYSCALL3(fcntl, int, fd, int, cmd, uint64_t, arg)
{
	port_name_t h = fd_handle(fd);
	uint32_t flags;
	int64_t r;

	if (!h)
		return -EBADF;
	switch (cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		return duplicate(fd, (int)arg, cmd == F_DUPFD_CLOEXEC ? FD_CLOEXEC : 0);
	case F_GETFD:
		return table[fd].flags;
	case F_SETFD:
		table[fd].flags = arg & FD_CLOEXEC;
		return 0;
	case F_GETFL:
		r = rpc_fs_get_flags(h, &flags);
		return r < 0 ? linux_result(r) : flags;
	case F_SETFL:
		return linux_result(rpc_fs_set_flags(h, (uint32_t)arg));
	case F_GETLK:
	case F_SETLK:
	case F_SETLKW:
	case F_OFD_GETLK:
	case F_OFD_SETLK:
	case F_OFD_SETLKW:
		return record_lock_fcntl(h, cmd, arg);
	default:
		return -EINVAL;
	}
}

/* FIONBIO: O_NONBLOCK on the description, on if *on is not 0. */
static int64_t set_nonblocking(port_name_t h, const int *on)
{
	uint32_t flags;
	int64_t r = rpc_fs_get_flags(h, &flags);

	if (r < 0)
		return linux_result(r);
	flags = *on ? flags | O_NONBLOCK : flags & ~(uint32_t)O_NONBLOCK;
	return linux_result(rpc_fs_set_flags(h, flags));
}

/* The requests every descriptor answers, then a block device's (block.c), a loop
 * device's (loop.c) or a terminal's (tty.c), which a descriptor that is none refuses with ENOTTY, as Linux. */
SYSCALL3(ioctl, int, fd, uint32_t, request, uint64_t, arg)
{
	port_name_t h = fd_handle(fd);

	if (!h)
		return -EBADF;
	switch (request) {
	case FIOCLEX:
	case FIONCLEX:
		table[fd].flags = request == FIOCLEX ? FD_CLOEXEC : 0;
		return 0;
	case FIONBIO:
		return set_nonblocking(h, (const int *)arg);
	default:
		if (block_request(request))
			return block_ioctl(h, request, arg);
		if (loop_request(request))
			return loop_ioctl(h, request, arg);
		return tty_ioctl(h, request, arg);
	}
}
