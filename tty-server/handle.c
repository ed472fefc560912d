/* The handles of terminals (handle.h): a list, as a system has few of them open. */
#include <errno.h>
#include <masque/rights.h>
#include <stdlib.h>
#include <trap.h>
#include "handle.h"

static struct handle *handles;

int64_t handle_new(struct terminal *terminal, uint32_t flags, uint32_t rdev,
		   const struct dev_node *node, struct handle **h)
{
	struct handle *n = malloc(sizeof(*n));
	int64_t name = port_allocate_member(tty_set, PORT_NOTIFY_NO_SENDERS);

	if (!n || name < 0) {
		free(n);
		if (name >= 0)
			port_destroy((port_name_t)name);
		return -ENFILE;
	}
	*n = (struct handle){ handles, (port_name_t)name, terminal, 0, flags, rdev, *node };
	dev_node_hold(node);
	handles = n;
	*h = n;
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
