/* The table of attached file systems (attach.h): a short list. */
#include <errno.h>
#include <format.h>
#include <masque/rights.h>
#include <stdlib.h>
#include <string.h>
#include <trap.h>
#include "attach.h"

struct attached {
	struct node covered;
	port_name_t server; /* a send right to its server's port for mounted.defs */
	char type[32], source[64];
	char *where;
	struct attached *next;
};

static struct attached *attached;

static struct attached **find(struct node n)
{
	struct attached **link = &attached;

	while (*link && !((*link)->covered.vol == n.vol && (*link)->covered.ino == n.ino))
		link = &(*link)->next;
	return link;
}

int attach_add(struct node covered, port_name_t server, const char *type, const char *source,
	       const char *where)
{
	if (*find(covered))
		return -EBUSY;
	struct attached *a = calloc(1, sizeof(*a));
	char *w = malloc(strlen(where) + 1);
	int err = a && w ? ext2_inode_get(covered.vol->fs, covered.ino) : -ENOMEM;

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
	*link = a->next;
	ext2_inode_put(a->covered.vol->fs, a->covered.ino);
	port_mod_refs(a->server, RIGHT_SEND, -1);
	free(a->where);
	free(a);
	return 0;
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
