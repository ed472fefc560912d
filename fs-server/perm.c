/* The Unix permission rules, as Linux applies them to a file system without ACLs. */
#include <errno.h>
#include "perm.h"

#define S_ISVTX_BIT  01000
#define S_ISGID_BIT  02000
#define S_IFMT_BITS  0170000
#define S_IFDIR_BITS 0040000

int identity_in_group(const struct identity *who, uint32_t gid)
{
	if (who->gid == gid)
		return 1;
	for (uint32_t i = 0; i < who->ngroups && i < IDENTITY_GROUPS_MAX; i++)
		if (who->groups[i] == gid)
			return 1;
	return 0;
}

static int is_owner(const struct identity *who, const struct file_owner *f)
{
	return who->uid == f->uid;
}

/* The three permission bits that apply to who: owner's, group's or others'. */
static unsigned class_bits(const struct identity *who, const struct file_owner *f)
{
	if (is_owner(who, f))
		return (f->mode >> 6) & 7;
	if (identity_in_group(who, f->gid))
		return (f->mode >> 3) & 7;
	return f->mode & 7;
}

int perm_access(const struct identity *who, const struct file_owner *f, unsigned want)
{
	if (who->uid == 0) {
		/* root reads and writes anything, and executes what anyone may execute;
		 * it searches any directory */
		int dir = (f->mode & S_IFMT_BITS) == S_IFDIR_BITS;
		if (!(want & PERM_EXEC) || dir || (f->mode & 0111))
			return 0;
		return -EACCES;
	}
	return (class_bits(who, f) & want) == want ? 0 : -EACCES;
}

int perm_remove(const struct identity *who, const struct file_owner *dir,
		const struct file_owner *victim)
{
	int err = perm_access(who, dir, PERM_WRITE | PERM_EXEC);

	if (err)
		return err;
	if ((dir->mode & S_ISVTX_BIT) && who->uid != 0 && !is_owner(who, dir) &&
	    !is_owner(who, victim))
		return -EPERM; /* a sticky directory: only the owners may take a name away */
	return 0;
}

int perm_chmod(const struct identity *who, const struct file_owner *f, uint32_t *mode)
{
	if (who->uid != 0 && !is_owner(who, f))
		return -EPERM;
	if (who->uid != 0 && !identity_in_group(who, f->gid))
		*mode &= ~(uint32_t)S_ISGID_BIT;
	return 0;
}

int perm_chown(const struct identity *who, const struct file_owner *f, uint32_t uid, uint32_t gid)
{
	if (who->uid == 0)
		return 0;
	if (uid != (uint32_t)-1 && uid != f->uid)
		return -EPERM; /* giving a file away takes root */
	if (gid != (uint32_t)-1 && gid != f->gid &&
	    (!is_owner(who, f) || !identity_in_group(who, gid)))
		return -EPERM; /* the owner may move it to a group of its own */
	if (!is_owner(who, f) && (uid != (uint32_t)-1 || gid != (uint32_t)-1))
		return -EPERM;
	return 0;
}

int perm_utimes(const struct identity *who, const struct file_owner *f, int explicit_times)
{
	if (who->uid == 0 || is_owner(who, f))
		return 0;
	if (explicit_times)
		return -EPERM;
	return perm_access(who, f, PERM_WRITE);
}

int perm_reauthenticate(const struct identity *who, const struct identity *next)
{
	if (who->uid == 0)
		return 0;
	if (next->uid != who->uid || next->gid != who->gid || next->ngroups > who->ngroups)
		return -EPERM;
	for (uint32_t i = 0; i < next->ngroups; i++)
		if (!identity_in_group(who, next->groups[i]))
			return -EPERM;
	return 0;
}
