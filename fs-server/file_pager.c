/* The pager of mapped files. */
#include <errno.h>
#include <ipc.h>
#include <masque/pager.h>
#include <masque/rights.h>
#include <masque/vm.h>
#include <notify.h>
#include <pager.h>
#include <rpc.h>
#include <self.h>
#include <stdlib.h>
#include <string.h>
#include <trap.h>
#include "file_pager.h"
#include "handle.h"

#define PAGE 4096

struct mapped {
	struct node node;
	port_name_t object;  /* the memory object port (receive right, in the handle set) */
	port_name_t control; /* the kernel's control port, once pager.init came */
	struct mapped *next;
};

static struct mapped *all;

static struct mapped *by_port(port_name_t port)
{
	for (struct mapped *m = all; m; m = m->next)
		if (m->object == port)
			return m;
	return NULL;
}

/* The object a pager message came to, if the kernel sent it: a client holds the object's
 * port too (to map it), and a forged return would write a file it may only read. */
static struct mapped *kernel_says(const struct rpc_ctx *ctx)
{
	return ctx->from_kernel ? by_port(ctx->local) : NULL;
}

static struct mapped *by_node(struct node n)
{
	for (struct mapped *m = all; m; m = m->next)
		if (m->node.vol->base == n.vol->base && m->node.ino == n.ino) /* binds too */
			return m;
	return NULL;
}

/* The object of node's file, made if need be. */
static int object_of(struct node node, struct mapped **out)
{
	struct mapped *m = by_node(node);

	if (m) {
		*out = m;
		return 0;
	}
	int64_t port = port_allocate_member(handle_set, PORT_NOTIFY_NO_SENDERS);
	if (port < 0)
		return -ENOMEM;
	int err = node.vol->ops->inode_get(node.vol->fs, node.ino);
	if (!err && !(m = calloc(1, sizeof(*m)))) {
		node.vol->ops->inode_put(node.vol->fs, node.ino);
		err = -ENOMEM;
	}
	if (err) {
		port_destroy(port);
		return err;
	}
	*m = (struct mapped){ .node = node, .object = port, .next = all };
	all = m;
	*out = m;
	return 0;
}

int file_pager_view(struct node node, int writable, port_name_t *view)
{
	struct mapped *m;
	int err = object_of(node, &m);

	if (err)
		return err;
	int64_t v =
		memory_object_view(m->object, writable ? VM_PROT_ALL : VM_PROT_READ | VM_PROT_EXEC);
	if (v < 0) {
		if (!port_has_senders(m->object))
			file_pager_forget(m->object); /* made for this view: nobody else has it */
		return -ENOMEM;
	}
	*view = (port_name_t)v;
	return 0;
}

int file_pager_any_on(const struct volume *vol)
{
	for (struct mapped *m = all; m; m = m->next)
		if (m->node.vol == vol)
			return 1;
	return 0;
}

/* Let go of a control port right, which is a dead name once the kernel's object has
 * gone: a send right's release would fail on it and leave the name behind. */
static void release_control(port_name_t control)
{
	rpc_release_right(control, MSG_MOVE_SEND);
}

int file_pager_forget(port_name_t port)
{
	struct mapped **link = &all;

	while (*link && (*link)->object != port)
		link = &(*link)->next;
	struct mapped *m = *link;
	if (!m)
		return 0;
	*link = m->next;
	release_control(m->control);
	port_destroy(m->object);
	m->node.vol->ops->inode_put(m->node.vol->fs, m->node.ino);
	free(m);
	return 1;
}

void pager_init(struct rpc_ctx *ctx, port_name_t control, uint64_t page_size)
{
	struct mapped *m = kernel_says(ctx);

	(void)page_size;
	if (!m || m->control != PORT_NULL) { /* not ours, or a second init: keep the first */
		release_control(control);
		return;
	}
	m->control = control;
}

void pager_request(struct rpc_ctx *ctx, uint64_t offset, uint64_t length, uint32_t access)
{
	static uint8_t page[PAGE];
	struct mapped *m = kernel_says(ctx);
	struct vfs_stat st;

	(void)access;
	if (!m || m->control == PORT_NULL)
		return;
	for (uint64_t at = offset; at < offset + length; at += PAGE) {
		int64_t n = m->node.vol->ops->stat(m->node.vol->fs, m->node.ino, &st);
		if (!n && at >= st.size)
			n = -EFAULT; /* past the end of the file: the mapper gets a memory error */
		if (!n)
			n = m->node.vol->ops->read(m->node.vol->fs, m->node.ino, at, page, PAGE);
		if (n < 0) {
			pager_error(m->control, at, PAGE);
			continue;
		}
		memset(page + n, 0, PAGE - (uint64_t)n); /* the rest of the last page */
		pager_supply(m->control, at, page, PAGE, 0);
	}
}

/* Write returned pages back to the file, but never past its end: a mapping cannot
 * make a file longer. */
static void write_back(struct mapped *m, const uint8_t *pages, uint64_t offset, uint64_t length)
{
	struct vfs_stat st;

	if (m->node.vol->ops->stat(m->node.vol->fs, m->node.ino, &st) || offset >= st.size)
		return;
	if (length > st.size - offset)
		length = st.size - offset;
	m->node.vol->ops->write(m->node.vol->fs, m->node.ino, offset, pages, length);
}

void pager_return(struct rpc_ctx *ctx, void *pages, uint32_t pages_size, uint64_t offset,
		  uint64_t length, uint32_t kept)
{
	struct mapped *m = kernel_says(ctx);

	(void)kept;
	if (m && pages && length <= pages_size)
		write_back(m, pages, offset, length);
	if (pages)
		vm_deallocate(self_task, (uint64_t)pages, pages_size);
}

void pager_unlock(struct rpc_ctx *ctx, uint64_t offset, uint64_t length, uint32_t access)
{
	struct mapped *m = kernel_says(ctx);

	(void)access;
	if (m && m->control != PORT_NULL)
		pager_lock(m->control, offset, length, 0, 0); /* we lock nothing */
}

/* The kernel's object is gone (nobody maps the file now): its control port with it.
 * The memory object port stays while clients hold it; a new mapping makes a new
 * kernel object, whose init brings a new control port. */
void pager_terminate(struct rpc_ctx *ctx)
{
	struct mapped *m = kernel_says(ctx);

	if (m && m->control != PORT_NULL) {
		release_control(m->control);
		m->control = PORT_NULL;
	}
}

int file_pager_demux(struct msg_header *in, struct msg_header *out)
{
	return by_port(in->local) ? pager_demux(in, out) : 0;
}

/* Take the messages the kernel has queued for m's object now (the returns a lock
 * call just sent): they are served before the request that caused them goes on. */
static void drain(struct mapped *m)
{
	union {
		struct msg_header h;
		char room[PAGER_REQUEST_MAX];
	} in, out;

	while (msg_receive_timeout(m->object, &in.h, sizeof(in), 1) == KERN_SUCCESS)
		if (!pager_demux(&in.h, &out.h) && in.h.id == NOTIFY_NO_SENDERS_ID) {
			file_pager_forget(m->object); /* m is gone with it */
			return;
		}
}

void file_pager_sync(struct node node, uint64_t start, uint64_t end, int drop)
{
	struct mapped *m = by_node(node);

	if (!m || m->control == PORT_NULL || end <= start)
		return;
	start &= ~(uint64_t)(PAGE - 1);
	end = (end + PAGE - 1) & ~(uint64_t)(PAGE - 1);
	pager_lock(m->control, start, end - start, drop ? PAGER_LOCK_FLUSH : PAGER_LOCK_CLEAN, 0);
	drain(m);
}

void file_pager_sync_all(const struct volume *vol)
{
	struct mapped *m = all, *next;

	for (; m; m = next) {
		next = m->next; /* the sync may serve m's last no-senders, which frees m */
		if (!vol || m->node.vol->base == vol->base)
			file_pager_sync(m->node, 0, FILE_PAGER_END, 0);
	}
}
