/* The tree of /proc (procfs.h): names, lookups, stat and directory listings. */
#include <emul_start.h>
#include <errno.h>
#include <format.h>
#include <fs_proto.h>
#include <linux/fcntl.h>
#include <linux/stat.h>
#include <masque/clock.h>
#include <string.h>
#include "procfs.h"

#define DT_DIR 4
#define DT_REG 8
#define DT_LNK 10

/* Zombies included: Linux shows them until they are reaped. */
struct process *pfs_process(int32_t pid)
{
	return process_by_pid(pid);
}

/* The number a name is (a pid, a descriptor: digits only, no leading zero), or 0. */
static int32_t number_of(const char *name, size_t len)
{
	int32_t pid = 0;

	if (!len || len > 9 || name[0] == '0')
		return 0;
	for (size_t i = 0; i < len; i++) {
		if (name[i] < '0' || name[i] > '9')
			return 0;
		pid = pid * 10 + (name[i] - '0');
	}
	return pid;
}

static int named(const char *name, size_t len, const char *want)
{
	return strlen(want) == len && !memcmp(name, want, len);
}

static int index_of(const struct pfs_file *files, int count, const char *name, size_t len)
{
	for (int i = 0; i < count; i++)
		if (named(name, len, files[i].name))
			return i;
	return -1;
}

/* An entry of the root: the machine's files, "self", a process's directory. */
static int lookup_root(const char *name, size_t len, struct pfs_node *out)
{
	int i = index_of(pfs_sys_files, pfs_sys_count, name, len);
	int32_t pid = number_of(name, len);

	if (named(name, len, ".."))
		return -FS_ASK_PROCESS; /* out of /proc: to where it is mounted */
	else if (named(name, len, "self"))
		*out = (struct pfs_node){ PFS_SELF, 0, 0 };
	else if (i >= 0)
		*out = (struct pfs_node){ PFS_SYS, i, 0 };
	else if (pid && pfs_process(pid))
		*out = (struct pfs_node){ PFS_PID, 0, pid };
	else
		return -ENOENT;
	return 0;
}

/* An entry of a process's directory dir. */
static int lookup_pid(struct pfs_node dir, const char *name, size_t len, struct pfs_node *out)
{
	int i = index_of(pfs_pid_files, pfs_pid_count, name, len);

	if (named(name, len, ".."))
		*out = (struct pfs_node){ PFS_ROOT, 0, 0 };
	else if (named(name, len, "fd"))
		*out = (struct pfs_node){ PFS_FD_DIR, 0, dir.pid };
	else if (named(name, len, "exe"))
		*out = (struct pfs_node){ PFS_EXE, 0, dir.pid };
	else if (named(name, len, "cwd"))
		*out = (struct pfs_node){ PFS_CWD, 0, dir.pid };
	else if (i >= 0)
		*out = (struct pfs_node){ PFS_PID_FILE, i, dir.pid };
	else
		return -ENOENT;
	return 0;
}

/* An entry of process p's fd directory dir: an open descriptor's link. */
static int lookup_fd(struct process *p, struct pfs_node dir, const char *name, size_t len,
		     struct pfs_node *out)
{
	int32_t fd = named(name, len, "0") ? 0 : number_of(name, len);

	if (named(name, len, ".."))
		*out = (struct pfs_node){ PFS_PID, 0, dir.pid };
	else if ((fd || named(name, len, "0")) && pfs_fd_handle(p, fd))
		*out = (struct pfs_node){ PFS_FD, fd, dir.pid };
	else
		return -ENOENT;
	return 0;
}

/* The entry name in directory dir. */
static int lookup(struct pfs_node dir, const char *name, size_t len, struct pfs_node *out)
{
	struct process *p = dir.kind == PFS_ROOT ? 0 : pfs_process(dir.pid);

	if (named(name, len, "."))
		return *out = dir, 0;
	if (dir.kind == PFS_ROOT)
		return lookup_root(name, len, out);
	if (dir.kind != PFS_PID && dir.kind != PFS_FD_DIR)
		return -ENOTDIR;
	if (!p)
		return -ENOENT;
	return dir.kind == PFS_PID ? lookup_pid(dir, name, len, out)
				   : lookup_fd(p, dir, name, len, out);
}

static int is_link(struct pfs_node n)
{
	return n.kind == PFS_SELF || n.kind == PFS_EXE || n.kind == PFS_CWD || n.kind == PFS_FD;
}

static int is_dir(struct pfs_node n)
{
	return n.kind == PFS_ROOT || n.kind == PFS_PID || n.kind == PFS_FD_DIR;
}

int pfs_walk(struct pfs_node from, const char *path, struct pfs_node *out)
{
	struct pfs_node at = from;

	if (path[0] == '/') /* an absolute path sent to one of our handles: from our root */
		at = (struct pfs_node){ PFS_ROOT, 0, 0 };
	for (const char *p = path; *p;) {
		while (*p == '/')
			p++;
		const char *name = p;
		while (*p && *p != '/')
			p++;
		if (p == name)
			break;
		if (at.kind == PFS_SELF)
			return -FS_ASK_PROCESS; /* which process asks is not known here */
		if (is_link(at))
			return -ENOENT; /* a link's target is out of the tree */
		int err = lookup(at, name, (size_t)(p - name), &at);
		if (err)
			return err;
	}
	if (!is_dir(at) && path[0] && path[strlen(path) - 1] == '/')
		return at.kind == PFS_SELF ? -FS_ASK_PROCESS : -ENOTDIR; /* "self/": followed */
	*out = at;
	return 0;
}

/* The inode number of n: the root 1, the machine's files from 16, a process's from
 * its pid times 65536 (its descriptors' links from there plus 1024). */
static uint64_t inode_of(struct pfs_node n)
{
	switch (n.kind) {
	case PFS_ROOT:
		return 1;
	case PFS_SELF:
		return 2;
	case PFS_SYS:
		return 16 + (uint64_t)n.which;
	case PFS_PID:
		return (uint64_t)n.pid << 16;
	case PFS_EXE:
		return ((uint64_t)n.pid << 16) + 1;
	case PFS_CWD:
		return ((uint64_t)n.pid << 16) + 2;
	case PFS_FD_DIR:
		return ((uint64_t)n.pid << 16) + 3;
	case PFS_FD:
		return ((uint64_t)n.pid << 16) + 1024 + (uint64_t)n.which;
	default:
		return ((uint64_t)n.pid << 16) + 4 + (uint64_t)n.which;
	}
}

/* Seconds since 1970 at boot. */
static int64_t boot_time(void)
{
	const volatile struct clock_page *c = (const struct clock_page *)CLOCK_PAGE_ADDR;

	return (int64_t)(c->realtime_base_ns / 1000000000ull);
}

int pfs_stat(struct pfs_node n, uint64_t *ino, uint32_t *mode, uint32_t *nlink, uint32_t *uid,
	     uint32_t *gid, int64_t *time)
{
	struct process *p = n.kind >= PFS_PID ? pfs_process(n.pid) : 0;

	if (n.kind >= PFS_PID && !p)
		return -ENOENT;
	*ino = inode_of(n);
	*nlink = is_dir(n) ? 2 : 1;
	*uid = p ? p->cred.uid[1] : 0;
	*gid = p ? p->cred.gid[1] : 0;
	*time = p ? boot_time() + (int64_t)(p->started_ns / 1000000000ull) : boot_time();
	if (is_dir(n)) /* a process's descriptors are its owner's, as on Linux */
		*mode = S_IFDIR | (n.kind == PFS_FD_DIR ? 0500 : 0555);
	else if (n.kind == PFS_FD)
		*mode = S_IFLNK | 0700; /* as Linux's: the owner's */
	else if (is_link(n))
		*mode = S_IFLNK | 0777;
	else if (n.kind == PFS_SYS)
		*mode = S_IFREG | pfs_sys_files[n.which].mode;
	else
		*mode = S_IFREG | pfs_pid_files[n.which].mode;
	return 0;
}

int pfs_link_target(struct pfs_node n, char *target, uint32_t room)
{
	struct process *p = pfs_process(n.pid);

	if (n.kind == PFS_SELF)
		return -FS_ASK_PROCESS; /* which process asks is not known here */
	if (n.kind != PFS_EXE && n.kind != PFS_CWD && n.kind != PFS_FD)
		return -EINVAL;
	if (!p)
		return -ENOENT;
	if (n.kind == PFS_FD) { /* the server cannot name another's file: the handle */
		uint32_t handle = pfs_fd_handle(p, n.which);
		return handle ? snprintf(target, room, "handle:[%u]", handle) : -ENOENT;
	}
	const char *is = n.kind == PFS_CWD ? p->cwd : p->image.exe;
	if (!is[0])
		return -ENOENT; /* one it could not name */
	strlcpy(target, is, room);
	return (int)strlen(target);
}

/* Append one linux_dirent64 to entries; 0, or -ENOSPC when it does not fit. */
static int put_entry(void *entries, uint32_t room, uint32_t *len, uint64_t ino, uint64_t next,
		     uint8_t type, const char *name)
{
	uint32_t namelen = (uint32_t)strlen(name), reclen = (19 + namelen + 1 + 7) & ~7u;
	char *e = (char *)entries + *len;

	if (*len + reclen > room)
		return -ENOSPC;
	memset(e, 0, reclen);
	memcpy(e, &ino, 8);
	memcpy(e + 8, &next, 8);
	memcpy(e + 16, &reclen, 2);
	e[18] = (char)type;
	memcpy(e + 19, name, namelen);
	*len += reclen;
	return 0;
}

/* The entry at index i of the root ("." "..", the machine's files, "self", then the
 * processes, from pid i - fixed on): 1 if there is one, with its name. */
static int root_entry(uint64_t i, char name[16], uint64_t *ino, uint8_t *type, uint64_t *skip)
{
	uint64_t fixed = 3 + (uint64_t)pfs_sys_count;

	*type = DT_REG;
	if (i < 2) {
		strlcpy(name, i ? ".." : ".", 16);
		*ino = 1, *type = DT_DIR;
	} else if (i < 2 + (uint64_t)pfs_sys_count) {
		strlcpy(name, pfs_sys_files[i - 2].name, 16);
		*ino = 16 + i - 2;
	} else if (i == fixed - 1) {
		strlcpy(name, "self", 16);
		*ino = 2, *type = DT_LNK;
	} else {
		int32_t pid = (int32_t)(i - fixed); /* the next live pid from there */
		while (pid <= 32768 && !pfs_process(pid))
			pid++;
		if (pid > 32768)
			return 0;
		*skip = (uint64_t)pid - (i - fixed);
		snprintf(name, 16, "%d", pid);
		*ino = (uint64_t)pid << 16, *type = DT_DIR;
	}
	return 1;
}

/* The entry at index i of a process's directory. */
static int pid_entry(struct pfs_node dir, uint64_t i, char name[16], uint64_t *ino, uint8_t *type)
{
	if (i < 2) {
		strlcpy(name, i ? ".." : ".", 16);
		*ino = i ? 1 : inode_of(dir), *type = DT_DIR;
	} else if (i < 4) {
		strlcpy(name, i == 2 ? "cwd" : "exe", 16);
		*ino = inode_of((struct pfs_node){ i == 2 ? PFS_CWD : PFS_EXE, 0, dir.pid });
		*type = DT_LNK;
	} else if (i == 4) {
		strlcpy(name, "fd", 16);
		*ino = inode_of((struct pfs_node){ PFS_FD_DIR, 0, dir.pid }), *type = DT_DIR;
	} else if (i < 5 + (uint64_t)pfs_pid_count) {
		strlcpy(name, pfs_pid_files[i - 5].name, 16);
		*ino = inode_of((struct pfs_node){ PFS_PID_FILE, (int)(i - 5), dir.pid });
		*type = DT_REG;
	} else
		return 0;
	return 1;
}

/* The entry at index i of a process's fd directory: ".", "..", then each open
 * descriptor, from descriptor i - 2 on. */
static int fd_entry(struct pfs_node dir, uint64_t i, char name[16], uint64_t *ino, uint8_t *type,
		    uint64_t *skip)
{
	if (i < 2) {
		strlcpy(name, i ? ".." : ".", 16);
		*ino = inode_of((struct pfs_node){ i ? PFS_PID : PFS_FD_DIR, 0, dir.pid });
		*type = DT_DIR;
		return 1;
	}
	int fd = i - 2 < EMUL_FD_MAX ? pfs_fd_next(pfs_process(dir.pid), (int)(i - 2)) : -1;
	if (fd < 0)
		return 0;
	*skip = (uint64_t)fd - (i - 2);
	snprintf(name, 16, "%d", fd);
	*ino = inode_of((struct pfs_node){ PFS_FD, fd, dir.pid }), *type = DT_LNK;
	return 1;
}

int pfs_list(struct pfs_node dir, uint64_t cookie, uint32_t room, void *entries, uint32_t *len,
	     uint64_t *next)
{
	char name[16];
	uint64_t ino, skip;
	uint8_t type;

	*len = 0;
	*next = cookie;
	if (!is_dir(dir))
		return -ENOTDIR;
	if (dir.kind != PFS_ROOT && !pfs_process(dir.pid))
		return -ENOENT;
	for (uint64_t i = cookie;; i += 1 + skip) {
		skip = 0;
		int more = dir.kind == PFS_ROOT	 ? root_entry(i, name, &ino, &type, &skip)
			   : dir.kind == PFS_PID ? pid_entry(dir, i, name, &ino, &type)
						 : fd_entry(dir, i, name, &ino, &type, &skip);
		if (!more)
			break;
		if (put_entry(entries, room, len, ino, i + skip + 1, type, name))
			return *len ? 0 : -EINVAL;
		*next = i + skip + 1;
	}
	return 0;
}

int pfs_may_open(struct pfs_node n, const struct pfs_who *who, uint32_t flags)
{
	uint64_t ino;
	uint32_t mode, nlink, uid, gid;
	int64_t time;
	int err = pfs_stat(n, &ino, &mode, &nlink, &uid, &gid, &time);

	if (err)
		return err;
	if (flags & O_PATH)
		return 0;
	if ((flags & O_ACCMODE) != O_RDONLY || (flags & O_TRUNC))
		return is_dir(n) ? -EISDIR : -EACCES;
	if ((flags & O_DIRECTORY) && !is_dir(n))
		return -ENOTDIR;
	if (is_link(n))
		return -ENOENT; /* following it would leave our tree */
	uint32_t bits = who->uid == 0 ? 0444 : who->uid == uid ? 0400 : who->gid == gid ? 040 : 04;
	return mode & bits ? 0 : -EACCES;
}

int pfs_text(struct pfs_node n, struct text *t)
{
	if (n.kind == PFS_SYS) {
		pfs_sys_files[n.which].make(t, 0);
		return 0;
	}
	struct process *p = n.kind == PFS_PID_FILE ? pfs_process(n.pid) : 0;
	if (n.kind != PFS_PID_FILE)
		return -EISDIR;
	if (!p)
		return -ESRCH; /* as Linux says of a process that went */
	pfs_pid_files[n.which].make(t, p);
	return 0;
}
