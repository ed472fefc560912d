/*
 * Identities: the ids of each process are the server's record, changed only as
 * Linux's rules allow, and the file-system identity a process works with is a root
 * handle the server has the fs-server make for those ids from its own (uid 0) one.
 * What emul says of its ids is never believed.
 */
#include <errno.h>
#include <fs.h>
#include <proc.h>
#include <rpc.h>
#include <string.h>
#include "creds.h"

static port_name_t root; /* "/", with uid 0 */

void creds_init(port_name_t root_handle)
{
	root = root_handle;
}

int64_t creds_root(const struct creds *c, port_name_t *new_root)
{
	return rpc_fs_reauthenticate(root, c->uid[1], c->gid[1], c->groups, c->ngroups * 4,
				     new_root);
}

int64_t creds_identify_mounted(port_name_t h, uint32_t *mode, uint32_t *mount_flags)
{
	uint64_t dev, ino, mount;
	uint32_t flags;

	return rpc_fs_identify(root, h, &dev, &ino, mode, &flags, mount_flags, &mount);
}

int64_t creds_identify(port_name_t h, uint32_t *mode)
{
	uint32_t mount_flags;

	return creds_identify_mounted(h, mode, &mount_flags);
}

int creds_may_execute(const struct creds *c, uint32_t mode, uint32_t uid, uint32_t gid)
{
	int in_group = gid == c->gid[1];

	for (uint32_t i = 0; i < c->ngroups; i++)
		in_group |= gid == c->groups[i];
	if (c->uid[1] == 0) /* root: any execute bit at all, as Linux's capable(CAP_DAC_OVERRIDE) */
		return (mode & 0111) != 0;
	if (uid == c->uid[1])
		return (mode & 0100) != 0;
	return (mode & (in_group ? 0010 : 0001)) != 0;
}

static int holds(const uint32_t ids[3], uint32_t id)
{
	return id == ids[0] || id == ids[1] || id == ids[2];
}

/* setresuid's rule for one kind of ids: -1 keeps one; the privileged take any id,
 * others only one they hold already. */
static int64_t change(uint32_t ids[3], const int32_t want[3], int privileged)
{
	for (int i = 0; i < 3; i++)
		if (want[i] != -1 && !privileged && !holds(ids, (uint32_t)want[i]))
			return -EPERM;
	for (int i = 0; i < 3; i++)
		if (want[i] != -1)
			ids[i] = (uint32_t)want[i];
	return 0;
}

int64_t proc_setids(struct rpc_ctx *ctx, int32_t ruid, int32_t euid, int32_t suid, int32_t rgid,
		    int32_t egid, int32_t sgid, const void *groups, uint32_t groups_len,
		    uint32_t set_groups, port_name_t *new_root)
{
	struct process *p = process_by_port(ctx->local);
	const int32_t uids[3] = { ruid, euid, suid }, gids[3] = { rgid, egid, sgid };
	struct creds c;
	int64_t r;

	*new_root = PORT_NULL;
	if (!p)
		return -ESRCH;
	c = p->cred;
	int privileged = c.uid[1] == 0; /* as the call finds it */
	if (groups_len % 4 || groups_len / 4 > GROUPS_MAX)
		return -EINVAL;
	if (set_groups && !privileged)
		return -EPERM;
	if ((r = change(c.uid, uids, privileged)) || (r = change(c.gid, gids, privileged)))
		return r;
	if (set_groups) {
		c.ngroups = groups_len / 4;
		memcpy(c.groups, groups, groups_len);
	}
	if ((r = creds_root(&c, new_root)) < 0)
		return r;
	p->cred = c;
	return 0;
}
