/* Process groups and sessions: kept by the process server, which answers for them
 * (interfaces/proc.defs). */
#include <proc.h>
#include "errno_of.h"
#include "process.h"
#include "syscall.h"

SYSCALL2(setpgid, int32_t, pid, int32_t, pgid)
{
	return linux_result(rpc_proc_setpgid(process.proc, pid, pgid));
}

SYSCALL1(getpgid, int32_t, pid)
{
	return linux_result(rpc_proc_getpgid(process.proc, pid));
}

SYSCALL0(getpgrp)
{
	return linux_result(rpc_proc_getpgid(process.proc, 0));
}

SYSCALL0(setsid)
{
	return linux_result(rpc_proc_setsid(process.proc));
}

SYSCALL1(getsid, int32_t, pid)
{
	return linux_result(rpc_proc_getsid(process.proc, pid));
}
