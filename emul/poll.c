/*
 * poll, ppoll, select and pselect6. Each descriptor's server says what holds on it
 * through the file protocol's poll (interfaces/fs.defs). A call that has to wait makes
 * a port for the round and gives every server a send-once right to it, which the server
 * destroys when something changes; the call sleeps on the port until a message comes,
 * the deadline passes or a signal breaks the wait, and asks again with a fresh port:
 * the rights of the earlier round are dead then, and the servers forget them.
 */
#include <errno.h>
#include <fs.h>
#include <ipc.h>
#include <linux/poll.h>
#include <linux/time.h>
#include <linux/time_types.h>
#include <masque/rights.h>
#include <poll_wakes.h>
#include <rpc.h>
#include <trap.h>
#include "clock.h"
#include "fd.h"
#include "process.h"
#include "signal.h"
#include "syscall.h"
#include "thread.h"

#define NS	1000000000ull
#define FOREVER UINT64_MAX /* a deadline that never comes */

/* What select's three sets mean in poll's terms (Linux's POLLIN_SET, POLLOUT_SET and
 * POLLEX_SET). */
#define SELECT_IN  (POLLRDNORM | POLLRDBAND | POLLIN | POLLHUP | POLLERR)
#define SELECT_OUT (POLLWRBAND | POLLWRNORM | POLLOUT | POLLERR)
#define SELECT_EX  POLLPRI

#define WORDS ((FD_MAX + 63) / 64) /* of an fd_set as select sees it */

/* Wakes that bring nothing before the call pauses after each further one, and the
 * pauses (doubling). */
#define IDLE_WAKES_BEFORE_PAUSE 3
#define PAUSE_FIRST		1000000ull  /* 1 ms */
#define PAUSE_MAX		16000000ull /* 16 ms */

/* ppoll's and pselect6's sixth argument: the mask and its size. */
struct sigset_argpack {
	const uint64_t *set;
	uint64_t size;
};

static uint64_t now(void)
{
	uint64_t ns = 0;

	clock_now_ns(CLOCK_MONOTONIC, &ns);
	return ns;
}

/* The deadline timeout ns from now (FOREVER past the clock's range). */
static uint64_t deadline_after(uint64_t timeout)
{
	uint64_t t = now();

	return timeout >= FOREVER - t ? FOREVER : t + timeout;
}

static uint64_t time_left(uint64_t deadline)
{
	uint64_t t = now();

	return deadline > t ? deadline - t : 0;
}

/* Which of p's events hold on its descriptor (POLLNVAL if it is not open); wake is
 * the round's port or PORT_NULL. -EINTR if a signal broke off the question. */
static int64_t ask(const struct pollfd *p, port_name_t wake)
{
	port_name_t h = fd_handle(p->fd);
	uint32_t events = (uint16_t)p->events, revents = POLLNVAL;
	int64_t r = h ? rpc_fs_poll(h, events, wake, &revents) : 0;

	if (r == KERN_ABORTED)
		return -EINTR;
	if (r < 0)
		revents = POLLERR; /* its server failed: the descriptor can only fail */
	return revents & events;
}

/* One round over the n entries (negative descriptors left out, as Linux does): each
 * one's revents, and how many have some. Once one has, the rest need no wake. */
static int64_t ask_all(struct pollfd *fds, uint32_t n, port_name_t wake)
{
	int64_t ready = 0;

	for (uint32_t i = 0; i < n; i++) {
		int64_t r = fds[i].fd < 0 ? 0 : ask(&fds[i], ready ? PORT_NULL : wake);
		if (r < 0)
			return r;
		fds[i].revents = (short)r;
		ready += r != 0;
	}
	return ready;
}

/* Sleep on port until a message comes (a server destroyed its wake, or anything else
 * did: the caller asks again in any case) or the deadline passes: 0, or -EINTR for a
 * signal, pending already or breaking the wait (signal_after_call restarts the call or
 * lets it fail as Linux does). */
static int64_t sleep_on(port_name_t port, uint64_t deadline)
{
	union {
		struct msg_header h;
		uint8_t room[256];
	} m;

	if (signal_ready(this_thread()))
		return -EINTR;
	int64_t r = deadline == FOREVER
			    ? msg_receive(port, &m.h, sizeof(m))
			    : msg_receive_timeout(port, &m.h, sizeof(m), time_left(deadline));

	if (r == KERN_SUCCESS) { /* what a server sent beside the wake is not wanted */
		rpc_release_descs(&m.h);
		rpc_release_right(m.h.remote, MSG_BITS_REMOTE(m.h.bits));
	}
	if (r == KERN_ABORTED)
		return -EINTR;
	if (r == KERN_SUCCESS || r == KERN_TIMED_OUT || r == KERN_MSG_TOO_LARGE)
		return 0;
	return -EIO;
}

/* Sleep, on a port nobody can send to, until the pause or the deadline ends. */
static int64_t pause_until(uint64_t deadline, uint64_t pause)
{
	int64_t port = port_allocate(RIGHT_RECEIVE), r;
	uint64_t end = deadline_after(pause);

	if (port < 0)
		return -ENOMEM;
	r = sleep_on((port_name_t)port, end < deadline ? end : deadline);
	port_destroy((port_name_t)port);
	return r;
}

/* One round that waits: every entry asked with a wake to a fresh port, then a sleep on
 * it unless one is ready. The number ready (0 after a sleep), or -EINTR or -ENOMEM. */
static int64_t armed_round(struct pollfd *fds, uint32_t n, uint64_t deadline)
{
	int64_t port = port_allocate(RIGHT_RECEIVE), r;

	if (port < 0)
		return -ENOMEM;
	r = ask_all(fds, n, (port_name_t)port);
	if (!r)
		r = sleep_on((port_name_t)port, deadline);
	port_destroy((port_name_t)port);
	return r;
}

/* Fill in the revents of the n entries, waiting until one has some or the deadline
 * (FOREVER: none; now or past: only ask) passes; mask (if not NULL) is the signal mask
 * while it waits, and stays for the handler of a signal that breaks the wait, as
 * rt_sigsuspend's does. The number of entries with revents, or -EINTR or -ENOMEM.
 * After a wake (or the deadline) it asks without a port first: a wake mostly means
 * that something is ready, and then no port need be made. Once wakes have brought
 * nothing a few times (more waiters on one object than its server keeps wakes for,
 * so that it wakes the oldest early; or a server that wakes at once), each further
 * such wake is followed by a pause before the call waits again, so that no server can
 * make it spin. */
static int64_t wait_ready(struct pollfd *fds, uint32_t n, uint64_t deadline, const uint64_t *mask)
{
	struct emul_thread *self = this_thread();
	uint64_t old_mask = self->blocked, pause = PAUSE_FIRST;
	uint32_t idle_wakes = 0;
	int woken = 0; /* the last round slept on its wakes */
	int64_t r;

	if (mask)
		self->blocked = *mask & ~UNBLOCKABLE;
	for (;;) {
		if (woken || !time_left(deadline)) {
			r = ask_all(fds, n, PORT_NULL);
			if (r || !time_left(deadline))
				break;
		}
		if (woken && ++idle_wakes > IDLE_WAKES_BEFORE_PAUSE) {
			r = pause_until(deadline, pause);
			pause = pause * 2 < PAUSE_MAX ? pause * 2 : PAUSE_MAX;
			woken = 0;
		} else {
			r = armed_round(fds, n, deadline);
			woken = 1;
		}
		if (r)
			break;
	}
	if (mask && r == -EINTR) { /* a handler runs with mask, then the old one is back */
		self->sigsuspend_mask = old_mask;
		self->sigsuspended = 1;
	} else if (mask) {
		self->blocked = old_mask;
	}
	return r;
}

/* poll's work: the entries copied in (a bad address faults here, before anything is
 * held), waited on, and their revents copied out, as Linux does even after a signal.
 * POLLERR, POLLHUP and POLLNVAL count whether asked for or not. */
static int64_t poll_fds(struct pollfd *user, uint32_t nfds, uint64_t deadline, const uint64_t *mask)
{
	struct pollfd fds[FD_MAX];
	int64_t r;

	if (nfds > process_fd_limit() || nfds > FD_MAX)
		return -EINVAL;
	for (uint32_t i = 0; i < nfds; i++) {
		fds[i] = user[i];
		fds[i].events |= POLLERR | POLLHUP | POLLNVAL; /* reported unasked */
	}
	r = wait_ready(fds, nfds, deadline, mask);
	for (uint32_t i = 0; i < nfds; i++)
		user[i].revents = fds[i].revents;
	return r;
}

SYSCALL3(poll, struct pollfd *, fds, uint32_t, nfds, int, timeout_ms)
{
	uint64_t deadline =
		timeout_ms < 0 ? FOREVER : deadline_after((uint64_t)timeout_ms * 1000000);

	return poll_fds(fds, nfds, deadline, 0);
}

/* A timeout as Linux's poll_select_set_timeout takes it: -EINVAL unless valid. */
static int64_t check_timeout(int64_t sec, int64_t nsec)
{
	return sec < 0 || nsec < 0 || (uint64_t)nsec >= NS ? -EINVAL : 0;
}

static uint64_t timeout_ns(int64_t sec, int64_t nsec)
{
	return (uint64_t)sec > (FOREVER - (uint64_t)nsec) / NS
		       ? FOREVER
		       : (uint64_t)sec * NS + (uint64_t)nsec;
}

/* ppoll's and pselect6's timespec (NULL: none) as a timeout and its deadline; 0 or
 * -EINVAL. */
static int64_t timespec_deadline(const struct __kernel_timespec *ts, uint64_t *timeout,
				 uint64_t *deadline)
{
	int64_t r;

	if (ts) {
		if ((r = check_timeout(ts->tv_sec, ts->tv_nsec)))
			return r;
		*timeout = timeout_ns(ts->tv_sec, ts->tv_nsec);
	}
	*deadline = deadline_after(*timeout);
	return 0;
}

/* The signal mask ppoll and pselect6 take: NULL for none, -EINVAL for a size other
 * than a sigset_t's; copied into *mask. */
static int64_t take_mask(const uint64_t *set, uint64_t size, uint64_t *mask)
{
	if (!set)
		return 0;
	if (size != sizeof(*mask))
		return -EINVAL;
	*mask = *set;
	return 1;
}

/* ppoll and pselect6 leave the time that was left in their timespec, unless it was
 * zero (Linux's poll_select_finish; Linux also ignores a timespec it cannot write,
 * which here fails the call with EFAULT). */
static void leave_time_left(struct __kernel_timespec *ts, uint64_t timeout, uint64_t deadline)
{
	if (!ts || !timeout)
		return;
	uint64_t left = time_left(deadline);
	*ts = (struct __kernel_timespec){ .tv_sec = (int64_t)(left / NS),
					  .tv_nsec = (int64_t)(left % NS) };
}

SYSCALL5(ppoll, struct pollfd *, fds, uint32_t, nfds, struct __kernel_timespec *, ts,
	 const uint64_t *, set, uint64_t, set_size)
{
	uint64_t timeout = FOREVER, deadline, mask;
	int64_t r, masked;

	if ((r = timespec_deadline(ts, &timeout, &deadline)))
		return r;
	if ((masked = take_mask(set, set_size, &mask)) < 0)
		return masked;
	r = poll_fds(fds, nfds, deadline, masked ? &mask : 0);
	leave_time_left(ts, timeout, deadline);
	return r;
}

/* Copy in a set of select's (NULL: empty), words 64-bit words of it. */
static void copy_set(uint64_t *to, const uint64_t *user, uint32_t words)
{
	for (uint32_t i = 0; i < words; i++)
		to[i] = user ? user[i] : 0;
}

static int has(const uint64_t *set, int fd)
{
	return set[fd / 64] >> (fd % 64) & 1;
}

/* What select makes of revents: Linux's select takes a descriptor that its poll calls
 * invalid (an O_PATH one) for a file without a poll operation. */
static short seen_by_select(short revents)
{
	return revents & POLLNVAL ? POLL_ALWAYS_READY : revents;
}

/* select's work for select and pselect6: the sets as poll entries (-EBADF if one names
 * a descriptor that is not open), waited on; the sets then say which are ready, in as
 * many whole words as they were read (Linux clears the bits past nfds in the last
 * one), written only on success, as Linux does. The number of bits set. */
static int64_t select_fds(int nfds, uint64_t *user[3], uint64_t deadline, const uint64_t *mask)
{
	static const short as_poll[3] = { SELECT_IN, SELECT_OUT, SELECT_EX };
	struct pollfd fds[FD_MAX];
	uint64_t sets[3][WORDS] = { 0 };
	uint32_t n = 0, words;
	int64_t r, bits = 0;

	if (nfds < 0)
		return -EINVAL;
	if (nfds > FD_MAX)
		nfds = FD_MAX; /* Linux stops at its descriptor table's size */
	words = ((uint32_t)nfds + 63) / 64;
	for (int s = 0; s < 3; s++)
		copy_set(sets[s], user[s], words);
	for (int fd = 0; fd < nfds; fd++) {
		short events = 0;
		for (int s = 0; s < 3; s++)
			events |= has(sets[s], fd) ? as_poll[s] : 0;
		if (!events)
			continue;
		if (!fd_handle(fd))
			return -EBADF;
		fds[n++] = (struct pollfd){ .fd = fd, .events = events | POLLNVAL };
	}
	if ((r = wait_ready(fds, n, deadline, mask)) < 0)
		return r;
	for (uint32_t i = 0; i < n; i++)
		for (int s = 0; s < 3; s++) {
			int ready = has(sets[s], fds[i].fd) &&
				    (seen_by_select(fds[i].revents) & as_poll[s]);
			sets[s][fds[i].fd / 64] &= ~(1ull << (fds[i].fd % 64));
			sets[s][fds[i].fd / 64] |= (uint64_t)ready << (fds[i].fd % 64);
			bits += ready;
		}
	for (int s = 0; s < 3; s++)
		for (uint32_t i = 0; user[s] && i < words; i++)
			user[s][i] =
				sets[s][i] &
				(i == words - 1 && nfds % 64 ? (1ull << (nfds % 64)) - 1 : ~0ull);
	return bits;
}

SYSCALL5(select, int, nfds, uint64_t *, in, uint64_t *, out, uint64_t *, ex,
	 struct __kernel_old_timeval *, tv)
{
	uint64_t *sets[3] = { in, out, ex }, timeout = FOREVER, deadline;
	int64_t r;

	if (tv) {
		/* whole seconds of microseconds move over, as Linux's kern_select does
		 * (where a sum past the range wraps) */
		int64_t sec = (int64_t)((uint64_t)tv->tv_sec + (uint64_t)(tv->tv_usec / 1000000)),
			nsec = tv->tv_usec % 1000000 * 1000;
		if ((r = check_timeout(sec, nsec)))
			return r;
		timeout = timeout_ns(sec, nsec);
	}
	deadline = deadline_after(timeout);
	r = select_fds(nfds, sets, deadline, 0);
	if (tv && timeout) {
		uint64_t left = time_left(deadline);
		*tv = (struct __kernel_old_timeval){ .tv_sec = (int64_t)(left / NS),
						     .tv_usec = (int64_t)(left % NS / 1000) };
	}
	return r;
}

SYSCALL6(pselect6, int, nfds, uint64_t *, in, uint64_t *, out, uint64_t *, ex,
	 struct __kernel_timespec *, ts, const struct sigset_argpack *, sig)
{
	uint64_t *sets[3] = { in, out, ex }, timeout = FOREVER, deadline, mask;
	struct sigset_argpack pack = sig ? *sig : (struct sigset_argpack){ 0 };
	int64_t r, masked;

	if ((r = timespec_deadline(ts, &timeout, &deadline)))
		return r;
	if ((masked = take_mask(pack.set, pack.size, &mask)) < 0)
		return masked;
	r = select_fds(nfds, sets, deadline, masked ? &mask : 0);
	leave_time_left(ts, timeout, deadline);
	return r;
}
