/* The table of attached file systems (attach.h): a short list. */
#include <errno.h>
#include <format.h>
#include <masque/error.h>
#include <masque/rights.h>
#include <notify.h>
#include <stdlib.h>
#include <string.h>
#include <trap.h>
#include "attach.h"
#include "handle.h"

struct attached {
	struct node covered;
	port_name_t server; /* a send right to its server's port for mounted.defs */
	char type[32], source[64];
	char *where;
	struct attached *next;
};

static struct attached *attached;
static port_name_t deaths; /* where the servers' dead-name notifications come */

/* Ask for the news of server's death (a server that ends leaves its directory as it
 * was, for the next one to attach on). */
static int watch(port_name_t server)
{
	if (!deaths) {
		int64_t port = port_allocate_member(handle_set, 0);
		if (port < 0)
			return -ENOMEM;
		deaths = (port_name_t)port;
	}
	return port_request_notify(server, NOTIFY_DEAD_NAME, deaths) == KERN_SUCCESS ? 0 : -EINVAL;
}

static struct attached **find(struct node n)
{
	struct attached **link = &attached;

	while (*link && !((*link)->covered.vol == n.vol && (*link)->covered.ino == n.ino))
		link = &(*link)->next;
	return link;
}

int attach_any_on(const struct volume *vol)
{
	for (struct attached *a = attached; a; a = a->next)
		if (a->covered.vol == vol)
			return 1;
	return 0;
}

/* Forget a: its directory is ours again; right is the kind of right we hold. */
static void forget(struct attached **link, uint32_t right)
{
	struct attached *a = *link;
	struct port_status st;

	*link = a->next;
	a->covered.vol->ops->inode_put(a->covered.vol->fs, a->covered.ino);
	if (right == RIGHT_DEAD_NAME && port_status(a->server, &st) == KERN_SUCCESS)
		port_mod_refs(a->server, RIGHT_DEAD_NAME, -(int32_t)st.send_refs);
	else
		port_mod_refs(a->server, right, -1);
	free(a->where);
	free(a);
}

int attach_add(struct node covered, port_name_t server, const char *type, const char *source,
	       const char *where)
{
	struct attached **there = find(covered);
	struct port_status st;

	/* a server gone whose notification has not come yet: its place is free */
	if (*there && port_status((*there)->server, &st) == KERN_SUCCESS &&
	    (st.rights & RIGHT_DEAD_NAME))
		forget(there, RIGHT_DEAD_NAME);
	if (*there)
		return -EBUSY;
	struct attached *a = calloc(1, sizeof(*a));
	char *w = malloc(strlen(where) + 1);
	int err = a && w ? watch(server) : -ENOMEM;

	if (!err)
		err = covered.vol->ops->inode_get(covered.vol->fs, covered.ino);

	if (err) {
		free(a);
		free(w);
		return err;
	}
	memcpy(w, where, strlen(where) + 1);
	*a = (struct attached){
		.covered = covered, .server = server, .where = w, .next = attached
	};
	strlcpy(a->type, type, sizeof(a->type));
	strlcpy(a->source, source, sizeof(a->source));
	attached = a;
	return 0;
}

port_name_t attach_server(struct node n)
{
	struct attached *a = *find(n);

	return a ? a->server : PORT_NULL;
}

int attach_remove(struct node n)
{
	struct attached **link = find(n), *a = *link;

	if (!a)
		return -EINVAL;
	forget(link, RIGHT_SEND);
	return 0;
}

int attach_dead_name(port_name_t local, port_name_t name)
{
	struct attached **link = &attached;
	struct port_status st;

	if (!deaths || local != deaths)
		return 0;
	/* a name forgotten before its notification came may name another server by now */
	if (port_status(name, &st) != KERN_SUCCESS || !(st.rights & RIGHT_DEAD_NAME))
		return 1;
	while (*link && (*link)->server != name)
		link = &(*link)->next;
	if (*link)
		forget(link, RIGHT_DEAD_NAME);
	return 1;
}

void attach_table(char *out, uint32_t room, uint32_t *len)
{
	for (struct attached *a = attached; a; a = a->next) {
		int n = snprintf(out + *len, room - *len, "%s %s %s rw 0 0\n", a->source, a->where,
				 a->type);
		if (n < 0 || (uint32_t)n >= room - *len)
			return; /* a table that does not fit ends at the last whole line */
		*len += (uint32_t)n;
	}
}
