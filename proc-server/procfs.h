/*
 * /proc: the process server's view of its processes and of the machine, served over
 * the file protocol (interfaces/fs.defs) on ports of the server's own set, and attached
 * on the fs-server's /proc directory (proc.mount_proc, fs.attach), which hands on the
 * paths that reach it (interfaces/mounted.defs). Nothing in it is stored: each file's
 * text is made from the process table and the kernel when it is opened, or read again
 * from its start.
 *
 * The tree (procfs_tree.c): the root with the machine's files (procfs_sys.c), "self",
 * and a directory per process (procfs_pid.c) with its files, its "exe" and "cwd" links
 * and "fd", a link for each open descriptor.
 */
#ifndef PROC_PROCFS_H
#define PROC_PROCFS_H

#include <masque/types.h>
#include <rpc.h>
#include <stdint.h>
#include "procfs_format.h"
#include "process.h"

#define PFS_DEV	     1000  /* st_dev of every file of /proc */
#define PFS_TEXT_MAX 65536 /* a file's text at most */

enum pfs_kind {
	PFS_ROOT,     /* /proc */
	PFS_SELF,     /* /proc/self, a link to the caller's directory */
	PFS_SYS,      /* one of the machine's files (which: its index) */
	PFS_PID,      /* /proc/PID */
	PFS_PID_FILE, /* one of a process's files (which: its index) */
	PFS_EXE,      /* /proc/PID/exe, a link to the program */
	PFS_CWD,      /* /proc/PID/cwd, a link to its working directory */
	PFS_FD_DIR,   /* /proc/PID/fd */
	PFS_FD,	      /* /proc/PID/fd/N, a link standing for descriptor N (which) */
};

/* A file of /proc: what it is and, under /proc/PID, whose. */
struct pfs_node {
	enum pfs_kind kind;
	int which;
	int32_t pid;
};

/* Who asks: the identity of the fs-server's handle, or of ours. */
struct pfs_who {
	uint32_t uid, gid;
};

/* A file whose text is made from a process (NULL for the machine's own files). */
struct pfs_file {
	const char *name;
	uint32_t mode; /* permission bits */
	void (*make)(struct text *t, struct process *p);
};

extern const struct pfs_file pfs_sys_files[];
extern const int pfs_sys_count;
extern const struct pfs_file pfs_pid_files[];
extern const int pfs_pid_count;

/* The process of a node under /proc/PID, or NULL if it is gone. */
struct process *pfs_process(int32_t pid);

/* procfs_tree.c: the node path names from node from (as a walk from there: "" is from
 * itself); 0 or -ENOENT, -ENOTDIR. Links are never followed (-ENOENT when a path
 * would go through one: their targets are out of our tree), but a path through "self"
 * or ".." out of the root is -FS_ASK_PROCESS (procfs_asking.c). */
int pfs_walk(struct pfs_node from, const char *path, struct pfs_node *out);
/* The stat of node (mode with type, owner, times). */
int pfs_stat(struct pfs_node n, uint64_t *ino, uint32_t *mode, uint32_t *nlink, uint32_t *uid,
	     uint32_t *gid, int64_t *time);
/* The target of a link node: its length, or -EINVAL for a node that is none
 * (-FS_ASK_PROCESS for "self"). */
int pfs_link_target(struct pfs_node n, char *target, uint32_t room);
/* Directory entries of dir from cookie on, as fs.readdir gives them. */
int pfs_list(struct pfs_node dir, uint64_t cookie, uint32_t room, void *entries, uint32_t *len,
	     uint64_t *next);
/* Whether who may open n with flags (Linux's open flags). */
int pfs_may_open(struct pfs_node n, const struct pfs_who *who, uint32_t flags);
/* The text of a file node into t. */
int pfs_text(struct pfs_node n, struct text *t);

/* procfs_handle.c: a new handle on n for who (its port in the server's set, a receive
 * right: the reply makes the client's send right), or PORT_NULL. */
port_name_t pfs_handle_new(struct pfs_node n, const struct pfs_who *who, uint32_t flags);
/* Whether port is a handle's: then it goes (its last send right went). */
int pfs_handle_gone(port_name_t port);

/* procfs_mount.c: whether a mounted.defs request came from the fs-server (to the port
 * attached); a forgery's reply right is released unanswered. */
int pfs_from_fs_server(struct rpc_ctx *ctx, port_name_t client);
/* Attach /proc on the directory path of the fs-server, through root (a handle of uid
 * 0): proc_server -m, for a program that is not init (which mounts it itself). */
int64_t pfs_mount(port_name_t root, const char *path);
/* A handle (O_PATH, the mounter's identity) on the directory that holds the one /proc
 * was last attached on, or -ENOENT before a mount. */
int64_t pfs_mount_parent(port_name_t *parent);
/* Whether port is the mount's port, whose last sender went (every /proc unmounted): then
 * the mount's directory is let go. */
int pfs_mount_gone(port_name_t port);
/* Every request /proc's ports take: the file protocol's and the fs-server's. */
int pfs_demux(struct msg_header *in, struct msg_header *out);

/* procfs_pid.c: whether descriptor fd of p is open (its emul's table, read in its
 * memory), and the handle's name there (0 if closed). */
uint32_t pfs_fd_handle(struct process *p, int fd);
/* The first open descriptor of p from fd on, or -1. */
int pfs_fd_next(struct process *p, int fd);

/* p's state as Linux's letter (R, S, T, Z), and its threads. */
char pfs_state(const struct process *p);
uint32_t pfs_threads(const struct process *p);

/* The text of a process's files and of the machine's (procfs_pid.c, procfs_sys.c). */
void pfs_proc_facts(struct process *p, struct pfs_proc_facts *f);

#endif
