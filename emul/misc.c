/* Calls with no better home: randomness (the fs-server's /dev/urandom), the robust
 * futex list's head (kept for when threads die), the scheduler's few questions (one
 * CPU), reboot (the process server's to judge). */
#include <errno.h>
#include <fs.h>
#include <linux/fcntl.h>
#include <linux/sysinfo.h>
#include <linux/time.h>
#include <masque/vm.h>
#include <masque/rights.h>
#include <proc.h>
#include <string.h>
#include <trap.h>
#include "clock.h"
#include "errno_of.h"
#include "process.h"
#include "syscall.h"
#include "thread.h"
#include "user.h"

#define GRND_NONBLOCK 1
#define GRND_RANDOM   2
#define GRND_INSECURE 4

SYSCALL3(getrandom, char *, buf, uint64_t, len, uint32_t, flags)
{
	static port_name_t urandom;
	uint32_t type, got;
	int64_t r;

	if (flags & ~(uint32_t)(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE))
		return -EINVAL;
	if (!urandom &&
	    (r = rpc_fs_open(process.root, "/dev/urandom", O_RDONLY, 0, &urandom, &type)) < 0) {
		urandom = PORT_NULL;
		return linux_result(r);
	}
	if (len > 256 * 1024 * 1024)
		len = 256 * 1024 * 1024;
	if (len && !(len = user_span(buf, len)))
		return -EFAULT;
	for (uint64_t done = 0; done < len; done += got) {
		uint32_t want = len - done < 8192 ? (uint32_t)(len - done) : 8192;
		if ((r = rpc_fs_read(urandom, 0, want, buf + done, &got)) < 0 || !got)
			return done ? (int64_t)done : r < 0 ? linux_result(r) : -EIO;
	}
	return (int64_t)len;
}

SYSCALL2(set_robust_list, uint64_t, head, uint64_t, len)
{
	if (len != 24) /* sizeof(struct robust_list_head) */
		return -EINVAL;
	this_thread()->robust_list = head;
	return 0;
}

SYSCALL0(sched_yield)
{
	thread_yield();
	return 0;
}

/* Whether pid names a thread there is: the caller, or a process the process server
 * knows (anyone may read another's mask, as on Linux); 0, or -ESRCH. */
static int64_t affinity_target(int pid)
{
	int64_t r;

	if (!pid || pid == process.pid || pid == this_thread()->tid)
		return 0;
	r = pid < 0 ? -ESRCH : rpc_proc_getpgid(process.proc, pid);
	return r < 0 ? -ESRCH : 0;
}

/* One CPU: the mask holds CPU 0 alone. */
SYSCALL3(sched_getaffinity, int, pid, uint64_t, size, uint64_t *, mask)
{
	int64_t r = affinity_target(pid);

	if (r)
		return r;
	if (size < 8 || size % 8)
		return -EINVAL;
	if (!user_whole(mask, size))
		return -EFAULT;
	memset(mask, 0, size);
	mask[0] = 1;
	return 8;
}

/* One CPU: a mask that holds CPU 0 is the only one a thread can be held to. */
SYSCALL3(sched_setaffinity, int, pid, uint64_t, size, const uint64_t *, mask)
{
	if (pid && pid != this_thread()->tid && pid != process.pid)
		return -ESRCH;
	if (size < 8)
		return -EINVAL;
	if (!user_whole(mask, 8))
		return -EFAULT;
	return mask[0] & 1 ? 0 : -EINVAL;
}

/* The robust list of the calling thread (pid 0 or its own tid). */
SYSCALL3(get_robust_list, int, pid, uint64_t *, head, uint64_t *, len)
{
	if (pid && pid != this_thread()->tid)
		return -EPERM;
	if (!user_whole(head, 8) || !user_whole(len, 8))
		return -EFAULT;
	*head = this_thread()->robust_list;
	*len = 24;
	return 0;
}

/* The process server checks the caller's right and the arguments (proc.reboot); a
 * restart's command string (arg) is for firmware Masque has not, so it goes unread. */
SYSCALL4(reboot, uint32_t, magic1, uint32_t, magic2, uint32_t, command, const void *, arg)
{
	(void)arg;
	return linux_result(rpc_proc_reboot(process.proc, magic1, magic2, command));
}
