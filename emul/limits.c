/* Resource limits, kept in emul for the process (fork copies them). RLIMIT_NOFILE
 * bounds the descriptors; the others are remembered and reported as set, not yet
 * enforced. */
#include <errno.h>
#include <linux/resource.h>
#include "fd.h"
#include "process.h"
#include "syscall.h"
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
