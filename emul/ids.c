/*
 * The process's ids. Reading them is emul's (it keeps what the process server last
 * said); changing them is the server's, which applies Linux's rules from its own
 * record and hands back the root handle for the new identity (proc.setids). emul
 * applies the finer rules of each call first, so that a program sees Linux's errors.
 */
#include <errno.h>
#include <proc.h>
#include <string.h>
#include "errno_of.h"
#include "fd.h"
#include "path.h"
#include "process.h"
#include "syscall.h"
#include "user.h"

#define KEEP (-1)

static int privileged(void)
{
	return process.euid == 0;
}

static int holds(uint32_t id, uint32_t a, uint32_t b, uint32_t c)
{
	return id == a || id == b || id == c;
}

/* The identity the servers check: effective ids and groups. */
struct identity {
	uint32_t euid, egid, ngroups;
	uint32_t groups[sizeof(process.groups) / 4];
};

static struct identity identity_now(void)
{
	struct identity i = { process.euid, process.egid, process.ngroups, { 0 } };

	memcpy(i.groups, process.groups, process.ngroups * 4);
	return i;
}

/* setresuid (uid 1) or setresgid (uid 0), and groups when groups is not NULL. */
static int64_t set_ids(int uid, int32_t r, int32_t e, int32_t s, const uint32_t *groups,
		       uint32_t ngroups)
{
	port_name_t root;
	int64_t res = rpc_proc_setids(process.proc, uid ? r : KEEP, uid ? e : KEEP, uid ? s : KEEP,
				      uid ? KEEP : r, uid ? KEEP : e, uid ? KEEP : s, groups,
				      groups ? ngroups * 4 : 0, groups != 0, &root);
	uint32_t *ids[3] = { uid ? &process.uid : &process.gid, uid ? &process.euid : &process.egid,
			     uid ? &process.suid : &process.sgid };
	const int32_t want[3] = { r, e, s };
	struct identity was = identity_now(), is;

	if (res < 0)
		return linux_result(res);
	for (int i = 0; i < 3; i++)
		if (want[i] != KEEP)
			*ids[i] = (uint32_t)want[i];
	if (groups) {
		memcpy(process.groups, groups, ngroups * 4);
		process.ngroups = ngroups;
	}
	is = identity_now();
	if (memcmp(&was, &is, sizeof(was)))
		fds_follow_identity(root);
	dir_take_root(root);
	return 0;
}

int64_t process_save_effective_ids(void)
{
	int64_t r = 0;

	if (process.suid != process.euid)
		r = set_ids(1, KEEP, KEEP, (int32_t)process.euid, 0, 0);
	if (!r && process.sgid != process.egid)
		r = set_ids(0, KEEP, KEEP, (int32_t)process.egid, 0, 0);
	return r;
}

SYSCALL0(getuid)
{
	return process.uid;
}

SYSCALL0(geteuid)
{
	return process.euid;
}

SYSCALL0(getgid)
{
	return process.gid;
}

SYSCALL0(getegid)
{
	return process.egid;
}

SYSCALL3(getresuid, uint32_t *, r, uint32_t *, e, uint32_t *, s)
{
	if (!user_whole(r, 4) || !user_whole(e, 4) || !user_whole(s, 4))
		return -EFAULT;
	*r = process.uid, *e = process.euid, *s = process.suid;
	return 0;
}

SYSCALL3(getresgid, uint32_t *, r, uint32_t *, e, uint32_t *, s)
{
	if (!user_whole(r, 4) || !user_whole(e, 4) || !user_whole(s, 4))
		return -EFAULT;
	*r = process.gid, *e = process.egid, *s = process.sgid;
	return 0;
}

/* setresuid and setresgid: each id one the process holds, unless privileged. */
static int64_t setres(int uid, int32_t r, int32_t e, int32_t s)
{
	uint32_t a = uid ? process.uid : process.gid, b = uid ? process.euid : process.egid,
		 c = uid ? process.suid : process.sgid;
	const int32_t want[3] = { r, e, s };

	for (int i = 0; i < 3 && !privileged(); i++)
		if (want[i] != KEEP && !holds((uint32_t)want[i], a, b, c))
			return -EPERM;
	return set_ids(uid, r, e, s, 0, 0);
}

SYSCALL3(setresuid, int32_t, r, int32_t, e, int32_t, s)
{
	return setres(1, r, e, s);
}

SYSCALL3(setresgid, int32_t, r, int32_t, e, int32_t, s)
{
	return setres(0, r, e, s);
}

/* setuid and setgid: all three for the privileged, else the effective one, to the
 * real or saved id. */
static int64_t set_one(int uid, int32_t id)
{
	uint32_t real = uid ? process.uid : process.gid, saved = uid ? process.suid : process.sgid;

	if (id == KEEP)
		return -EINVAL;
	if (privileged())
		return set_ids(uid, id, id, id, 0, 0);
	if ((uint32_t)id != real && (uint32_t)id != saved)
		return -EPERM;
	return set_ids(uid, KEEP, id, KEEP, 0, 0);
}

SYSCALL1(setuid, int32_t, uid)
{
	return set_one(1, uid);
}

SYSCALL1(setgid, int32_t, gid)
{
	return set_one(0, gid);
}

/* setreuid and setregid: the real id to the real or effective one, the effective to
 * any of the three; the saved id follows the new effective one when the real one is
 * set or the effective one becomes other than the old real one. */
static int64_t setre(int uid, int32_t r, int32_t e)
{
	uint32_t real = uid ? process.uid : process.gid, eff = uid ? process.euid : process.egid,
		 saved = uid ? process.suid : process.sgid;

	if (!privileged() && ((r != KEEP && (uint32_t)r != real && (uint32_t)r != eff) ||
			      (e != KEEP && !holds((uint32_t)e, real, eff, saved))))
		return -EPERM;
	int32_t s = r != KEEP || (e != KEEP && (uint32_t)e != real) ? (e != KEEP ? e : (int32_t)eff)
								    : KEEP;
	return set_ids(uid, r, e, s, 0, 0);
}

SYSCALL2(setreuid, int32_t, r, int32_t, e)
{
	return setre(1, r, e);
}

SYSCALL2(setregid, int32_t, r, int32_t, e)
{
	return setre(0, r, e);
}

SYSCALL2(getgroups, int, size, uint32_t *, list)
{
	if (size < 0)
		return -EINVAL;
	if (size == 0)
		return process.ngroups;
	if ((uint32_t)size < process.ngroups)
		return -EINVAL;
	if (!user_whole(list, process.ngroups * 4))
		return -EFAULT;
	memcpy(list, process.groups, process.ngroups * 4);
	return process.ngroups;
}

SYSCALL2(setgroups, int, size, const uint32_t *, list)
{
	uint32_t copy[32];

	if (size < 0)
		return -EINVAL;
	if (!privileged())
		return -EPERM;
	if ((uint32_t)size > sizeof(copy) / 4)
		return -EINVAL; /* Masque keeps 32 groups a process */
	if (!user_whole(list, (uint64_t)size * 4))
		return -EFAULT;
	memcpy(copy, list, (size_t)size * 4);
	return set_ids(0, KEEP, KEEP, KEEP, copy, (uint32_t)size);
}
