/* Messages in the kernel: copyin and its checks, taking and giving rights,
 * copyout, and destruction. */
#include <masque/error.h>
#include <stddef.h>
#include <string.h>
#include "arch/x86_64/layout.h"
#include "ipc/capspace.h"
#include "ipc/kmsg.h"
#include "ipc/port.h"
#include "ipc/right.h"
#include "kern/ledger.h"
#include "vm/kmem.h"
#include "vm/pageout.h"
#include "vm/usercopy.h"
#include "vm/vm_copy.h"
#include "vm/vm_map.h"
#include "vm/vm_object.h"

/* A kmsg whose own fields are clear; the message bytes are for the caller to fill. */
struct kmsg *kmsg_alloc(uint32_t size, uint32_t extra)
{
	uint32_t bytes = offsetof(struct kmsg, msg) + size + extra;
	struct kmsg *k = kmem_alloc_raw(bytes);

	if (!k)
		return NULL;
	memset(k, 0, offsetof(struct kmsg, msg));
	k->alloc_size = bytes;
	list_init(&k->link);
	return k;
}

/* Free a message's memory and give its charge back. */
static void kmsg_free(struct kmsg *k)
{
	ledger_credit(k->ledger, QUOTA_MSG_BYTES, k->charged);
	ledger_release(k->ledger);
	kmem_free(k, k->alloc_size);
}

/* The message's bytes and its out-of-line ranges, charged to the sender. */
static int charge(struct kmsg *k, struct ledger *l)
{
	uint64_t bytes = k->alloc_size;
	const struct msg_desc *d = msg_descs(&k->msg);
	int err;

	for (uint32_t i = 0; i < k->msg.ndesc; i++, d++)
		if (d->type == MSG_DESC_OOL)
			bytes += d->value;
	if ((err = ledger_charge(l, QUOTA_MSG_BYTES, bytes)))
		return err;
	ledger_ref(l);
	k->ledger = l;
	k->charged = bytes;
	return KERN_SUCCESS;
}

static int send_disposition(unsigned d)
{
	return d == MSG_MOVE_SEND || d == MSG_COPY_SEND || d == MSG_MAKE_SEND ||
	       d == MSG_MOVE_SEND_ONCE || d == MSG_MAKE_SEND_ONCE;
}

static int check_header(const struct msg_header *h)
{
	unsigned local = MSG_BITS_LOCAL(h->bits);

	if (h->size < sizeof(*h) || h->size > MSG_SIZE_MAX || h->ndesc > MSG_DESC_MAX ||
	    sizeof(*h) + (uint64_t)h->ndesc * sizeof(struct msg_desc) > h->size)
		return h->size > MSG_SIZE_MAX ? KERN_MSG_TOO_LARGE : KERN_INVALID_MSG;
	if (h->bits >> 16 || !send_disposition(MSG_BITS_REMOTE(h->bits)))
		return KERN_INVALID_MSG;
	if (h->local != PORT_NULL && (local < MSG_MOVE_RECEIVE || local > MSG_MAKE_SEND_ONCE))
		return KERN_INVALID_MSG;
	return KERN_SUCCESS;
}

static int check_descriptors(struct msg_header *h)
{
	struct msg_desc *d = msg_descs(h);

	for (uint32_t i = 0; i < h->ndesc; i++, d++) {
		if (d->type == MSG_DESC_PORT) {
			if (d->disposition < MSG_MOVE_RECEIVE ||
			    d->disposition > MSG_MAKE_SEND_ONCE || d->flags)
				return KERN_INVALID_MSG;
		} else if (d->type == MSG_DESC_OOL) {
			if (d->flags & ~(MSG_OOL_DEALLOCATE | MSG_OOL_COPY))
				return KERN_INVALID_MSG;
		} else {
			return KERN_INVALID_MSG;
		}
	}
	return KERN_SUCCESS;
}

/* Replace each OOL descriptor's address by a captured copy of the memory. */
static int capture_ool(struct vm_map *map, struct kmsg *k)
{
	struct msg_desc *d = msg_descs(&k->msg);

	for (uint32_t i = 0; i < k->msg.ndesc; i++, d++) {
		if (d->type != MSG_DESC_OOL)
			continue;
		struct vm_object *o = NULL;
		int err = d->value ? vm_copy_capture(map, d->addr, d->value,
						     d->flags & MSG_OOL_COPY, &o)
				   : KERN_SUCCESS;
		k->ool_source[i] = d->addr;
		d->addr = (uint64_t)(uintptr_t)o;
		if (err) {
			for (struct msg_desc *u = d + 1; u < msg_descs(&k->msg) + k->msg.ndesc; u++)
				if (u->type == MSG_DESC_OOL)
					u->addr = 0; /* not captured: nothing to release */
			return err;
		}
	}
	return KERN_SUCCESS;
}

static void release_ool(struct kmsg *k)
{
	struct msg_desc *d = msg_descs(&k->msg);

	if (!k->ool_captured)
		return;
	for (uint32_t i = 0; i < k->msg.ndesc; i++, d++)
		if (d->type == MSG_DESC_OOL && d->addr)
			vm_object_deallocate((struct vm_object *)(uintptr_t)d->addr);
	k->ool_captured = 0;
}

int kmsg_copyin(struct vm_map *map, uint64_t uaddr, struct kmsg **out)
{
	struct msg_header h;
	int err;

	if ((err = copyin(map, &h, uaddr, sizeof(h))))
		return err;
	if ((err = check_header(&h)))
		return err;
	/* the OOL sources go after the message, aligned: its size may be any number */
	uint32_t sources_at = (h.size + 7) & ~7u, extra = h.ndesc * sizeof(uint64_t);
	if (!pageout_may_allocate(sources_at + extra))
		return KERN_RESOURCE_SHORTAGE;
	struct kmsg *k = kmsg_alloc(sources_at, extra);
	if (!k)
		return KERN_RESOURCE_SHORTAGE;
	k->ool_source = (uint64_t *)((char *)&k->msg + sources_at);
	/* the header as checked, the rest as it is now */
	k->msg = h;
	if ((err = copyin(map, &k->msg + 1, uaddr + sizeof(h), h.size - sizeof(h))) ||
	    (err = check_descriptors(&k->msg)) || (err = charge(k, map ? map->ledger : NULL))) {
		kmsg_free(k);
		return err;
	}
	if (k->msg.local == PORT_NULL)
		k->msg.bits &= 0xff;
	k->ool_captured = 1;
	if ((err = capture_ool(map, k))) {
		kmsg_discard(k);
		return err;
	}
	*out = k;
	return KERN_SUCCESS;
}

static int names_a_right(port_name_t name)
{
	return name != PORT_NULL && name != PORT_DEAD;
}

int kmsg_check_rights(struct capspace *s, struct kmsg *k, struct port **dest)
{
	struct msg_header *h = &k->msg;
	struct right_batch b = { 0 };
	struct cap *e = right_lookup(s, h->remote);

	if (!e)
		return KERN_INVALID_NAME;
	if (e->rights & RIGHT_DEAD_NAME)
		return KERN_PORT_DEAD;
	if (!(e->rights & (RIGHT_RECEIVE | RIGHT_SEND | RIGHT_SEND_ONCE)))
		return KERN_INVALID_RIGHT;
	*dest = e->object;
	b.item[b.count++] = (typeof(b.item[0])){ h->remote, MSG_BITS_REMOTE(h->bits) };
	if (h->local != PORT_NULL)
		b.item[b.count++] = (typeof(b.item[0])){ h->local, MSG_BITS_LOCAL(h->bits) };
	struct msg_desc *d = msg_descs(h);
	for (uint32_t i = 0; i < h->ndesc; i++, d++)
		if (d->type == MSG_DESC_PORT && names_a_right(d->value))
			b.item[b.count++] = (typeof(b.item[0])){ d->value, d->disposition };
	return right_batch_check(s, &b, 1, *dest);
}

static void mark_in_transit(struct port *p, unsigned transit, struct port *dest)
{
	if (p && transit == TRANSIT_RECEIVE)
		p->transit_dest = dest;
}

void kmsg_take_rights(struct capspace *s, struct vm_map *map, struct kmsg *k)
{
	struct msg_header *h = &k->msg;
	unsigned transit;

	k->dest = right_take(s, h->remote, MSG_BITS_REMOTE(h->bits), &transit);
	k->dest_type = transit;
	if (h->local != PORT_NULL) {
		k->reply = right_take(s, h->local, MSG_BITS_LOCAL(h->bits), &transit);
		k->reply_type = transit;
		mark_in_transit(k->reply, transit, k->dest);
	}
	struct msg_desc *d = msg_descs(h);
	for (uint32_t i = 0; i < h->ndesc; i++, d++) {
		if (d->type == MSG_DESC_OOL) {
			if (d->flags & MSG_OOL_DEALLOCATE && d->value) {
				uint64_t a = k->ool_source[i];
				vm_map_remove(map, page_round_down(a), page_round_up(a + d->value));
			}
			continue;
		}
		struct port *p = NULL;
		if (names_a_right(d->value)) {
			p = right_take(s, d->value, d->disposition, &transit);
			d->disposition = transit;
			if (!p)
				d->value = PORT_DEAD;
			mark_in_transit(p, transit, k->dest);
		}
		d->addr = (uint64_t)(uintptr_t)p;
	}
	k->ool_source = NULL;
}

/* What the receiver wants for OOL descriptor i (MSG_RECEIVE_PLACE): its descriptor
 * there, or one with addr 0 (anywhere). */
static struct msg_desc wanted(struct vm_map *map, uint64_t buffer, uint32_t i)
{
	struct msg_desc want = { 0 };
	uint64_t at = buffer + sizeof(struct msg_header) + i * sizeof(want);

	if (!buffer || copyin(map, &want, at, sizeof(want)) || want.type != MSG_DESC_OOL)
		want = (struct msg_desc){ 0 };
	return want;
}

/* Deliver OOL descriptor d's memory (object o) where the receiver wants it. */
static void place_ool(struct msg_desc *d, struct vm_object *o, struct vm_map *map,
		      uint64_t place_from, uint32_t i)
{
	struct msg_desc want = o ? wanted(map, place_from, i) : (struct msg_desc){ 0 };

	d->flags = 0;
	d->addr = 0;
	if (!o)
		return;
	if (want.flags & MSG_OOL_OVERWRITE && d->value <= want.value &&
	    vm_copy_overwrite(map, o, want.addr, d->value) == KERN_SUCCESS) {
		d->flags = MSG_OOL_OVERWRITE;
		d->addr = want.addr;
		return;
	}
	uint64_t at = want.flags & MSG_OOL_OVERWRITE ? 0 : want.addr;
	if (vm_copy_place(map, o, &at))
		d->value = 0; /* no room: the memory is lost, the receiver sees size 0 */
	d->addr = at;
}

/* Give the receiver the rights and memory of the descriptors; OOL memory where the
 * receive buffer at place_from asks (0: anywhere). */
static void copyout_descriptors(struct kmsg *k, struct capspace *s, struct vm_map *map,
				uint64_t place_from)
{
	struct msg_desc *d = msg_descs(&k->msg);

	for (uint32_t i = 0; i < k->msg.ndesc; i++, d++) {
		if (d->type == MSG_DESC_PORT) {
			if (d->addr)
				d->value = right_give(s, (struct port *)(uintptr_t)d->addr,
						      d->disposition);
			d->addr = 0;
		} else {
			place_ool(d, (struct vm_object *)(uintptr_t)d->addr, map, place_from, i);
		}
	}
	k->ool_captured = 0;
}

int kmsg_copyout(struct kmsg *k, struct capspace *s, struct vm_map *map, uint64_t uaddr,
		 uint32_t size, int place)
{
	struct msg_header *h = &k->msg;

	if (h->size > size) {
		kmsg_destroy(k);
		return KERN_MSG_TOO_LARGE;
	}
	unsigned dest_type = k->dest_type, reply_type = k->reply_type;
	h->local = cap_reverse_lookup(s, k->dest);
	right_drop_silently(k->dest, k->dest_type); /* delivered: the right is used up */
	k->dest = NULL;
	h->remote = k->reply ? right_give(s, k->reply, k->reply_type) : PORT_NULL;
	k->reply = NULL;
	h->bits = MSG_BITS(reply_type, dest_type) | (k->from_kernel ? MSG_FROM_KERNEL : 0);
	copyout_descriptors(k, s, map, place ? uaddr : 0);
	int err = copyout(map, uaddr, h, h->size);
	kmsg_free(k);
	return err ? KERN_INVALID_ADDRESS : KERN_SUCCESS;
}

struct kmsg *kmsg_kernel(struct port *dest, unsigned dest_type, uint32_t id, uint32_t size,
			 uint32_t ndesc)
{
	struct kmsg *k = kmsg_alloc(size, 0);

	if (!k) {
		right_drop_silently(dest, dest_type);
		return NULL;
	}
	memset(&k->msg, 0, size);
	k->msg = (struct msg_header){
		.bits = MSG_BITS(dest_type, 0), .size = size, .id = id, .ndesc = ndesc
	};
	k->dest = dest;
	k->dest_type = dest_type;
	k->from_kernel = 1;
	return k;
}

uint32_t kmsg_sends_to(const struct kmsg *k, const struct port *p)
{
	const struct msg_desc *d = msg_descs((struct msg_header *)&k->msg);
	uint32_t n = k->reply == p && k->reply_type == TRANSIT_SEND;

	for (uint32_t i = 0; i < k->msg.ndesc; i++)
		n += d[i].type == MSG_DESC_PORT && d[i].disposition == TRANSIT_SEND &&
		     d[i].addr == (uint64_t)(uintptr_t)p;
	return n;
}

void kmsg_put_port(struct kmsg *k, struct msg_desc *d, struct port *p, unsigned transit)
{
	(void)k;
	*d = (struct msg_desc){ .type = MSG_DESC_PORT,
				.disposition = transit,
				.addr = (uint64_t)(uintptr_t)p };
}

void kmsg_put_ool(struct kmsg *k, struct msg_desc *d, struct vm_object *o, uint64_t size)
{
	*d = (struct msg_desc){ .type = MSG_DESC_OOL,
				.value = size,
				.addr = (uint64_t)(uintptr_t)o };
	k->ool_captured = 1;
}

void kmsg_post(struct kmsg *k)
{
	if (k->dest->active)
		port_deliver(k);
	else
		kmsg_destroy(k);
}

void kmsg_discard(struct kmsg *k)
{
	release_ool(k);
	kmsg_free(k);
}

static void kmsg_clean(struct kmsg *k)
{
	struct msg_desc *d = msg_descs(&k->msg);

	if (k->dest)
		(k->silent ? right_drop_silently : right_drop)(k->dest, k->dest_type);
	if (k->reply)
		right_drop(k->reply, k->reply_type);
	for (uint32_t i = 0; i < k->msg.ndesc; i++, d++)
		if (d->type == MSG_DESC_PORT && d->addr)
			right_drop((struct port *)(uintptr_t)d->addr, d->disposition);
	kmsg_discard(k);
}

void kmsg_destroy(struct kmsg *k)
{
	static struct list doomed = LIST_INIT(doomed);
	static int draining;
	struct list *l;

	list_push_back(&doomed, &k->link);
	if (draining)
		return;
	draining = 1;
	while ((l = list_pop_front(&doomed)))
		kmsg_clean(list_entry(l, struct kmsg, link));
	draining = 0;
}
