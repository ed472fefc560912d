/*
 * wait4 and waitid: the process server knows the children and what each has to tell
 * (an end, a stop, a continue); emul puts it in Linux's shapes. A wait is cut short by
 * a signal (proc.interrupt), and restarted under SA_RESTART.
 */
#include <errno.h>
#include <linux/wait.h>
#include <proc.h>
#include <string.h>
#include "errno_of.h"
#include "process.h"
#include "signal.h"
#include "syscall.h"
#include "user.h"

#define RUSAGE_SIZE   144 /* struct rusage: no accounting yet, all zero */
#define SIGCHLD	      17
#define CLD_EXITED    1
#define CLD_KILLED    2
#define CLD_STOPPED   5
#define CLD_CONTINUED 6

static int64_t wait_child(int32_t pid, uint32_t options, int32_t *status, uint32_t *uid)
{
	signal_interruptible(process.proc, 1);
	int64_t r = rpc_proc_wait(process.proc, pid, options, status, uid);
	signal_uninterruptible();
	return linux_result(r);
}

SYSCALL4(wait4, int, pid, int32_t *, status, uint32_t, options, void *, rusage)
{
	int32_t wait_status;
	uint32_t uid;
	int64_t r;

	if (options &
	    ~(uint32_t)(WNOHANG | WUNTRACED | WCONTINUED | __WALL | __WCLONE | __WNOTHREAD))
		return -EINVAL;
	r = wait_child(pid, (options & ~(uint32_t)__WNOTHREAD) | WEXITED, &wait_status, &uid);
	/* as on Linux, a bad address is found when the answer is written: after the wait */
	if (r > 0 && status && !user_whole(status, sizeof(*status)))
		return -EFAULT;
	if (r > 0 && status)
		*status = wait_status;
	if (r >= 0 && rusage && !user_whole(rusage, RUSAGE_SIZE))
		return -EFAULT;
	if (r >= 0 && rusage)
		memset(rusage, 0, RUSAGE_SIZE);
	return r;
}

/* Linux's siginfo_t as waitid fills it. */
struct child_info {
	int32_t signo, error, code, pad;
	int32_t pid;
	uint32_t uid;
	int32_t status;
	uint8_t rest[128 - 28];
};

/* si_code and si_status of a wait status. */
static void decode(int32_t st, struct child_info *si)
{
	if ((st & 0xff) == 0x7f)
		si->code = CLD_STOPPED, si->status = (st >> 8) & 0xff;
	else if (st == 0xffff)
		si->code = CLD_CONTINUED, si->status = 18; /* SIGCONT */
	else if (st & 0x7f)
		si->code = CLD_KILLED, si->status = st & 0x7f;
	else
		si->code = CLD_EXITED, si->status = (st >> 8) & 0xff;
}

SYSCALL5(waitid, int, which, int, id, struct child_info *, info, uint32_t, options, void *, rusage)
{
	int32_t pid, st;
	uint32_t uid;
	int64_t r;

	if (options & ~(uint32_t)(WNOHANG | WNOWAIT | WEXITED | WSTOPPED | WCONTINUED | __WALL |
				  __WCLONE | __WNOTHREAD) ||
	    !(options & (WEXITED | WSTOPPED | WCONTINUED)))
		return -EINVAL;
	if ((info && !user_whole(info, sizeof(*info))) ||
	    (rusage && !user_whole(rusage, RUSAGE_SIZE)))
		return -EFAULT;
	switch (which) {
	case P_ALL:
		pid = -1;
		break;
	case P_PID:
		if (id <= 0)
			return -EINVAL;
		pid = id;
		break;
	case P_PGID:
		if (id < 0)
			return -EINVAL;
		pid = id ? -id : 0;
		break;
	default:
		return -EINVAL;
	}
	r = wait_child(pid, options & ~(uint32_t)__WNOTHREAD, &st, &uid);
	if (info) { /* written whatever the wait found: all zero for nothing, as Linux */
		struct child_info si = { 0 };
		if (r > 0) {
			si.signo = SIGCHLD;
			si.pid = (int32_t)r;
			si.uid = uid;
			decode(st, &si);
		}
		*info = si;
	}
	if (r < 0)
		return r;
	if (rusage)
		memset(rusage, 0, RUSAGE_SIZE);
	return 0;
}
