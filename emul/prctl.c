/*
 * prctl's common options, and membarrier. The thread's name is emul's; the signal on
 * the parent's end is the process server's (it knows when that comes); dumpability and
 * no_new_privs are kept and reported (no core dumps or tracing exist to use them);
 * no_new_privs the server keeps too, which refuses set-id execs from then on. Other options: -EINVAL, as Linux says of one it does
 * not know, and named once on the console.
 */
#include <errno.h>
#include <linux/prctl.h>
#include <proc.h>
#include <stdio.h>
#include <string.h>
#include "errno_of.h"
#include "process.h"
#include "syscall.h"
#include "user.h"
#include "thread.h"

static int dumpable = 1, no_new_privs, pdeathsig;

static int64_t unknown_option(int option)
{
	static int said;

	if (!said++)
		printf("emul: pid %d: prctl option %d is not implemented: -EINVAL\n", process.pid,
		       option);
	return -EINVAL;
}

SYSCALL5(prctl, int, option, uint64_t, arg2, uint64_t, arg3, uint64_t, arg4, uint64_t, arg5)
{
	int64_t r;

	switch (option) {
	case PR_SET_NAME:
		if (!user_whole((const void *)arg2, sizeof(this_thread()->name) - 1))
			return -EFAULT;
		memcpy(this_thread()->name, (const char *)arg2, sizeof(this_thread()->name) - 1);
		this_thread()->name[sizeof(this_thread()->name) - 1] = 0;
		return 0;
	case PR_GET_NAME:
		if (!user_whole((const void *)arg2, sizeof(this_thread()->name)))
			return -EFAULT;
		memcpy((char *)arg2, this_thread()->name, sizeof(this_thread()->name));
		return 0;
	case PR_SET_PDEATHSIG:
		if (arg2 > 64)
			return -EINVAL;
		if ((r = rpc_proc_pdeathsig(process.proc, (int32_t)arg2)) < 0)
			return linux_result(r);
		pdeathsig = (int)arg2;
		return 0;
	case PR_GET_PDEATHSIG:
		if (!user_whole((const void *)arg2, sizeof(int)))
			return -EFAULT;
		*(int *)arg2 = pdeathsig;
		return 0;
	case PR_SET_DUMPABLE:
		if (arg2 > 1)
			return -EINVAL;
		dumpable = (int)arg2;
		return 0;
	case PR_GET_DUMPABLE:
		return dumpable;
	case PR_SET_NO_NEW_PRIVS:
		if (arg2 != 1 || arg3 || arg4 || arg5)
			return -EINVAL;
		if ((r = rpc_proc_no_new_privs(process.proc)) < 0)
			return linux_result(r);
		no_new_privs = 1;
		return 0;
	case PR_GET_NO_NEW_PRIVS:
		if (arg2 || arg3 || arg4 || arg5)
			return -EINVAL;
		return no_new_privs;
	}
	return unknown_option(option);
}

void prctl_exec(int secure)
{
	dumpable = !secure; /* Linux's suid_dumpable, 0, for a program of other ids */
	if (secure && pdeathsig && rpc_proc_pdeathsig(process.proc, 0) == 0)
		pdeathsig = 0;
}

int process_no_new_privs(void)
{
	return no_new_privs;
}

void prctl_forget_pdeathsig(void)
{
	pdeathsig = 0;
}

#define MEMBARRIER_CMD_QUERY			  0
#define MEMBARRIER_CMD_GLOBAL			  (1 << 0)
#define MEMBARRIER_CMD_PRIVATE_EXPEDITED	  (1 << 3)
#define MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED (1 << 4)

/* One CPU: every thread passes a barrier whenever another runs, so the barrier is the
 * call itself. */
SYSCALL3(membarrier, int, cmd, uint32_t, flags, int, cpu)
{
	static int registered;

	(void)cpu;
	if (flags)
		return -EINVAL;
	switch (cmd) {
	case MEMBARRIER_CMD_QUERY:
		return MEMBARRIER_CMD_GLOBAL | MEMBARRIER_CMD_PRIVATE_EXPEDITED |
		       MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED;
	case MEMBARRIER_CMD_GLOBAL:
		return 0;
	case MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED:
		registered = 1;
		return 0;
	case MEMBARRIER_CMD_PRIVATE_EXPEDITED:
		return registered ? 0 : -EPERM;
	}
	return -EINVAL;
}
