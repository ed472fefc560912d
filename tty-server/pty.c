/* Pseudo-terminals (pty.h). */
#include <errno.h>
#include <format.h>
#include <fs.h>
#include <linux/fcntl.h>
#include <linux/stat.h>
#include <masque/rights.h>
#include <poll_wakes.h>
#include <rpc.h>
#include <stdlib.h>
#include <string.h>
#include <trap.h>
#include "handle.h"
#include "pty.h"
#include "terminal.h"

#define PTYS_MAX 64
#define READ_MAX 8192 /* FS_IO_INLINE: a read's reply carries at most this */

/* A read of the master that waits for the slave's output. */
struct master_read {
	struct master_read *next;
	port_name_t reply, handle;
	uint32_t length;
};

/* A write to the master that waits for room in the slave's input. */
struct master_write {
	struct master_write *next;
	port_name_t reply, handle;
	uint32_t length;
	uint8_t bytes[];
};

struct pty {
	struct terminal slave; /* first: the hooks find their pair from it */
	uint32_t index;
	int locked;
	uint32_t masters, slaves; /* open handles of each side */
	int slave_opened;	  /* once: its last close then ends the master's reads */
	struct master_read *reads;
	struct master_write *writes;
	int feeding; /* in feed: its loop goes on as reads make room */
	struct poll_wakes readable;
};

static struct pty *ptys[PTYS_MAX];
static port_name_t root;

void pty_init(port_name_t fs_root)
{
	root = fs_root;
}

static void node_path(uint32_t index, char path[32])
{
	snprintf(path, 32, "/dev/pts/%u", index);
}

/* Whether the master's reads must end: the slave was opened and is closed again. */
static int slave_gone(const struct pty *p)
{
	return p->slave_opened && !p->slaves;
}

/* Answer the master's waiting reads with what the slave wrote. */
static void serve_master_reads(struct pty *p)
{
	static uint8_t buf[READ_MAX];

	while (p->reads && (ldisc_output_pending(&p->slave.ld) || slave_gone(p))) {
		struct master_read *r = p->reads;
		uint32_t n = ldisc_output(&p->slave.ld, buf, r->length);
		p->reads = r->next;
		fs_read_reply(r->reply, n ? 0 : -EIO, buf, n);
		free(r);
	}
}

/* The slave's output hook: its queue is the master's to read. */
static void slave_output(struct terminal *t)
{
	struct pty *p = (struct pty *)t;

	serve_master_reads(p);
	if (ldisc_output_pending(&p->slave.ld))
		poll_wakes_fire(&p->readable);
	terminal_output_drained(t);
}

/* Into the slave's input, what fits of bytes: how many went. Reads it answers make
 * room as it goes. */
static uint32_t feed(struct pty *p, const uint8_t *bytes, uint32_t n)
{
	uint32_t i = 0;

	p->feeding = 1;
	while (i < n && ldisc_input_room(&p->slave.ld))
		terminal_receive(&p->slave, bytes[i++]);
	p->feeding = 0;
	return i;
}

/* The oldest of the master's waiting writes, answered with what fits of it now; with
 * -EIO once the slave is gone (no read will make room) or end is set. */
static void answer_master_write(struct pty *p, int end)
{
	struct master_write *w = p->writes;

	p->writes = w->next;
	fs_write_reply(w->reply,
		       end || slave_gone(p) ? -EIO : (int64_t)feed(p, w->bytes, w->length));
	free(w);
}

static void serve_master_writes(struct pty *p)
{
	while (p->writes && (ldisc_input_room(&p->slave.ld) || slave_gone(p)))
		answer_master_write(p, 0);
}

/* The slave's input hook: what was read or dropped makes room for the master's. */
static void slave_input_room(struct terminal *t)
{
	struct pty *p = (struct pty *)t;

	if (p->feeding)
		return;
	serve_master_writes(p);
	if (ldisc_input_room(&p->slave.ld))
		poll_wakes_fire(&p->readable);
}

/* The slave's node at path, owned by uid/gid. */
static int64_t make_node(const char *path, uint32_t index, uint32_t uid, uint32_t gid)
{
	port_name_t node;
	uint32_t type;
	int64_t r;

	rpc_fs_unlink(root, path, 0); /* one a crash left behind */
	if ((r = rpc_fs_mknod(root, path, S_IFCHR | 0620, PTS_MAJOR << 8 | index)) < 0)
		return r;
	if ((r = rpc_fs_open(root, path, O_PATH | O_NOFOLLOW, 0, &node, &type)) < 0)
		return r;
	r = rpc_fs_chown(node, uid, gid);
	port_mod_refs(node, RIGHT_SEND, -1);
	return r < 0 ? r : 0;
}

int64_t pty_open_master(uint32_t flags, uint32_t uid, uint32_t gid, const struct dev_node *node,
			struct handle **h)
{
	char path[32];
	uint32_t i = 0;
	int64_t r;

	while (i < PTYS_MAX && ptys[i])
		i++;
	if (i == PTYS_MAX || !root)
		return -ENOSPC;
	struct pty *p = calloc(1, sizeof(*p));
	if (!p)
		return -ENOMEM;
	terminal_init(&p->slave, slave_output);
	p->slave.input_room = slave_input_room;
	p->index = i;
	p->locked = 1;
	node_path(i, path);
	if ((r = make_node(path, i, uid, gid)) ||
	    (r = handle_new(0, flags, PTMX_MAJOR << 8 | PTMX_MINOR, node, h))) {
		rpc_fs_unlink(root, path, 0);
		free(p);
		return r;
	}
	(*h)->pty = p;
	p->masters = 1;
	ptys[i] = p;
	return 0;
}

int64_t pty_open_slave(uint32_t index, uint32_t flags, const struct dev_node *node,
		       struct handle **h)
{
	struct pty *p = index < PTYS_MAX ? ptys[index] : 0;
	int64_t r;

	if (!p)
		return -ENXIO;
	if (p->locked || !p->masters)
		return -EIO;
	if ((r = handle_new(&p->slave, flags, PTS_MAJOR << 8 | index, node, h)))
		return r;
	pty_slave_added(p, *h);
	return 0;
}

void pty_slave_added(struct pty *p, struct handle *h)
{
	h->pty = p;
	p->slaves++;
	p->slave_opened = 1;
}

/* Both sides closed: the pair and its node go. */
static void pty_free(struct pty *p)
{
	char path[32];

	while (p->writes) /* nobody is left to read */
		answer_master_write(p, 1);
	node_path(p->index, path);
	rpc_fs_unlink(root, path, 0);
	ptys[p->index] = 0;
	poll_wakes_fire(&p->readable);
	free(p);
}

void pty_closed(struct pty *p, int master)
{
	if (master) {
		p->masters--;
		if (!p->masters)
			terminal_hangup(&p->slave);
	} else {
		p->slaves--;
		serve_master_reads(p); /* the last one: they end */
		serve_master_writes(p);
		poll_wakes_fire(&p->readable);
	}
	if (!p->masters && !p->slaves)
		pty_free(p);
}

int64_t pty_master_read(struct handle *h, port_name_t reply, uint32_t length, void *buf)
{
	struct pty *p = h->pty;
	struct master_read *r;
	uint32_t n;

	if (length > READ_MAX)
		length = READ_MAX;
	if (!p->reads && (n = ldisc_output(&p->slave.ld, buf, length))) {
		terminal_output_drained(&p->slave);
		return n;
	}
	if (slave_gone(p))
		return -EIO;
	if (h->flags & O_NONBLOCK)
		return -EAGAIN;
	if (!(r = malloc(sizeof(*r))))
		return -ENOMEM;
	*r = (struct master_read){ 0, reply, h->port, length };
	struct master_read **q = &p->reads;
	while (*q)
		q = &(*q)->next;
	*q = r;
	return RPC_NO_REPLY;
}

int64_t pty_master_write(struct handle *h, port_name_t reply, const void *bytes, uint32_t n)
{
	struct pty *p = h->pty;
	struct master_write *w;

	if (!p->writes && (ldisc_input_room(&p->slave.ld) || !n))
		return feed(p, bytes, n);
	if (slave_gone(p))
		return -EIO;
	if (h->flags & O_NONBLOCK)
		return -EAGAIN;
	if (!(w = malloc(sizeof(*w) + n)))
		return -ENOMEM;
	*w = (struct master_write){ 0, reply, h->port, n };
	memcpy(w->bytes, bytes, n);
	struct master_write **q = &p->writes;
	while (*q)
		q = &(*q)->next;
	*q = w;
	return RPC_NO_REPLY;
}

uint32_t pty_master_poll(struct handle *h, uint32_t events, port_name_t wake)
{
	struct pty *p = h->pty;
	uint32_t revents = 0;

	if (ldisc_input_room(&p->slave.ld))
		revents |= POLLOUT | POLLWRNORM;
	if (ldisc_output_pending(&p->slave.ld))
		revents |= POLLIN | POLLRDNORM;
	if (slave_gone(p))
		revents |= POLLHUP;
	return poll_answer(&p->readable, revents, events, wake);
}

void pty_master_interrupt(struct handle *h)
{
	for (struct master_read **q = &h->pty->reads, *r; (r = *q);) {
		if (r->handle != h->port) {
			q = &r->next;
			continue;
		}
		*q = r->next;
		fs_read_reply(r->reply, -EINTR, 0, 0);
		free(r);
	}
	for (struct master_write **q = &h->pty->writes, *w; (w = *q);) {
		if (w->handle != h->port) {
			q = &w->next;
			continue;
		}
		*q = w->next;
		fs_write_reply(w->reply, -EINTR);
		free(w);
	}
}

struct terminal *pty_terminal(struct pty *p)
{
	return &p->slave;
}

uint32_t pty_index(const struct pty *p)
{
	return p->index;
}

void pty_lock(struct pty *p, int locked)
{
	p->locked = locked;
}

struct pty *pty_of_slave(struct terminal *t)
{
	for (int i = 0; i < PTYS_MAX; i++)
		if (ptys[i] && &ptys[i]->slave == t)
			return ptys[i];
	return 0;
}

uint64_t pty_deadline(void)
{
	uint64_t first = 0;

	for (int i = 0; i < PTYS_MAX; i++) {
		uint64_t d = ptys[i] ? terminal_deadline(&ptys[i]->slave) : 0;
		if (d && (!first || d < first))
			first = d;
	}
	return first;
}

void pty_timeout(void)
{
	for (int i = 0; i < PTYS_MAX; i++)
		if (ptys[i])
			terminal_timeout(&ptys[i]->slave);
}

struct terminal *pty_of_procs(port_name_t procs)
{
	for (int i = 0; i < PTYS_MAX; i++)
		if (ptys[i] && ptys[i]->slave.sid && ptys[i]->slave.procs == procs)
			return &ptys[i]->slave;
	return 0;
}

struct terminal *pty_of_session(port_name_t procs, int32_t sid)
{
	for (int i = 0; i < PTYS_MAX; i++)
		if (ptys[i] && ptys[i]->slave.sid == sid && ptys[i]->slave.procs == procs)
			return &ptys[i]->slave;
	return 0;
}
