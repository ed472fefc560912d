/*
 * The shared part of the stubs tools/ifgen.py generates: writing and walking the
 * variable-length fields of a message, checking the shape of requests and replies, and
 * releasing what a refused message carried.
 */
#include <masque/error.h>
#include <notify.h>
#include <rpc.h>
#include <string.h>

uint8_t *rpc_put(uint8_t *p, const void *src, uint32_t n)
{
	uint32_t padded = rpc_align(n);

	if (n)
		memmove(p, src, n);
	memset(p + n, 0, padded - n);
	return p + padded;
}

void rpc_reader_init(struct rpc_reader *r, const struct msg_header *m, const uint8_t *data)
{
	r->next = data;
	r->end = (const uint8_t *)m + m->size;
	r->bad = 0;
}

/* Mark the reader failed; -> NULL, for the getters to return. */
static const void *reader_fail(struct rpc_reader *r)
{
	r->bad = 1;
	return NULL;
}

/* The next field of n bytes and its padding, or NULL if the message is too short. */
static const uint8_t *reader_take(struct rpc_reader *r, uint32_t n)
{
	const uint8_t *field = r->next;
	uint64_t padded = ((uint64_t)n + 7) & ~7ull;

	if (r->bad || padded > (uint64_t)(r->end - r->next))
		return reader_fail(r);
	r->next += padded;
	return field;
}

const char *rpc_get_string(struct rpc_reader *r, uint32_t len, uint32_t max)
{
	const char *s;

	if (len >= max)
		return reader_fail(r);
	s = (const char *)reader_take(r, len + 1);
	/* the first NUL must be the one at s[len] */
	if (s && strnlen(s, len + 1) != len)
		return reader_fail(r);
	return s;
}

const void *rpc_get_bytes(struct rpc_reader *r, uint32_t len, uint32_t max)
{
	if (len > max)
		return reader_fail(r);
	return reader_take(r, len);
}

int rpc_reader_done(const struct rpc_reader *r)
{
	return !r->bad && r->next == r->end;
}

static int request_shape_ok(const struct msg_header *in, uint32_t ndesc, uint32_t min_size,
			    uint32_t max_size)
{
	return in->ndesc == ndesc && in->size >= min_size && in->size <= max_size;
}

int rpc_check_request(const struct msg_header *in, uint32_t ndesc, uint32_t min_size,
		      uint32_t max_size)
{
	return in->remote != PORT_NULL && request_shape_ok(in, ndesc, min_size, max_size);
}

int rpc_check_oneway(const struct msg_header *in, uint32_t ndesc, uint32_t min_size,
		     uint32_t max_size)
{
	return in->remote == PORT_NULL && request_shape_ok(in, ndesc, min_size, max_size);
}

void rpc_error_reply(struct msg_header *out, port_name_t reply, uint32_t id, int64_t result)
{
	struct rpc_error_reply *rep = (struct rpc_error_reply *)out;

	rep->result = result;
	rpc_header(&rep->hdr, MSG_MOVE_SEND_ONCE, reply, id, 0, sizeof(*rep));
}

void rpc_reject(struct msg_header *in, struct msg_header *out)
{
	rpc_release_descs(in);
	if (in->remote != PORT_NULL)
		rpc_error_reply(out, in->remote, RPC_REPLY_ID(in->id), KERN_INVALID_MSG);
	else
		out->size = 0;
}

int64_t rpc_check_reply(struct msg_header *m, uint32_t id, uint32_t ndesc, uint32_t min_size,
			uint32_t max_size)
{
	struct rpc_error_reply *err = (struct rpc_error_reply *)m;

	/* the kernel's word that our send-once reply right died unused */
	if (m->id == NOTIFY_SEND_ONCE_ID && m->ndesc == 0)
		return KERN_PORT_DEAD;
	if (m->id == id && m->remote == PORT_NULL) {
		if (m->ndesc == 0 && m->size == sizeof(*err) && err->result < 0)
			return err->result;
		if (m->ndesc == ndesc && m->size >= min_size && m->size <= max_size)
			return KERN_SUCCESS;
	}
	rpc_release_descs(m);
	if (m->remote != PORT_NULL)
		rpc_release_right(m->remote, MSG_BITS_REMOTE(m->bits));
	return KERN_INVALID_MSG;
}

void rpc_release_descs(struct msg_header *m)
{
	struct msg_desc *d = msg_descs(m);
	uint32_t room = m->size > sizeof(*m) ? (m->size - sizeof(*m)) / sizeof(*d) : 0;
	uint32_t n = m->ndesc < room ? m->ndesc : room;

	for (uint32_t i = 0; i < n; i++) {
		if (d[i].type == MSG_DESC_PORT)
			rpc_release_right(d[i].value, d[i].disposition);
		else if (d[i].type == MSG_DESC_OOL && !(d[i].flags & MSG_OOL_OVERWRITE))
			rpc_release_ool(d[i].addr, d[i].value); /* (overwritten: the caller's) */
	}
}

int rpc_ool_into(struct msg_desc *d, void *buf, uint32_t *size)
{
	if (d->flags & MSG_OOL_OVERWRITE) { /* the kernel held it to *size */
		*size = d->value;
		return 0;
	}
	if (d->value > *size)
		return -1;
	memcpy(buf, rpc_ool_addr(d), d->value);
	rpc_release_ool(d->addr, d->value);
	*size = d->value;
	return 0;
}

#ifndef IFGEN_HOST_TEST
#include <self.h>
#include <trap.h>

void rpc_release_right(port_name_t name, uint32_t disposition)
{
	uint32_t right = RIGHT_SEND;

	if (name == PORT_NULL || name == PORT_DEAD)
		return;
	if (disposition == MSG_MOVE_RECEIVE)
		right = RIGHT_RECEIVE;
	else if (disposition == MSG_MOVE_SEND_ONCE)
		right = RIGHT_SEND_ONCE;
	/* a send or send-once right whose port died since is a dead name now */
	if (port_mod_refs(name, right, -1) == KERN_INVALID_RIGHT && right != RIGHT_RECEIVE)
		port_mod_refs(name, RIGHT_DEAD_NAME, -1);
}

void rpc_release_ool(uint64_t addr, uint32_t size)
{
	if (size != 0)
		vm_deallocate(self_task, addr, size);
}
#endif
