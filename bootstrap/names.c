/* The name service: a table of names and send rights, kept clean by dead-name
 * notifications when a registered port dies. */
#include <errno.h>
#include <ipc.h>
#include <masque/error.h>
#include <rpc.h>
#include <self.h>
#include <string.h>
#include <trap.h>
#include "names.h"
#include "ns.h"

#define NAMES_MAX 64
#define NAME_LEN  64

struct entry {
	char name[NAME_LEN];
	port_name_t port; /* our send right; PORT_NULL: the slot is free */
};

static struct entry table[NAMES_MAX];
static port_name_t service, privileged, dead_names, waiting_set, host_port;

static struct entry *find(const char *name)
{
	for (int i = 0; i < NAMES_MAX; i++)
		if (table[i].port != PORT_NULL && !strcmp(table[i].name, name))
			return &table[i];
	return NULL;
}

static void forget(struct entry *e)
{
	port_destroy(e->port);
	e->port = PORT_NULL;
}

/* A port in the waiting set, with a send right to give away if send. */
static int64_t member(int send)
{
	int64_t r = port_allocate(RIGHT_RECEIVE);

	if (r < 0)
		return r;
	if (send && port_insert_right(self_task, r, r, MSG_MAKE_SEND) < 0)
		return KERN_RESOURCE_SHORTAGE;
	int64_t err = port_move_member(r, waiting_set);
	return err ? err : r;
}

int names_init(port_name_t host)
{
	int64_t r;

	host_port = host;
	if ((r = port_allocate(RIGHT_PORT_SET)) < 0)
		return r;
	waiting_set = r;
	if ((r = member(1)) < 0)
		return r;
	service = r;
	if ((r = member(1)) < 0)
		return r;
	privileged = r;
	if ((r = member(0)) < 0)
		return r;
	dead_names = r;
	return KERN_SUCCESS;
}

port_name_t names_port(int is_privileged)
{
	return is_privileged ? privileged : service;
}

int64_t ns_register(struct rpc_ctx *ctx, const char *name, port_name_t port)
{
	(void)ctx;
	if (!name[0] || port == PORT_NULL || port == PORT_DEAD) {
		if (port != PORT_NULL && port != PORT_DEAD)
			port_mod_refs(port, RIGHT_SEND, -1);
		return -EINVAL;
	}
	struct entry *free_slot = NULL;
	for (int i = 0; i < NAMES_MAX && !free_slot; i++)
		if (table[i].port == PORT_NULL)
			free_slot = &table[i];
	if (find(name) || !free_slot) {
		port_mod_refs(port, RIGHT_SEND, -1);
		return find(name) ? -EEXIST : -ENOSPC;
	}
	strlcpy(free_slot->name, name, NAME_LEN);
	free_slot->port = port;
	port_request_notify(port, NOTIFY_DEAD_NAME, dead_names);
	return 0;
}

int64_t ns_lookup(struct rpc_ctx *ctx, const char *name, port_name_t *port)
{
	struct entry *e = find(name);

	if (ctx->local == privileged && !strcmp(name, "host")) {
		*port = host_port;
		return 0;
	}
	if (!e)
		return -ENOENT;
	*port = e->port;
	return 0;
}

int64_t ns_unregister(struct rpc_ctx *ctx, const char *name, port_name_t port)
{
	(void)ctx;
	struct entry *e = find(name);
	int64_t result = !e ? -ENOENT : e->port != port ? -EPERM : 0;

	if (port != PORT_NULL && port != PORT_DEAD)
		port_mod_refs(port, RIGHT_SEND, -1);
	if (!result)
		forget(e);
	return result;
}

/* A registered port died: its entry goes. */
static void dead_name(const struct notify_msg *n)
{
	for (int i = 0; i < NAMES_MAX; i++)
		if (table[i].port == n->name)
			forget(&table[i]);
}

int names_serve_until(port_name_t watch, uint64_t deadline)
{
	union {
		struct msg_header hdr;
		char bytes[NS_REQUEST_MAX > 256 ? NS_REQUEST_MAX : 256];
	} in, out;
	int64_t r;

	if (watch != PORT_NULL && (r = port_move_member(watch, waiting_set)))
		return r;
	for (;;) {
		uint64_t now = clock_now();
		if (deadline && now >= deadline) {
			r = KERN_TIMED_OUT;
			break;
		}
		r = msg_trap(MSG_RECEIVE | (deadline ? MSG_RECEIVE_TIMEOUT : 0), 0, &in.hdr,
			     waiting_set, sizeof(in), deadline ? deadline - now : 0);
		if (r == KERN_TIMED_OUT)
			break;
		if (r)
			continue;
		if (in.hdr.local == watch && watch != PORT_NULL)
			break;
		if (in.hdr.local == dead_names) {
			dead_name((struct notify_msg *)&in.hdr);
			continue;
		}
		if (!ns_demux(&in.hdr, &out.hdr))
			rpc_reject(&in.hdr, &out.hdr);
		if (out.hdr.size)
			msg_send(&out.hdr);
	}
	if (watch != PORT_NULL)
		port_move_member(watch, PORT_NULL);
	return r;
}

int names_wait_for(const char *name, uint64_t deadline)
{
	while (!find(name)) {
		/* serve one round at a time: a registration ends the round */
		uint64_t now = clock_now();
		if (deadline && now >= deadline)
			return KERN_TIMED_OUT;
		uint64_t step = now + 10000000; /* 10 ms */
		names_serve_until(PORT_NULL, deadline && deadline < step ? deadline : step);
	}
	return KERN_SUCCESS;
}
