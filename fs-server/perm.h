/*
 * Who may do what to a file: the Unix rules, judged from the identity a handle was
 * issued for (never from anything a request says). Results are 0 or -EACCES/-EPERM.
 */
#ifndef FS_SERVER_PERM_H
#define FS_SERVER_PERM_H

#include <stdint.h>

#define IDENTITY_GROUPS_MAX 32

/* The ids a handle acts with: fixed by the server when it issues the handle. */
struct identity {
	uint32_t uid, gid;
	uint32_t ngroups;
	uint32_t groups[IDENTITY_GROUPS_MAX]; /* supplementary groups */
};

/* What the rules need to know of a file. */
struct file_owner {
	uint32_t mode; /* type and permission bits, as st_mode */
	uint32_t uid, gid;
};

/* Access bits as access(2) takes them. */
#define PERM_READ  4
#define PERM_WRITE 2
#define PERM_EXEC  1

int identity_in_group(const struct identity *who, uint32_t gid);

/* May who read, write or execute (search, for a directory) f, as want says? */
int perm_access(const struct identity *who, const struct file_owner *f, unsigned want);

/* May who remove or rename the entry for victim from directory dir (write and search
 * on dir, and the sticky bit's owner rule)? */
int perm_remove(const struct identity *who, const struct file_owner *dir,
		const struct file_owner *victim);

/* May who set f's permission bits to mode? *mode comes back as it is to be stored (the
 * set-group-id bit dropped for a caller outside the file's group, as Linux does). */
int perm_chmod(const struct identity *who, const struct file_owner *f, uint32_t *mode);

/* May who give f the owner uid and group gid ((uint32_t)-1: unchanged)? */
int perm_chown(const struct identity *who, const struct file_owner *f, uint32_t uid, uint32_t gid);

/* May who set f's times: to the present (explicit 0), or to times of its choosing? */
int perm_utimes(const struct identity *who, const struct file_owner *f, int explicit_times);

/* May who ask for a handle with the identity next? Only uid 0 may change identity. */
int perm_reauthenticate(const struct identity *who, const struct identity *next);

#endif
