/* Where terminal handles come from: the fs-server's forwarded opens of the device nodes
 * (device.open: /dev/console, /dev/ttyS0, /dev/tty, /dev/ptmx, /dev/pts/N), /dev/tty's
 * resolution to the caller's controlling terminal (tty.controlling); and what the
 * process servers say (attach, make_controlling, session_ended). */
#include <asm/signal.h>
#include <device.h>
#include <errno.h>
#include <fs.h>
#include <fs_proto.h>
#include <linux/fcntl.h>
#include <linux/stat.h>
#include <masque/rights.h>
#include <rpc.h>
#include <tty.h>
#include "handle.h"
#include "procs.h"
#include "pty.h"
#include "terminal.h"
#include "tty_server.h"

#define KEPT_FLAGS (O_ACCMODE | O_NONBLOCK)

/* Linux's st_rdev of major:minor (minor below 256). */
static uint32_t rdev_of(uint32_t major, uint32_t minor)
{
	return major << 8 | minor;
}

/* The handle device major:minor stands for (opened for uid/gid), or -ENXIO. */
static int64_t open_device(uint32_t major, uint32_t minor, uint32_t flags, uint32_t uid,
			   uint32_t gid, const struct dev_node *node, struct handle **h)
{
	struct terminal *t = 0;

	if (major == PTMX_MAJOR && minor == PTMX_MINOR)
		return pty_open_master(flags & KEPT_FLAGS, uid, gid, node, h);
	if (major == PTS_MAJOR)
		return pty_open_slave(minor, flags & KEPT_FLAGS, node, h);

	if ((major == TTY_MAJOR && minor == TTYS0_MINOR) ||
	    (major == CONSOLE_MAJOR && minor == CONSOLE_MINOR))
		t = &console;
	else if (major != CONSOLE_MAJOR || minor != TTY_MINOR)
		return -ENXIO;
	return handle_new(t, flags & KEPT_FLAGS, rdev_of(major, minor), node, h);
}

void device_open(struct rpc_ctx *ctx, port_name_t client, uint32_t major, uint32_t minor,
		 uint32_t flags, uint32_t uid, uint32_t gid, uint64_t node_dev, uint64_t node_ino,
		 uint32_t node_mode, uint32_t node_uid, uint32_t node_gid, port_name_t node_file)
{
	struct dev_node node = { node_dev, node_ino, node_mode, node_uid, node_gid, node_file };
	struct handle *h;
	int64_t r = -EPERM;

	/* the fs-server judged the access to the node */
	if (ctx->local == device_port)
		r = open_device(major, minor, flags, uid, gid, &node, &h);
	dev_node_release(&node); /* a handle made holds its own */
	if (r)
		fs_open_reply(client, r, PORT_NULL, 0);
	else
		fs_open_reply(client, 0, h->port,
			      S_IFCHR | (h->terminal || h->pty ? 0 : FS_OPEN_CONTROLLING));
}

/* A terminal that controls a session of the process server of procs, or NULL. */
static struct terminal *of_procs(port_name_t procs)
{
	if (console.sid && console.procs == procs)
		return &console;
	return pty_of_procs(procs);
}

/* The terminal that controls session sid of the process server of procs, or NULL. */
static struct terminal *of_session(port_name_t procs, int32_t sid)
{
	if (console.sid == sid && console.procs == procs)
		return &console;
	return pty_of_session(procs, sid);
}

int64_t tty_controlling(struct rpc_ctx *ctx, port_name_t process, port_name_t *file)
{
	struct handle *h = handle_of(ctx->local), *n;
	struct terminal *t = 0;
	struct caller who;
	int64_t r = -ENXIO;

	*file = PORT_NULL;
	if (h && !h->terminal && !h->pty && !procs_identify(process, &who) && !who.no_tty)
		t = of_session(who.procs, who.sid);
	if (t && !(r = handle_new(t, h->flags, h->rdev, &h->node, &n))) {
		if (pty_of_slave(t))
			pty_slave_added(pty_of_slave(t), n);
		*file = n->port;
	}
	rpc_release_right(process, MSG_MOVE_SEND);
	return r;
}

int64_t tty_attach(struct rpc_ctx *ctx, port_name_t control, port_name_t *link)
{
	*link = PORT_NULL;
	if (ctx->local != service_port) {
		rpc_release_right(control, MSG_MOVE_SEND);
		return -EPERM;
	}
	return procs_attach(control, link);
}

int64_t tty_make_controlling(struct rpc_ctx *ctx, port_name_t terminal, int32_t sid, int32_t pgid)
{
	port_name_t procs = procs_of_link(ctx->local);
	/* ours: the right came back to the name of our receive right */
	struct handle *h = handle_of(terminal);

	rpc_release_right(terminal, MSG_MOVE_SEND);
	if (!procs)
		return -EPERM;
	if (!h || !h->terminal)
		return -ENOTTY;
	if (h->terminal->sid && (h->terminal->procs != procs || h->terminal->sid != sid))
		return -EPERM;
	h->terminal->procs = procs;
	h->terminal->sid = sid;
	h->terminal->pgrp = pgid;
	return 0;
}

void sessions_forget(port_name_t procs)
{
	struct terminal *t;

	while ((t = of_procs(procs)))
		t->procs = PORT_NULL, t->sid = t->pgrp = 0;
}

void tty_session_ended(struct rpc_ctx *ctx, int32_t sid)
{
	port_name_t procs = procs_of_link(ctx->local);
	struct terminal *t = procs ? of_session(procs, sid) : 0;

	if (!t)
		return;
	terminal_signal(t, SIGHUP);
	terminal_signal(t, SIGCONT);
	t->sid = t->pgrp = 0;
}
