/*
 * Signal dispositions and the mask, kept in emul for the process (fork copies them;
 * exec resets the caught ones). Delivery is still to come: nothing sends a signal yet.
 */
#include <asm/signal.h>
#include <errno.h>
#include <string.h>
#include "process.h"
#include "signal.h"
#include "syscall.h"

#define NSIG_LINUX 64

/* The kernel's struct sigaction for rt_sigaction (the mask last, 8 bytes of it). */
struct linux_sigaction {
	uint64_t handler;
	uint64_t flags;
	uint64_t restorer;
	uint64_t mask;
};

static struct linux_sigaction actions[NSIG_LINUX + 1];
static uint64_t blocked;

#define UNBLOCKABLE ((1ull << (SIGKILL - 1)) | (1ull << (SIGSTOP - 1)))

SYSCALL4(rt_sigaction, int, sig, const struct linux_sigaction *, act, struct linux_sigaction *, old,
	 uint64_t, setsize)
{
	if (setsize != 8 || sig < 1 || sig > NSIG_LINUX)
		return -EINVAL;
	if (act && (sig == SIGKILL || sig == SIGSTOP))
		return -EINVAL;
	if (old)
		*old = actions[sig];
	if (act) {
		actions[sig] = *act;
		actions[sig].mask &= ~UNBLOCKABLE;
	}
	return 0;
}

SYSCALL4(rt_sigprocmask, int, how, const uint64_t *, set, uint64_t *, old, uint64_t, setsize)
{
	uint64_t was = blocked;

	if (setsize != 8)
		return -EINVAL;
	if (set) {
		switch (how) {
		case SIG_BLOCK:
			blocked |= *set;
			break;
		case SIG_UNBLOCK:
			blocked &= ~*set;
			break;
		case SIG_SETMASK:
			blocked = *set;
			break;
		default:
			return -EINVAL;
		}
		blocked &= ~UNBLOCKABLE;
	}
	if (old)
		*old = was;
	return 0;
}

void signal_reset_on_exec(void)
{
	for (int sig = 1; sig <= NSIG_LINUX; sig++)
		if (actions[sig].handler != (uint64_t)SIG_IGN)
			actions[sig] = (struct linux_sigaction){ 0 };
}

int64_t signal_broken_pipe(void)
{
	if (actions[SIGPIPE].handler == (uint64_t)SIG_DFL)
		process_exit(SIGPIPE); /* the default action: terminate */
	return -EPIPE;
}
