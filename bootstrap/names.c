/* The name service: a table of names and send rights, kept clean by dead-name
 * notifications when a registered port dies. */
#include <errno.h>
#include <ipc.h>
#include <masque/error.h>
#include <ns_power.h>
#include <rpc.h>
#include <self.h>
#include <string.h>
#include <trap.h>
#include "names.h"
#include "notify.h"
#include "power.h"
#include "ns.h"

#define NAMES_MAX 2048 /* a disk's partitions are names too: up to 256 each */
#define NAME_LEN  64

struct entry {
	char name[NAME_LEN];
	port_name_t port; /* our send right; PORT_NULL: the slot is free */
};

static struct entry *table; /* NAMES_MAX entries, from vm_allocate: zero, all free */
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
	if ((r = vm_allocate(self_task, 0, NAMES_MAX * sizeof(*table), VM_ANYWHERE)) < 0)
		return r;
	table = (struct entry *)r;
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

int64_t ns_power(struct rpc_ctx *ctx, uint32_t how)
{
	if (ctx->local != privileged)
		return -EPERM;
	if (how == NS_POWER_OFF)
		power_off(0);
	else if (how == NS_POWER_RESET)
		power_reset();
	else
		return -EINVAL;
	return -EIO;
}

/* A registered port died (a notification on dead_names): its entry goes. */
void notify_dead_name(struct rpc_ctx *ctx, uint32_t name)
{
	if (ctx->local != dead_names)
		return;
	for (int i = 0; i < NAMES_MAX; i++)
		if (table[i].port == name)
			forget(&table[i]);
}

/* The service asks for no other notifications. */
void notify_no_senders(struct rpc_ctx *ctx, uint32_t make_sends)
{
	(void)ctx, (void)make_sends;
}

void notify_send_once(struct rpc_ctx *ctx)
{
	(void)ctx;
}

static port_name_t watched; /* names_serve_until's watch, or PORT_NULL */

/* What the name service does not know: notifications, and the message that ends a
 * round of names_serve_until. */
static int other(struct msg_header *in, struct msg_header *out)
{
	if (watched != PORT_NULL && in->local == watched) {
		rpc_release_descs(in);
		out->size = 0;
		return RPC_STOP;
	}
	return notify_demux(in, out);
}

int names_serve_until(port_name_t watch, uint64_t deadline)
{
	int64_t r;

	if (watch != PORT_NULL && (r = port_move_member(watch, waiting_set)))
		return r;
	watched = watch;
	r = rpc_serve_until(waiting_set, ns_demux, other, deadline);
	watched = PORT_NULL;
	if (watch != PORT_NULL)
		port_move_member(watch, PORT_NULL);
	return r;
}

port_name_t names_find(const char *name)
{
	struct entry *e = find(name);

	return e ? e->port : PORT_NULL;
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
