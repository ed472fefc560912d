/* Resource limits, kept in emul for the process (fork copies them). RLIMIT_NOFILE
 * bounds the descriptors, RLIMIT_FSIZE the files it writes, RLIMIT_AS and RLIMIT_DATA
 * its mappings (memory.c); the others are remembered and reported as set, not yet
 * enforced. A limit is the process's own: one that cheats here only hurts itself, and
 * raising a hard limit needs euid 0, as the process server says it. */
#include <errno.h>
#include <fs.h>
#include <linux/fcntl.h>
#include <linux/fs.h>
#include <linux/resource.h>
#include <linux/signal.h>
#include <linux/stat.h>
#include <proc.h>
#include "fd.h"
#include "process.h"
#include "syscall.h"
#include "thread.h"
#include "user.h"

#define NLIMITS RLIM_NLIMITS

static struct rlimit64 limits[NLIMITS] = {
	[RLIMIT_NOFILE] = { .rlim_cur = FD_MAX, .rlim_max = FD_MAX },
	[RLIMIT_STACK] = { .rlim_cur = 8 << 20, .rlim_max = RLIM_INFINITY },
	[RLIMIT_CPU] = { .rlim_cur = RLIM_INFINITY, .rlim_max = RLIM_INFINITY },
	[RLIMIT_FSIZE] = { .rlim_cur = RLIM_INFINITY, .rlim_max = RLIM_INFINITY },
	[RLIMIT_DATA] = { .rlim_cur = RLIM_INFINITY, .rlim_max = RLIM_INFINITY },
	[RLIMIT_CORE] = { .rlim_cur = 0, .rlim_max = RLIM_INFINITY },
	[RLIMIT_RSS] = { .rlim_cur = RLIM_INFINITY, .rlim_max = RLIM_INFINITY },
	[RLIMIT_NPROC] = { .rlim_cur = 4096, .rlim_max = 4096 },
	[RLIMIT_MEMLOCK] = { .rlim_cur = 8 << 20, .rlim_max = 8 << 20 },
	[RLIMIT_AS] = { .rlim_cur = RLIM_INFINITY, .rlim_max = RLIM_INFINITY },
	[RLIMIT_LOCKS] = { .rlim_cur = RLIM_INFINITY, .rlim_max = RLIM_INFINITY },
	[RLIMIT_SIGPENDING] = { .rlim_cur = 4096, .rlim_max = 4096 },
	[RLIMIT_MSGQUEUE] = { .rlim_cur = 819200, .rlim_max = 819200 },
	[RLIMIT_NICE] = { .rlim_cur = 0, .rlim_max = 0 },
	[RLIMIT_RTPRIO] = { .rlim_cur = 0, .rlim_max = 0 },
	[RLIMIT_RTTIME] = { .rlim_cur = RLIM_INFINITY, .rlim_max = RLIM_INFINITY },
};

SYSCALL4(prlimit64, int, pid, unsigned, resource, const struct rlimit64 *, new, struct rlimit64 *,
	 old)
{
	if (pid && pid != process.pid)
		return -ESRCH; /* other processes' limits: with the process server, later */
	if (resource >= NLIMITS)
		return -EINVAL;
	if ((new && !user_whole(new, sizeof(*new))) || (old && !user_whole(old, sizeof(*old))))
		return -EFAULT;
	if (new &&new->rlim_cur > new->rlim_max)
		return -EINVAL;
	if (new &&new->rlim_max > limits[resource].rlim_max && process.euid)
		return -EPERM;
	if (new &&resource == RLIMIT_NOFILE &&new->rlim_max > FD_MAX)
		return -EPERM; /* as Linux past fs.nr_open */
	if (old)
		*old = limits[resource];
	if (new)
		limits[resource] = *new;
	return 0;
}

SYSCALL2(getrlimit, unsigned, resource, struct rlimit64 *, old)
{
	return do_prlimit64(0, resource, 0, old);
}

SYSCALL2(setrlimit, unsigned, resource, const struct rlimit64 *, new)
{
	return do_prlimit64(0, resource, new, 0);
}

struct rlimit64 *process_limits(void)
{
	return limits;
}

uint64_t process_fd_limit(void)
{
	return limits[RLIMIT_NOFILE].rlim_cur;
}

uint64_t process_limit(unsigned resource)
{
	return resource < NLIMITS ? limits[resource].rlim_cur : RLIM_INFINITY;
}

/* Linux's answer to a file grown past RLIMIT_FSIZE: SIGXFSZ (its default action
 * ends the process) and EFBIG. */
static int64_t file_too_big(void)
{
	rpc_proc_tgkill(process.proc, process.pid, this_thread()->tid, SIGXFSZ);
	return -EFBIG;
}

/* Whether h is a regular file open for writing, the only kind the limit bounds (a
 * handle the server would refuse gets the server's own answer); its attributes and
 * open flags. */
static int limited_file(port_name_t h, struct fs_attr *a, uint32_t *flags)
{
	return rpc_fs_stat(h, a) >= 0 && S_ISREG(a->mode) && rpc_fs_get_flags(h, flags) >= 0 &&
	       (*flags & O_ACCMODE) != O_RDONLY;
}

int64_t limit_file_write(port_name_t h, int64_t offset, uint64_t n)
{
	uint64_t limit = limits[RLIMIT_FSIZE].rlim_cur;
	struct fs_attr a;
	uint32_t flags;
	int64_t pos = offset;

	if (limit == RLIM_INFINITY || !n || !limited_file(h, &a, &flags))
		return (int64_t)n;
	if (flags & O_APPEND)
		pos = a.size;
	else if (offset < 0 && (pos = rpc_fs_seek(h, 0, SEEK_CUR)) < 0)
		return (int64_t)n;
	if ((uint64_t)pos >= limit)
		return file_too_big();
	return (int64_t)(n < limit - (uint64_t)pos ? n : limit - (uint64_t)pos);
}

int64_t limit_file_size(port_name_t h, int64_t size)
{
	uint64_t limit = limits[RLIMIT_FSIZE].rlim_cur;
	struct fs_attr a;
	uint32_t flags;

	if (limit == RLIM_INFINITY || (uint64_t)size <= limit || !limited_file(h, &a, &flags))
		return 0;
	return size > a.size ? file_too_big() : 0; /* shrinking is always allowed */
}
