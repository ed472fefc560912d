/*
 * exec through the process server (carry.h): the old emul packs the process's state
 * and arguments into one block and sends it with the program's handle; the new emul,
 * fresh in a fresh task, unpacks it, checking every count, descriptor and string, and
 * takes the rights its descriptors name (inherited at the same names, one reference
 * each).
 */
#include <asm/signal.h>
#include <errno.h>
#include <linux/fcntl.h>
#include <linux/resource.h>
#include <masque/page_size.h>
#include <masque/rights.h>
#include <masque/vm.h>
#include <proc.h>
#include <self.h>
#include <string.h>
#include <trap.h>
#include "carry.h"
#include "errno_of.h"
#include "fd.h"
#include "layout.h"
#include "path.h"
#include "process.h"
#include "signal.h"
#include "thread.h"

struct carried_fd {
	int32_t fd;
	port_name_t handle;
	uint32_t flags;
};

/* The block's fixed part; nfds carried_fd follow, then the strings: execfn, exe,
 * name, argv's, envp's, each with its NUL. */
struct carry {
	uint32_t umask, ngroups, nfds, argc, envc;
	uint64_t blocked, ignored;
	port_name_t cwd, root; /* the old task's names, which the new one inherits */
	uint32_t groups[32];
	struct rlimit64 limits[RLIM_NLIMITS];
};

#define CARRY_ROOM (EMUL_START_MAX - sizeof(struct emul_start))

/* The open descriptors into fds; how many. */
static uint32_t pack_fds(struct carried_fd *fds)
{
	uint32_t n = 0;

	for (int fd = 0; fd < FD_MAX; fd++)
		if (fd_handle(fd) != PORT_NULL)
			fds[n++] = (struct carried_fd){ fd, fd_handle(fd), fd_flags(fd) };
	return n;
}

/* Copy the string at *at, moving it on; 0 or -E2BIG past end. */
static int put(char **at, const char *end, const char *s)
{
	size_t len = strlen(s) + 1;

	if ((size_t)(end - *at) < len)
		return -E2BIG;
	memcpy(*at, s, len);
	*at += len;
	return 0;
}

static int put_vector(char **at, const char *end, char *const v[], uint32_t *n)
{
	for (*n = 0; v[*n]; (*n)++)
		if (put(at, end, v[*n]))
			return -E2BIG;
	return 0;
}

static uint64_t ignored_signals(void)
{
	uint64_t set = 0;

	for (int sig = 1; sig <= NSIG_LINUX; sig++)
		if (signal_action(sig)->handler == (uint64_t)SIG_IGN)
			set |= SIGNAL_BIT(sig);
	return set;
}

/* The block in buf (CARRY_ROOM bytes); its size or -E2BIG. */
static int64_t pack(char *buf, const char *execfn, const char *exe, const char *name,
		    char *const argv[], char *const envp[])
{
	struct carry *c = (struct carry *)buf;
	const char *end = buf + CARRY_ROOM;

	*c = (struct carry){
		.umask = process.umask,
		.ngroups = process.ngroups,
		.blocked = this_thread()->blocked,
		.ignored = ignored_signals(),
		.cwd = process.cwd,
		.root = process.root,
	};
	memcpy(c->groups, process.groups, sizeof(c->groups));
	memcpy(c->limits, process_limits(), sizeof(c->limits));
	c->nfds = pack_fds((struct carried_fd *)(c + 1));
	char *at = (char *)((struct carried_fd *)(c + 1) + c->nfds);
	if (put(&at, end, execfn) || put(&at, end, exe) || put(&at, end, name) ||
	    put_vector(&at, end, argv, &c->argc) || put_vector(&at, end, envp, &c->envc))
		return -E2BIG;
	return at - buf;
}

int64_t carry_exec_setid(port_name_t handle, const char *execfn, const char *exe, const char *name,
			 char *const argv[], char *const envp[])
{
	uint64_t room = page_round_up(CARRY_ROOM);
	int64_t buf = vm_allocate(self_task, EMUL_AREA, room, VM_ANYWHERE), r;

	if (buf < 0)
		return linux_result(buf);
	r = pack((char *)buf, execfn, exe, name, argv, envp);
	if (r >= 0)
		r = linux_result(
			rpc_proc_exec_setid(process.proc, handle, (void *)buf, (uint32_t)r));
	vm_deallocate(self_task, (uint64_t)buf, room);
	return r < 0 ? r : -EIO; /* an answer that is no error: the server failed us */
}

/* The next string from *at (before end), moving on; NULL if none ends there. */
static char *take_string(const char **at, const char *end)
{
	size_t len = strnlen(*at, (size_t)(end - *at));
	char *s = (char *)*at;

	if (len == (size_t)(end - *at))
		return 0;
	*at += len + 1;
	return s;
}

/* argv and envp into args (NULL-terminated each); 0 or -E2BIG. */
static int take_vectors(const struct carry *c, const char **at, const char *end,
			struct carried_exec *e)
{
	static char *args[EMUL_ARGS_MAX + 2];
	uint32_t n = 0;

	if ((uint64_t)c->argc + c->envc > EMUL_ARGS_MAX)
		return -E2BIG;
	e->argv = args;
	for (uint32_t i = 0; i < c->argc; i++)
		if (!(args[n++] = take_string(at, end)))
			return -E2BIG;
	args[n++] = 0;
	e->envp = args + n;
	for (uint32_t i = 0; i < c->envc; i++)
		if (!(args[n++] = take_string(at, end)))
			return -E2BIG;
	args[n] = 0;
	return 0;
}

/* The descriptors, each at its number with one reference of its right per
 * descriptor (the inherited name has one); 0 or -E2BIG. */
static int take_fds(const struct carried_fd *fds, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		const struct carried_fd *d = &fds[i];
		int again = 0;

		if (d->fd < 0 || d->fd >= FD_MAX || d->handle == PORT_NULL || fd_handle(d->fd))
			return -E2BIG;
		for (uint32_t j = 0; j < i; j++)
			again |= fds[j].handle == d->handle;
		if (again && port_mod_refs(d->handle, RIGHT_SEND, 1))
			return -E2BIG;
		if (fd_install(d->handle, d->flags & FD_CLOEXEC, d->fd) != d->fd)
			return -E2BIG;
	}
	return 0;
}

static int limits_hold(const struct rlimit64 *l)
{
	for (int i = 0; i < RLIM_NLIMITS; i++)
		if (l[i].rlim_cur > l[i].rlim_max)
			return 0;
	return l[RLIMIT_NOFILE].rlim_max <= FD_MAX;
}

/* The masks: the thread's, and the ignored signals (all other dispositions are the
 * defaults a fresh emul has), told to the server. */
static void take_signals(const struct carry *c)
{
	this_thread()->blocked = c->blocked & ~UNBLOCKABLE;
	for (int sig = 1; sig <= NSIG_LINUX; sig++)
		if ((c->ignored & ~UNBLOCKABLE) & SIGNAL_BIT(sig))
			signal_action(sig)->handler = (uint64_t)SIG_IGN;
	signal_reset_on_exec();
}

/* The working directory, found again from the new root (its old handle, as the root
 * beside it, is the old identity's). A name the descriptors (or cwd and root both)
 * use has one inherited reference: one more, since each use drops one. */
static void take_cwd(const struct carry *c, port_name_t new_root)
{
	process.cwd = c->cwd;
	process.root = c->root;
	if (fd_uses(c->cwd))
		port_mod_refs(c->cwd, RIGHT_SEND, 1);
	if (c->root == c->cwd || fd_uses(c->root))
		port_mod_refs(c->root, RIGHT_SEND, 1);
	dir_take_root(new_root);
}

int64_t carry_take(const struct emul_start *b, struct carried_exec *e)
{
	const struct carry *c = (const struct carry *)b->strings;
	const char *end = b->strings + b->strings_len, *at;

	if (b->strings_len < sizeof(*c) ||
	    c->nfds > (b->strings_len - sizeof(*c)) / sizeof(struct carried_fd) ||
	    c->ngroups > 32 || !limits_hold(c->limits))
		return -E2BIG;
	const struct carried_fd *fds = (const struct carried_fd *)(c + 1);
	at = (const char *)(fds + c->nfds);
	if (!(e->execfn = take_string(&at, end)) || !(e->exe = take_string(&at, end)) ||
	    !(e->name = take_string(&at, end)) || take_vectors(c, &at, end, e))
		return -E2BIG;
	process.umask = c->umask & 0777;
	process.ngroups = c->ngroups;
	memcpy(process.groups, c->groups, sizeof(process.groups));
	if (take_fds(fds, c->nfds)) /* under the default limits: Linux keeps fds past a lower one */
		return -E2BIG;
	memcpy(process_limits(), c->limits, sizeof(c->limits));
	take_signals(c);
	take_cwd(c, b->root);
	return 0;
}
