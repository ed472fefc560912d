/*
 * The calls about the process itself that emul answers from what it keeps (process.h)
 * or with one message to the process server.
 */
#include <asm/prctl.h>
#include <errno.h>
#include <linux/utsname.h>
#include <masque/thread.h>
#include <proc.h>
#include <self.h>
#include <string.h>
#include <trap.h>
#include "errno_of.h"
#include <uname.h>
#include "process.h"
#include "record_lock.h"
#include "syscall.h"
#include "thread.h"
#include "user.h"

struct process process;

_Noreturn void process_exit(int wait_status)
{
	static const uint32_t never;

	/* The server ends the task once it has the status. Until then we wait: were the
	 * task to end first, its death could reach the server before the status does. */
	record_lock_exit();
	if (rpc_proc_exit(process.proc, wait_status) == 0)
		for (;;)
			futex_wait(&never, 0, 0, 0);
	task_terminate(self_task); /* no server to tell: end it ourselves */
	for (;;)
		thread_terminate(thread_self());
}

SYSCALL1(exit_group, int, status)
{
	process_exit((status & 0xff) << 8);
}

SYSCALL0(getpid)
{
	return process.pid;
}

SYSCALL0(gettid)
{
	return this_thread()->tid;
}

SYSCALL1(umask, uint32_t, mask)
{
	uint32_t old = process.umask;

	process.umask = mask & 0777;
	return old;
}

SYSCALL1(set_tid_address, uint64_t, address)
{
	this_thread()->clear_child_tid = address;
	return this_thread()->tid;
}

SYSCALL2(arch_prctl, int, code, uint64_t, address)
{
	switch (code) {
	case ARCH_SET_FS:
		return thread_set_base(thread_self(), THREAD_FS_BASE, address) ? -EPERM : 0;
	case ARCH_GET_FS: {
		struct thread_state st;

		thread_get_state(thread_self(), &st);
		*(uint64_t *)address = st.fs_base;
		return 0;
	}
	default:
		return -EINVAL;
	}
}

static void set_field(char *field, const char *value)
{
	size_t n = strlen(value);

	memcpy(field, value, n < __NEW_UTS_LEN ? n : __NEW_UTS_LEN);
}

SYSCALL1(uname, struct new_utsname *, u)
{
	uint32_t len;
	int64_t r;

	if (!user_whole(u, sizeof(*u)))
		return -EFAULT;
	memset(u, 0, sizeof(*u));
	set_field(u->sysname, UNAME_SYSNAME);
	if ((r = rpc_proc_hostname(process.proc, u->nodename, &len)) < 0)
		return linux_result(r); /* the host name is the system's: the server keeps it */
	set_field(u->release, UNAME_RELEASE);
	set_field(u->version, UNAME_VERSION);
	set_field(u->machine, "x86_64");
	set_field(u->domainname, "(none)");
	return 0;
}

SYSCALL2(sethostname, const char *, name, int, len)
{
	if (len < 0 || len > __NEW_UTS_LEN)
		return -EINVAL;
	if (!user_whole(name, (uint64_t)len))
		return -EFAULT;
	return linux_result(rpc_proc_sethostname(process.proc, name, (uint32_t)len));
}
