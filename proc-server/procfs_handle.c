/*
 * /proc's handles (procfs.h): a port in the server's set for each open file of /proc,
 * standing for a node, the identity it was opened for, a position, and the text made
 * for it. A handle goes with its last send right (no-senders notification).
 */
#include <errno.h>
#include <linux/fcntl.h>
#include <masque/rights.h>
#include <notify.h>
#include <stdlib.h>
#include <string.h>
#include <trap.h>
#include "ops.h"
#include "procfs.h"
#include "procfs_handle.h"

static struct pfs_handle *handles;

struct pfs_handle *pfs_handle_of(port_name_t port)
{
	struct pfs_handle *h = handles;

	while (h && h->port != port)
		h = h->next;
	return h;
}

port_name_t pfs_handle_new(struct pfs_node n, const struct pfs_who *who, uint32_t flags)
{
	struct pfs_handle *h = calloc(1, sizeof(*h));
	port_name_t port = h ? port_in_set() : PORT_NULL;

	if (port && port_request_notify(port, NOTIFY_NO_SENDERS, port)) {
		port_destroy(port);
		port = PORT_NULL;
	}
	if (!port) {
		free(h);
		return PORT_NULL;
	}
	*h = (struct pfs_handle){
		.port = port, .node = n, .who = *who, .flags = flags, .next = handles
	};
	handles = h;
	return port;
}

int pfs_handle_gone(port_name_t port)
{
	struct pfs_handle **link = &handles, *h;

	while (*link && (*link)->port != port)
		link = &(*link)->next;
	if (!(h = *link))
		return 0;
	*link = h->next;
	port_destroy(port);
	free(h->text);
	free(h);
	return 1;
}

int pfs_handle_fill(struct pfs_handle *h)
{
	static char buf[PFS_TEXT_MAX];
	struct text t = { buf, 0, sizeof(buf) };
	int err = pfs_text(h->node, &t);

	if (err)
		return err;
	char *copy = malloc(t.len ? t.len : 1);
	if (!copy)
		return -ENOMEM;
	memcpy(copy, buf, t.len);
	free(h->text);
	h->text = copy;
	h->len = t.len;
	return 0;
}
