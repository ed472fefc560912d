/* Record locks (record_lock.h): fcntl's lock commands, flock, and the lock owner. */
#include <errno.h>
#include <fs.h>
#include <linux/fcntl.h>
#include <linux/fs.h>
#include <masque/rights.h>
#include <trap.h>
#include "errno_of.h"
#include "fd.h"
#include "lock.h"
#include "process.h"
#include "record_lock.h"
#include "signal.h"
#include "syscall.h"
#include "user.h"

/* The lock owner and the process it is for: a fork child, which has a copy of this
 * memory but not the receive right, sees another pid and makes its own. Nothing is
 * written at fork, so that a child sharing the parent's memory changes nothing here
 * unless it takes a lock. */
static port_name_t owner;
static int32_t owner_pid;
static struct lock owner_lock;
/* The process once it has asked for a POSIX lock: before, it holds none, and its
 * closes need not ask the server to let any go. */
static int32_t locker_pid;

void record_lock_threads_ended(void)
{
	owner_lock = (struct lock){ 0 };
}

/* The process's lock owner, or PORT_NULL before its first POSIX lock. */
static port_name_t lock_owner_now(void)
{
	return owner_pid == process.pid ? owner : PORT_NULL;
}

/* The lock owner, made if need be: PORT_NULL when no port can be had. */
static port_name_t lock_owner(void)
{
	lock_take(&owner_lock);
	if (lock_owner_now() == PORT_NULL) {
		int64_t port = port_allocate(RIGHT_RECEIVE);
		owner = port > 0 ? (port_name_t)port : PORT_NULL;
		owner_pid = process.pid;
	}
	lock_give(&owner_lock);
	return owner;
}

/* The lock owner if the process may hold POSIX locks, else PORT_NULL. */
static port_name_t holding_owner(void)
{
	return locker_pid == process.pid ? lock_owner_now() : PORT_NULL;
}

void record_lock_closed(port_name_t h)
{
	port_name_t who = holding_owner();

	if (who != PORT_NULL)
		rpc_fs_unlock_owner(h, who, 0);
}

void record_lock_exit(void)
{
	port_name_t who = holding_owner();

	if (who != PORT_NULL)
		rpc_fs_unlock_owner(process.root, who, 1);
}

/* F_GETLK, F_OFD_GETLK: fl says what the first lock in the way is, or F_UNLCK. */
static int64_t test_lock(port_name_t h, struct flock *fl, int ofd)
{
	port_name_t who = ofd ? PORT_NULL : lock_owner();
	uint32_t type;
	int64_t start, length;
	int32_t pid;

	if (ofd && fl->l_pid != 0)
		return -EINVAL;
	if (!ofd && who == PORT_NULL)
		return -ENOLCK;
	int64_t r = rpc_fs_test_lock(h, who, (uint32_t)(int32_t)fl->l_type,
				     (uint32_t)(int32_t)fl->l_whence, fl->l_start, fl->l_len, &type,
				     &start, &length, &pid);
	if (r < 0)
		return linux_result(r);
	fl->l_type = (short)type;
	if (type != F_UNLCK) {
		fl->l_whence = SEEK_SET;
		fl->l_start = start, fl->l_len = length, fl->l_pid = pid;
	}
	return 0;
}

/* F_SETLK, F_SETLKW and the OFD ones; a wait ends early for a signal. */
static int64_t set_lock(port_name_t h, const struct flock *fl, int ofd, int wait)
{
	port_name_t who = ofd ? PORT_NULL : lock_owner();

	if (!ofd && who == PORT_NULL)
		return -ENOLCK;
	if (!ofd && fl->l_type != F_UNLCK)
		locker_pid = process.pid;
	if (wait)
		signal_interruptible(h, 0);
	int64_t r = rpc_fs_lock(h, who, ofd ? fl->l_pid : process.pid, wait,
				(uint32_t)(int32_t)fl->l_type, (uint32_t)(int32_t)fl->l_whence,
				fl->l_start, fl->l_len);
	signal_uninterruptible();
	return linux_result(r);
}

int64_t record_lock_fcntl(port_name_t h, int cmd, uint64_t arg)
{
	struct flock fl;
	int ofd = cmd == F_OFD_GETLK || cmd == F_OFD_SETLK || cmd == F_OFD_SETLKW;
	int64_t r;

	if (user_copy(&fl, (const void *)arg, sizeof(fl)))
		return -EFAULT;
	if (cmd != F_GETLK && cmd != F_OFD_GETLK)
		return set_lock(h, &fl, ofd, cmd == F_SETLKW || cmd == F_OFD_SETLKW);
	if ((r = test_lock(h, &fl, ofd)))
		return r;
	return user_copy((void *)arg, &fl, sizeof(fl)) ? -EFAULT : 0;
}

SYSCALL2(flock, int, fd, uint32_t, operation)
{
	uint32_t type = operation & ~(uint32_t)LOCK_NB;
	port_name_t h;

	if (operation & LOCK_MAND)
		return 0;
	if (type != LOCK_SH && type != LOCK_EX && type != LOCK_UN)
		return -EINVAL;
	if (!(h = fd_handle(fd)))
		return -EBADF;
	if (!(operation & LOCK_NB))
		signal_interruptible(h, 0);
	int64_t r = rpc_fs_flock(h, operation);
	signal_uninterruptible();
	return linux_result(r);
}
