/* The handles of block nodes (handle.h): a list, as a system has few of them open. */
#include <errno.h>
#include <linux/fcntl.h>
#include <masque/error.h>
#include <masque/rights.h>
#include <stdlib.h>
#include <trap.h>
#include "handle.h"

static struct handle *handles;

int64_t handle_new(struct volume *vol, uint32_t minor, uint32_t flags, const struct dev_node *node,
		   struct handle **h)
{
	struct handle *n = malloc(sizeof(*n));
	int64_t name = port_allocate(RIGHT_RECEIVE);

	if (!n || name < 0 || port_move_member((port_name_t)name, blkdev_set) ||
	    port_request_notify((port_name_t)name, NOTIFY_NO_SENDERS, (port_name_t)name)) {
		free(n);
		if (name >= 0)
			port_destroy((port_name_t)name);
		return -ENFILE;
	}
	*n = (struct handle){ .next = handles,
			      .port = (port_name_t)name,
			      .vol = vol,
			      .minor = minor,
			      .flags = flags & ~(uint32_t)O_EXCL,
			      .exclusive = !!(flags & O_EXCL),
			      .node = *node };
	dev_node_hold(node);
	handles = n;
	*h = n;
	return 0;
}

/* Whether h's client still holds it: a closed handle's no-senders notification may be
 * queued behind the open that asks (mke2fs claims a disk, closes it, claims it again). */
static int held(const struct handle *h)
{
	struct port_status st;

	return port_status(h->port, &st) == KERN_SUCCESS && st.has_senders;
}

int handle_claimed(const struct volume *vol)
{
	for (struct handle *h = handles; h; h = h->next)
		if (h->vol == vol && h->exclusive && held(h))
			return 1;
	return 0;
}

int handle_on_partition(uint32_t disk)
{
	for (struct handle *h = handles; h; h = h->next)
		if (h->minor / VIRTBLK_MINORS == disk && h->minor % VIRTBLK_MINORS && held(h))
			return 1;
	return 0;
}

struct handle *handle_of(port_name_t port)
{
	struct handle *h = handles;

	while (h && h->port != port)
		h = h->next;
	return h;
}

void handle_free(port_name_t port)
{
	struct handle **link = &handles, *h;

	while (*link && (*link)->port != port)
		link = &(*link)->next;
	if (!(h = *link))
		return;
	*link = h->next;
	port_destroy(h->port);
	dev_node_release(&h->node);
	free(h);
}
