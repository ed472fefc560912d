/*
 * The terminal ioctls (fs.ioctl): settings, window size, flushing and flow, and the
 * job-control ones, for which the caller is whom its process server says (procs.h):
 * the controlling terminal of a session (TIOCSCTTY, TIOCNOTTY), its foreground group
 * (TIOCGPGRP, TIOCSPGRP) and session (TIOCGSID), as Linux's tty_jobctrl.c decides.
 */
#include <asm/ioctls.h>
#include <asm/signal.h>
#include <asm/termbits.h>
#include <errno.h>
#include <fs.h>
#include <masque/rights.h>
#include <rpc.h>
#include <string.h>
#include "handle.h"
#include "procs.h"
#include "pty.h"
#include "terminal.h"

/* What one request got and gives. */
struct ioctl_args {
	const void *in;
	uint32_t in_len;
	uint8_t *out;
	uint32_t *out_len;
	port_name_t process;
};

/* The int the request was given (by value, or its pointee). */
static int64_t int_in(const struct ioctl_args *a, int32_t *v)
{
	if (a->in_len != sizeof(*v))
		return -EINVAL;
	memcpy(v, a->in, sizeof(*v));
	return 0;
}

static int64_t int_out(const struct ioctl_args *a, int32_t v)
{
	memcpy(a->out, &v, sizeof(v));
	*a->out_len = sizeof(v);
	return 0;
}

static int64_t set_termios(struct terminal *t, const struct ioctl_args *a, int flush)
{
	struct termios new;

	if (a->in_len != sizeof(new))
		return -EINVAL;
	memcpy(&new, a->in, sizeof(new));
	if (flush)
		ldisc_flush(&t->ld, LDISC_FLUSH_IN);
	ldisc_set(&t->ld, &new);
	terminal_settings_changed(t);
	return 0;
}

static int64_t set_window(struct terminal *t, const struct ioctl_args *a)
{
	struct winsize ws;

	if (a->in_len != sizeof(ws))
		return -EINVAL;
	memcpy(&ws, a->in, sizeof(ws));
	if (memcmp(&ws, &t->size, sizeof(ws))) {
		t->size = ws;
		terminal_signal(t, SIGWINCH);
	}
	return 0;
}

static int64_t flush(struct terminal *t, const struct ioctl_args *a)
{
	int32_t which;
	int64_t r = int_in(a, &which);

	if (r)
		return r;
	if (which < TCIFLUSH || which > TCIOFLUSH)
		return -EINVAL;
	ldisc_flush(&t->ld, which == TCIFLUSH	? LDISC_FLUSH_IN
			    : which == TCOFLUSH ? LDISC_FLUSH_OUT
						: LDISC_FLUSH_IN | LDISC_FLUSH_OUT);
	terminal_output_drained(t);
	terminal_input_taken(t);
	return 0;
}

/* TCXONC: output stopped or started; a STOP or START character sent. */
static int64_t flow(struct terminal *t, const struct ioctl_args *a)
{
	int32_t action;
	int64_t r = int_in(a, &action);

	if (r)
		return r;
	switch (action) {
	case TCOOFF:
	case TCOON:
		t->ld.stopped = action == TCOOFF;
		break;
	case TCIOFF:
	case TCION:
		ldisc_send_char(&t->ld, t->ld.t.c_cc[action == TCIOFF ? VSTOP : VSTART]);
		break;
	default:
		return -EINVAL;
	}
	t->output(t);
	return 0;
}

/* The requests anyone with the terminal open may make; NOT_PLAIN for others. */
#define NOT_PLAIN 1000
static int64_t plain(struct terminal *t, uint32_t request, const struct ioctl_args *a)
{
	switch (request) {
	case TCGETS:
		memcpy(a->out, &t->ld.t, sizeof(t->ld.t));
		*a->out_len = sizeof(t->ld.t);
		return 0;
	case TCSETS:
	case TCSETSW: /* output drains by itself, in order */
		return set_termios(t, a, 0);
	case TCSETSF:
		return set_termios(t, a, 1);
	case TIOCGWINSZ:
		memcpy(a->out, &t->size, sizeof(t->size));
		*a->out_len = sizeof(t->size);
		return 0;
	case TIOCSWINSZ:
		return set_window(t, a);
	case FIONREAD:
		return int_out(a, (int32_t)ldisc_readable(&t->ld));
	case TIOCOUTQ:
		return int_out(a, (int32_t)ldisc_output_pending(&t->ld));
	case TCFLSH:
		return flush(t, a);
	case TCXONC:
		return flow(t, a);
	case TCSBRK:
		return 0; /* tcdrain: the UART sends what is queued without being asked */
	default:
		return NOT_PLAIN;
	}
}

/* Whether t is the controlling terminal of who's session. */
static int controls(const struct terminal *t, const struct caller *who)
{
	return t->sid && t->sid == who->sid && t->procs == who->procs && !who->no_tty;
}

/* TIOCSCTTY: a session leader without a terminal takes t, if no session has it. */
static int64_t make_controlling(struct terminal *t, const struct caller *who)
{
	if (controls(t, who))
		return 0;
	if (who->pid != who->sid || t->sid)
		return -EPERM;
	t->procs = who->procs;
	t->sid = who->sid;
	t->pgrp = who->pgid;
	return 0;
}

/* TIOCSPGRP: a group of the session becomes the foreground. */
static int64_t set_foreground(struct terminal *t, const struct caller *who,
			      const struct ioctl_args *a)
{
	int32_t pgrp;
	int64_t r = int_in(a, &pgrp);

	if (r)
		return r;
	if (!controls(t, who))
		return -ENOTTY;
	if (pgrp < 0)
		return -EINVAL;
	if (procs_group_session(t->procs, pgrp) != t->sid)
		return -EPERM;
	t->pgrp = pgrp;
	return 0;
}

/* TIOCNOTTY: the session leader gives its terminal up, hanging it up for the
 * foreground group; another process of the session gives it up alone (the process
 * server remembers, for it and its children to come). */
static int64_t give_up(struct terminal *t, const struct caller *who, port_name_t process)
{
	if (!controls(t, who))
		return -ENOTTY;
	if (who->pid != who->sid)
		return procs_drop_tty(who, process);
	terminal_signal(t, SIGHUP);
	terminal_signal(t, SIGCONT);
	t->sid = t->pgrp = 0;
	return 0;
}

static int64_t job_control(struct terminal *t, uint32_t request, const struct ioctl_args *a)
{
	struct caller who;

	if (request != TIOCSCTTY && request != TIOCSPGRP && request != TIOCGPGRP &&
	    request != TIOCNOTTY && request != TIOCGSID)
		return -ENOTTY;
	if (procs_identify(a->process, &who))
		return -ENOTTY; /* no process of a server we know: no terminal of its */
	switch (request) {
	case TIOCSCTTY:
		return make_controlling(t, &who);
	case TIOCSPGRP:
		return set_foreground(t, &who, a);
	case TIOCNOTTY:
		return give_up(t, &who, a->process);
	case TIOCGPGRP:
		return controls(t, &who) ? int_out(a, t->pgrp) : -ENOTTY;
	default: /* TIOCGSID */
		return controls(t, &who) ? int_out(a, t->sid) : -ENOTTY;
	}
}

/* A pseudo-terminal master's own requests: its number, its lock. */
static int64_t master_request(struct pty *pty, uint32_t request, const struct ioctl_args *a)
{
	int32_t lock;
	int64_t r;

	if (request == TIOCGPTN)
		return int_out(a, (int32_t)pty_index(pty));
	if ((r = int_in(a, &lock)))
		return r;
	pty_lock(pty, lock != 0);
	return 0;
}

int64_t fs_ioctl(struct rpc_ctx *ctx, uint32_t request, port_name_t process, const void *arg_in,
		 uint32_t arg_in_len, void *arg_out, uint32_t *arg_out_len)
{
	struct handle *h = handle_of(ctx->local);
	struct ioctl_args a = { arg_in, arg_in_len, arg_out, arg_out_len, process };
	/* a master's settings are its slave's */
	struct terminal *t = !h ? 0 : h->terminal ? h->terminal : h->pty ? pty_terminal(h->pty) : 0;
	int64_t r = -EBADF;

	*arg_out_len = 0;
	if (h && h->pty && !h->terminal && (request == TIOCGPTN || request == TIOCSPTLCK))
		r = master_request(h->pty, request, &a);
	else if (t && (r = plain(t, request, &a)) == NOT_PLAIN)
		r = job_control(t, request, &a);
	rpc_release_right(process, MSG_MOVE_SEND);
	return r;
}
