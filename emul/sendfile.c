/*
 * sendfile: bytes from one descriptor to another through emul, a message's worth at a
 * time (the servers have no way yet to hand data to each other directly). busybox's
 * cat and cp try it first.
 */
#include <errno.h>
#include <fs.h>
#include <fs_proto.h>
#include <linux/fcntl.h>
#include "errno_of.h"
#include "fd.h"
#include "file.h"
#include "syscall.h"

#define MAX_RW_COUNT 0x7ffff000ull /* Linux's most for one call */

/* Up to count bytes from in (at *offset if given, which then moves instead of in's
 * position) to out; the count moved, or a negated errno if nothing moved. */
static int64_t copy_between(port_name_t in, port_name_t out, int64_t *offset, uint64_t count)
{
	char buf[FS_IO_INLINE];
	uint64_t done = 0;

	while (done < count) {
		uint64_t want = count - done < sizeof(buf) ? count - done : sizeof(buf);
		int64_t got = handle_read(in, offset ? *offset : -1, buf, want);
		if (got <= 0)
			return done ? (int64_t)done : got;
		int64_t put = handle_write(out, -1, buf, (uint64_t)got);
		if (put < 0)
			return done ? (int64_t)done : put;
		done += (uint64_t)put;
		if (offset)
			*offset += put;
		if (put < got || (uint64_t)got < want)
			break;
	}
	return (int64_t)done;
}

SYSCALL4(sendfile, int, out_fd, int, in_fd, int64_t *, offset, uint64_t, count)
{
	port_name_t in = fd_handle(in_fd), out = fd_handle(out_fd);
	uint32_t flags;
	int64_t r, at;

	if (!in || !out)
		return -EBADF;
	if ((r = rpc_fs_get_flags(out, &flags)) < 0)
		return linux_result(r);
	if ((flags & O_ACCMODE) == O_RDONLY)
		return -EBADF;
	if (flags & O_APPEND)
		return -EINVAL;
	if ((r = rpc_fs_get_flags(in, &flags)) < 0)
		return linux_result(r);
	if ((flags & O_ACCMODE) == O_WRONLY)
		return -EBADF;
	if (!offset)
		return copy_between(in, out, 0, count < MAX_RW_COUNT ? count : MAX_RW_COUNT);
	if ((at = *offset) < 0)
		return -EINVAL;
	r = copy_between(in, out, &at, count < MAX_RW_COUNT ? count : MAX_RW_COUNT);
	*offset = at;
	return r;
}
