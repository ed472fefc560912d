/*
 * Record locks (record_locks.h) around the pure lists of locks.c. A request that may not
 * have its lock now and may wait is kept with its reply right; every change to a file's
 * locks tries its waits again, oldest first, until none more can go on. A POSIX owner
 * is a process's port: one send right to it is kept (a port has one name here, so the
 * name tells the owner) with a dead-name notification, which ends the owner's locks and
 * waits when the process is gone. OFD and flock locks belong to the open file
 * description the handle is one of, which may have several (a descriptor that followed
 * an id change).
 * What a handle is, and which file, the server says (struct lock_server).
 */
#include <errno.h>
#include <fs.h>
#include <linux/fcntl.h>
#include <linux/fs.h>
#include <masque/rights.h>
#include <rpc.h>
#include <stdlib.h>
#include <trap.h>
#include "locks.h"
#include "record_locks.h"

#define DEADLOCK_STEPS 10 /* Linux's MAX_DEADLK_ITERATIONS */

/* A process that holds or waits for POSIX locks. */
struct owner {
	struct owner *next;
	port_name_t port; /* one send right to the process's owner port */
	int32_t pid;
};

/* The locks of one file that has any or is waited for; the server holds the file. */
struct lock_file {
	struct lock_file *next;
	struct lock_file_id file;
	struct lock *locks;	   /* POSIX and OFD */
	struct flock_lock *flocks; /* flock */
	struct wait *waits;	   /* oldest first */
};

/* A request that waits: F_SETLKW, F_OFD_SETLKW, or flock without LOCK_NB. */
struct wait {
	struct wait *next;
	int flock;	       /* an flock request; else a byte range */
	const void *owner;     /* the owner the lock will have */
	struct owner *process; /* a POSIX request's owner, else NULL */
	void *handle;	       /* it came through: fs.interrupt and the handle's end */
	port_name_t reply;     /* the request's reply right */
	uint32_t type;	       /* F_RDLCK, F_WRLCK; LOCK_SH, LOCK_EX for flock */
	int64_t first, last;   /* a range's bytes */
	int32_t pid;
};

static const struct lock_server *server;
static struct owner *owners;
static struct lock_file *files;
static port_name_t dead_names; /* where the owners' dead-name notifications come */
static const char nobody;      /* the owner of test_lock's unknown processes: holds none */

int record_locks_init(const struct lock_server *s, port_name_t set)
{
	int64_t port = port_allocate_member(set, 0);

	if (port < 0)
		return -ENOMEM;
	server = s;
	dead_names = (port_name_t)port;
	return 0;
}

static struct lock_handle_info info_of(void *h)
{
	struct lock_handle_info i;

	server->info(h, &i);
	return i;
}

static int same_file(struct lock_file_id a, struct lock_file_id b)
{
	return a.space == b.space && a.id == b.id;
}

/* The handle a request came to: 0, or -EBADF. */
static int64_t handle_of_request(struct rpc_ctx *ctx, void **h)
{
	*h = server->handle(ctx->local);
	return *h ? 0 : -EBADF;
}

static struct owner *owner_find(port_name_t port)
{
	struct owner *o = owners;

	while (o && o->port != port)
		o = o->next;
	return o;
}

/* Whether port is one of ours (a handle, say): no process's owner, and a send right to
 * it kept would keep it from ever having no senders. */
static int ours(port_name_t port)
{
	struct port_status st;

	return port_status(port, &st) == KERN_SUCCESS && (st.rights & RIGHT_RECEIVE);
}

/* The owner of port, which brought one more send right: kept for a new owner, let go
 * for a known one. -EINVAL for a port of ours, -ENOLCK without memory. */
static int64_t owner_of(port_name_t port, int32_t pid, struct owner **out)
{
	struct owner *o = owner_find(port);

	if (o) {
		rpc_release_right(port, MSG_MOVE_SEND);
		o->pid = pid;
		*out = o;
		return 0;
	}
	if (ours(port)) {
		rpc_release_right(port, MSG_MOVE_SEND);
		return -EINVAL;
	}
	if (!(o = malloc(sizeof(*o))) ||
	    port_request_notify(port, NOTIFY_DEAD_NAME, dead_names) != KERN_SUCCESS) {
		free(o);
		rpc_release_right(port, MSG_MOVE_SEND);
		return -ENOLCK;
	}
	*o = (struct owner){ .next = owners, .port = port, .pid = pid };
	owners = o;
	*out = o;
	return 0;
}

static int is_owner(const void *who)
{
	for (const struct owner *o = owners; o; o = o->next)
		if (o == who)
			return 1;
	return 0;
}

static struct lock_file *file_find(struct lock_file_id file)
{
	struct lock_file *f = files;

	while (f && !same_file(f->file, file))
		f = f->next;
	return f;
}

/* The locks of file, made if need be (NULL: no memory). */
static struct lock_file *file_of(struct lock_file_id file)
{
	struct lock_file *f = file_find(file);

	if (f)
		return f;
	if (!(f = calloc(1, sizeof(*f))))
		return NULL;
	if (server->hold && server->hold(file)) {
		free(f);
		return NULL;
	}
	f->file = file;
	f->next = files;
	files = f;
	return f;
}

/* A file with no locks and no waits left is forgotten. */
static void file_tidy(struct lock_file *f)
{
	struct lock_file **link = &files;

	if (f->locks || f->flocks || f->waits)
		return;
	while (*link != f)
		link = &(*link)->next;
	*link = f->next;
	if (server->release)
		server->release(f->file);
	free(f);
}

/* Whether holder (of a lock: an owner, or a description) is gone though the kernel's
 * word of it has not been served yet: an owner whose port died, a description no
 * process can reach. */
static int holder_gone(const void *holder)
{
	struct port_status st;

	if (is_owner(holder))
		return port_status(((const struct owner *)holder)->port, &st) == KERN_SUCCESS &&
		       (st.rights & RIGHT_DEAD_NAME);
	return !server->reachable(holder);
}

/* Every lock of holder goes, in every file; its waits and itself stay for the
 * notification, which then tries the files' waits again. */
static void purge(const void *holder)
{
	for (struct lock_file *f = files; f; f = f->next) {
		lock_drop(&f->locks, holder);
		flock_drop(&f->flocks, holder);
	}
}

/* The first lock of f that keeps who from type on first..last, or NULL. One whose
 * holder is gone goes first, with all of that holder's: what a process let go by its
 * last close or its end is free at once, as on Linux, not only when the kernel's
 * notification is served. */
static const struct lock *conflict(struct lock_file *f, const void *who, uint32_t type,
				   int64_t first, int64_t last)
{
	const struct lock *c;

	while ((c = lock_conflict(f->locks, who, type, first, last)) && holder_gone(c->owner))
		purge(c->owner);
	return c;
}

/* The same for flock: whether a gone holder's flock lock went. */
static int purge_gone_flock(struct lock_file *f)
{
	for (const struct flock_lock *k = f->flocks; k; k = k->next)
		if (holder_gone(k->owner)) {
			purge(k->owner);
			return 1;
		}
	return 0;
}

/* flock_set, tried again while gone holders were in the way. */
static int64_t flock_attempt(struct lock_file *f, const struct wait *w, int *changed)
{
	int r, more;

	while ((r = flock_set(&f->flocks, w->owner, w->type, &more)) == -EAGAIN) {
		*changed |= more;
		if (!purge_gone_flock(f))
			break;
	}
	*changed |= more;
	return r;
}

/* Whether the sender of w is gone (its reply right a dead name). */
static int sender_gone(const struct wait *w)
{
	struct port_status st;

	return port_status(w->reply, &st) == KERN_SUCCESS && (st.rights & RIGHT_DEAD_NAME);
}

/* The wait of owner o, wherever it is (Linux: what_owner_is_waiting_for). */
static const struct wait *wait_of(const struct owner *o, struct lock_file **in)
{
	for (struct lock_file *f = files; f; f = f->next)
		for (const struct wait *w = f->waits; w; w = w->next)
			if (w->process == o && !sender_gone(w)) {
				*in = f;
				return w;
			}
	return NULL;
}

/* Whether caller, waiting for lock c, would wait forever: c's owner waits for a lock
 * whose owner waits... for one of caller's. Linux follows POSIX owners only, ten steps. */
static int deadlock(const struct owner *caller, const struct lock *c)
{
	for (int step = 0; step < DEADLOCK_STEPS && is_owner(c->owner); step++) {
		struct lock_file *f;
		const struct wait *w = wait_of((const struct owner *)c->owner, &f);
		if (!w || !(c = conflict(f, w->owner, w->type, w->first, w->last)))
			return 0;
		if (c->owner == caller)
			return 1;
	}
	return 0;
}

/* Try the request of w on f: 0 done, -EAGAIN to wait, -EDEADLK, -ENOLCK. */
static int64_t attempt(struct lock_file *f, const struct wait *w, int *changed)
{
	const struct lock *c;

	*changed = 0;
	if (w->flock)
		return flock_attempt(f, w, changed);
	if (w->type != F_UNLCK && (c = conflict(f, w->owner, w->type, w->first, w->last)))
		return w->process && deadlock(w->process, c) ? -EDEADLK : -EAGAIN;
	int r = lock_set(&f->locks, w->owner, w->pid, w->type, w->first, w->last);
	*changed = !r;
	return r;
}

/* The answer to a wait. A sender that died leaves a dead name, which the failed send
 * keeps: released. */
static void answer(struct wait *w, int64_t result)
{
	int64_t r = w->flock ? fs_flock_reply(w->reply, result) : fs_lock_reply(w->reply, result);

	if (r != KERN_SUCCESS)
		rpc_release_right(w->reply, MSG_MOVE_SEND_ONCE);
	free(w);
}

/* One pass over f's waits: those that can go on are answered; whether a lock changed. */
static int retry_pass(struct lock_file *f)
{
	struct wait **link = &f->waits;
	int progress = 0, changed;

	while (*link) {
		struct wait *w = *link;
		int64_t r = sender_gone(w) ? -EINTR : attempt(f, w, &changed);
		progress |= changed;
		if (r == -EAGAIN) {
			link = &w->next;
			continue;
		}
		*link = w->next;
		answer(w, r);
	}
	return progress;
}

/* f's locks changed: its waits are tried again until none more goes on. */
static void retry(struct lock_file *f)
{
	while (retry_pass(f))
		;
	file_tidy(f);
}

/* Whether o holds a lock or waits for one anywhere. */
static int owner_busy(const struct owner *o)
{
	for (const struct lock_file *f = files; f; f = f->next) {
		if (lock_holds(f->locks, o))
			return 1;
		for (const struct wait *w = f->waits; w; w = w->next)
			if (w->process == o)
				return 1;
	}
	return 0;
}

/* Owners that hold and wait for nothing are forgotten with their send right: the
 * server keeps no process's port longer than the locks it stands for. Called as each
 * request that may leave an owner idle ends. */
static void owners_tidy(void)
{
	struct owner **link = &owners;

	while (*link) {
		struct owner *o = *link;
		if (owner_busy(o)) {
			link = &o->next;
			continue;
		}
		*link = o->next;
		rpc_release_right(o->port, MSG_MOVE_SEND);
		free(o);
	}
}

/* Waits of f that match: answered with result and gone. */
static void end_waits(struct lock_file *f, const void *h, const struct owner *o, int64_t result)
{
	struct wait **link = &f->waits;

	while (*link) {
		struct wait *w = *link;
		if ((h && w->handle == h) || (o && w->process == o)) {
			*link = w->next;
			answer(w, result);
		} else {
			link = &w->next;
		}
	}
}

/* The bytes of a request on h, as struct flock names them. */
static int64_t range_of(void *h, uint32_t whence, int64_t start, int64_t length, int64_t *first,
			int64_t *last)
{
	int64_t size = 0, r = whence == SEEK_END && server->size ? server->size(h, &size) : 0;

	if (r)
		return r;
	return lock_range(whence, start, length, info_of(h).pos, size, first, last);
}

/* Whether h's access mode allows a lock of type (Linux's check_fmode_for_setlk). */
static int mode_allows(void *h, uint32_t type)
{
	uint32_t acc = info_of(h).flags & O_ACCMODE;

	if (type == F_RDLCK)
		return acc == O_RDONLY || acc == O_RDWR;
	if (type == F_WRLCK)
		return acc == O_WRONLY || acc == O_RDWR;
	return 1;
}

/* Check a range request on h and fill w with it; the owner is not yet known. */
static int64_t decode_lock(void *h, uint32_t type, uint32_t whence, int64_t start, int64_t length,
			   struct wait *w)
{
	int64_t r;

	if (info_of(h).flags & O_PATH)
		return -EBADF;
	if ((r = range_of(h, whence, start, length, &w->first, &w->last)))
		return r;
	if (type != F_RDLCK && type != F_WRLCK && type != F_UNLCK)
		return -EINVAL;
	if (!mode_allows(h, type))
		return -EBADF;
	w->type = type;
	w->handle = h;
	return 0;
}

/* Do w's request on h's file: its result, or RPC_NO_REPLY when it waits (w kept). */
static int64_t request(void *h, struct wait *w, int wait)
{
	int releases = w->type == (w->flock ? LOCK_UN : F_UNLCK);
	struct lock_file_id file = info_of(h).file;
	struct lock_file *f = releases ? file_find(file) : file_of(file);
	int changed;
	int64_t r;

	if (!f)
		return releases ? 0 : -ENOLCK;
	r = attempt(f, w, &changed);
	if (r == -EAGAIN && wait) {
		struct wait **link = &f->waits;
		while (*link)
			link = &(*link)->next;
		*link = w;
		r = RPC_NO_REPLY;
	}
	if (changed)
		retry(f);
	else
		file_tidy(f);
	return r;
}

int64_t fs_lock(struct rpc_ctx *ctx, port_name_t owner, int32_t pid, uint32_t wait, uint32_t type,
		uint32_t whence, int64_t start, int64_t length)
{
	void *h;
	struct wait *w = calloc(1, sizeof(*w));
	int64_t r = handle_of_request(ctx, &h);

	if (!r)
		r = w ? decode_lock(h, type, whence, start, length, w) : -ENOLCK;
	if (!r && owner == PORT_NULL && pid != 0)
		r = -EINVAL; /* an OFD lock's l_pid must be 0 */
	if (r)
		rpc_release_right(owner, MSG_MOVE_SEND);
	else if (owner != PORT_NULL)
		r = owner_of(owner, pid, &w->process);
	if (r) {
		free(w);
		return r;
	}
	w->owner = w->process ? (const void *)w->process : info_of(h).description;
	w->pid = w->process ? pid : -1;
	w->reply = ctx->reply;
	r = request(h, w, wait != 0);
	if (r != RPC_NO_REPLY)
		free(w);
	owners_tidy();
	return r;
}

/* The lock of f that keeps who from type on first..last, into the reply's fields. */
static void report_conflict(struct lock_file *f, const void *who, uint32_t type, int64_t first,
			    int64_t last, uint32_t *held_type, int64_t *held_start,
			    int64_t *held_length, int32_t *held_pid)
{
	const struct lock *c = f ? conflict(f, who, type, first, last) : NULL;

	*held_type = F_UNLCK, *held_start = *held_length = 0, *held_pid = 0;
	if (!c)
		return;
	*held_type = c->type, *held_start = c->first, *held_pid = c->pid;
	*held_length = c->last == LOCK_OFFSET_MAX ? 0 : c->last - c->first + 1;
}

/* F_GETLK (owner a process's) or F_OFD_GETLK (PORT_NULL): no access mode needed. */
int64_t fs_test_lock(struct rpc_ctx *ctx, port_name_t owner, uint32_t type, uint32_t whence,
		     int64_t start, int64_t length, uint32_t *held_type, int64_t *held_start,
		     int64_t *held_length, int32_t *held_pid)
{
	void *h;
	struct owner *o = owner != PORT_NULL ? owner_find(owner) : NULL;
	int64_t first, last, r = handle_of_request(ctx, &h);
	const void *who = o ? (const void *)o : &nobody;

	rpc_release_right(owner, MSG_MOVE_SEND); /* an owner known keeps its own */
	*held_type = F_UNLCK, *held_start = *held_length = 0, *held_pid = 0;
	if (r)
		return r;
	if (owner == PORT_NULL)
		who = info_of(h).description;
	if (info_of(h).flags & O_PATH)
		return -EBADF;
	if (owner != PORT_NULL && type != F_RDLCK && type != F_WRLCK)
		return -EINVAL;
	if ((r = range_of(h, whence, start, length, &first, &last)))
		return r;
	if (type != F_RDLCK && type != F_WRLCK && type != F_UNLCK)
		return -EINVAL;
	if (type != F_UNLCK)
		report_conflict(file_find(info_of(h).file), who, type, first, last, held_type,
				held_start, held_length, held_pid);
	return 0;
}

int64_t fs_unlock_owner(struct rpc_ctx *ctx, port_name_t owner, uint32_t everywhere)
{
	void *h;
	struct owner *o = owner_find(owner);
	int64_t r = handle_of_request(ctx, &h);

	rpc_release_right(owner, MSG_MOVE_SEND);
	if (r || !o)
		return r;
	for (struct lock_file *f = files, *next; f; f = next) {
		next = f->next;
		if ((everywhere || same_file(info_of(h).file, f->file)) && lock_drop(&f->locks, o))
			retry(f);
	}
	owners_tidy();
	return 0;
}

int64_t fs_flock(struct rpc_ctx *ctx, uint32_t operation)
{
	void *h;
	struct wait *w;
	uint32_t type = operation & ~(uint32_t)LOCK_NB;
	int64_t r = handle_of_request(ctx, &h);

	if (r)
		return r;
	uint32_t flags = info_of(h).flags;
	if (type != LOCK_SH && type != LOCK_EX && type != LOCK_UN)
		return -EINVAL;
	if ((flags & O_PATH) || (type != LOCK_UN && (flags & O_ACCMODE) == O_ACCMODE))
		return -EBADF;
	if (!(w = calloc(1, sizeof(*w))))
		return -ENOLCK;
	*w = (struct wait){ .flock = 1,
			    .owner = info_of(h).description,
			    .handle = h,
			    .reply = ctx->reply,
			    .type = type };
	r = request(h, w, !(operation & LOCK_NB));
	if (r != RPC_NO_REPLY)
		free(w);
	return r;
}

/* Other waits through the handle end too; their calls, interrupted for nothing,
 * restart. */
void record_locks_interrupt(void *h)
{
	for (struct lock_file *f = files, *next; f; f = next) {
		next = f->next;
		end_waits(f, h, NULL, -EINTR);
		file_tidy(f);
	}
	owners_tidy();
}

void record_locks_handle_gone(void *h)
{
	for (struct lock_file *f = files, *next; f; f = next) {
		next = f->next;
		end_waits(f, h, NULL, -EBADF);
		file_tidy(f);
	}
	owners_tidy(); /* a POSIX wait may have ended with EDEADLK */
}

void record_locks_description_gone(const void *d)
{
	for (struct lock_file *f = files, *next; f; f = next) {
		next = f->next;
		lock_drop(&f->locks, d);
		flock_drop(&f->flocks, d);
		retry(f); /* also where purge dropped its locks before */
	}
}

/* An owner whose process is gone: its waits end, its locks go, and so does it. */
static void owner_gone(struct owner **link)
{
	struct owner *o = *link;

	for (struct lock_file *f = files, *next; f; f = next) {
		next = f->next;
		end_waits(f, NULL, o, -EINTR);
		lock_drop(&f->locks, o);
		retry(f); /* also where purge dropped its locks before */
	}
	*link = o->next;
	free(o);
	owners_tidy(); /* a POSIX wait may have ended with EDEADLK */
}

void record_locks_dead_name(port_name_t local, port_name_t name)
{
	struct owner **link = &owners;
	struct port_status st;

	/* a name let go (owners_tidy) before its notification came may name another
	 * port by now: only a dead name is the owner's */
	if (local != dead_names || port_status(name, &st) != KERN_SUCCESS ||
	    !(st.rights & RIGHT_DEAD_NAME))
		return;
	while (*link && (*link)->port != name)
		link = &(*link)->next;
	if (*link)
		owner_gone(link);
	port_mod_refs(name, RIGHT_DEAD_NAME, -(int32_t)st.send_refs);
}

int record_locks_any_in(const void *space)
{
	for (const struct lock_file *f = files; f; f = f->next)
		if (f->file.space == space)
			return 1;
	return 0;
}
