/* The handle table: handles by port name, in a hash. */
#include <errno.h>
#include <ipc.h>
#include <masque/rights.h>
#include <self.h>
#include <stdlib.h>
#include <trap.h>
#include <linux/fcntl.h>
#include <linux/stat.h>
#include "handle.h"
#include "loop.h"

#define BUCKETS 1024

port_name_t handle_set;
uint64_t handle_count;
static struct handle *buckets[BUCKETS];

static struct handle **bucket(port_name_t name)
{
	return &buckets[name % BUCKETS];
}

int handle_init(void)
{
	int64_t set = port_allocate(RIGHT_PORT_SET);

	if (set < 0)
		return -ENOMEM;
	handle_set = (port_name_t)set;
	return 0;
}

/* A port for a handle: in the set, its no-senders notification to itself. */
static int64_t handle_port(void)
{
	int64_t port = port_allocate_member(handle_set, PORT_NOTIFY_NO_SENDERS);

	return port < 0 ? -ENFILE : port;
}

/* A handle on node with description of (a reference to it taken), acting as who. */
static int handle_make(struct node node, uint32_t type, struct open_file *of,
		       const struct identity *who, struct handle **out)
{
	struct handle *h = malloc(sizeof(*h));
	int64_t port = h ? handle_port() : -ENOMEM;
	int err = port < 0 ? (int)port : node.vol->ops->inode_get(node.vol->fs, node.ino);

	if (err) {
		if (port >= 0)
			port_destroy(port);
		free(h);
		return err;
	}
	*h = (struct handle){ .port = port, .node = node, .type = type, .of = of, .who = *who };
	of->handles++;
	h->next = *bucket(h->port);
	*bucket(h->port) = h;
	handle_count++;
	*out = h;
	return 0;
}

int handle_new(struct node node, uint32_t type, uint32_t flags, const struct identity *who,
	       struct handle **out)
{
	struct open_file *of = calloc(1, sizeof(*of));
	int err = of ? handle_make(node, type, of, who, out) : -ENOMEM;

	if (err) {
		free(of);
		return err;
	}
	of->flags = flags;
	return 0;
}

int handle_share(const struct handle *h, const struct identity *who, struct handle **out)
{
	return handle_make(h->node, h->type, h->of, who, out);
}

struct handle *handle_of(port_name_t name)
{
	for (struct handle *h = *bucket(name); h; h = h->next)
		if (h->port == name)
			return h;
	return NULL;
}

int handle_any_on(const struct volume *vol)
{
	for (int i = 0; i < BUCKETS; i++)
		for (struct handle *h = buckets[i]; h; h = h->next)
			if (h->node.vol == vol)
				return 1;
	return 0;
}

int handle_any_writer_on(const struct volume *vol)
{
	for (int i = 0; i < BUCKETS; i++)
		for (struct handle *h = buckets[i]; h; h = h->next) {
			uint32_t acc = h->of->flags & O_ACCMODE;
			if (h->node.vol->base == vol->base && S_ISREG(h->type) &&
			    !(h->of->flags & O_PATH) && (acc == O_WRONLY || acc == O_RDWR))
				return 1;
		}
	return 0;
}

int handle_description_reachable(const struct open_file *of)
{
	for (int i = 0; i < BUCKETS; i++)
		for (struct handle *h = buckets[i]; h; h = h->next)
			if (h->of == of && port_has_senders(h->port))
				return 1;
	return 0;
}

void handle_free(struct handle *h)
{
	struct handle **link = bucket(h->port);

	while (*link != h)
		link = &(*link)->next;
	*link = h->next;
	handle_count--;
	port_destroy(h->port);
	h->node.vol->ops->inode_put(h->node.vol->fs, h->node.ino);
	if (--h->of->handles == 0) {
		if (h->of->loop)
			loop_close(h->of->loop - 1);
		free(h->of);
	}
	free(h);
}
