/*
 * Ledgers: what a task may hold of the kernel's resources, and what it holds. The
 * task, its address map and the messages it has sent each hold a reference, so a
 * message still queued after its sender died gives its bytes back to the right
 * ledger. A NULL ledger is unlimited (the kernel's own maps and messages).
 */
#ifndef KERN_LEDGER_H
#define KERN_LEDGER_H

#include <masque/error.h>
#include <masque/quota.h>
#include <stdint.h>
#include "kern/console.h"

struct ledger {
	uint32_t refs;
	uint32_t max_priority;
	uint64_t limit[QUOTA_COUNT];
	uint64_t used[QUOTA_COUNT];
};

/* A new ledger with nothing used and from's limits (the defaults if from is NULL). */
struct ledger *ledger_create(const struct ledger *from);
void ledger_ref(struct ledger *l);
void ledger_release(struct ledger *l);
/* New limits: each may only go down unless privileged (the caller showed the host
 * port). Checks everything before changing anything. */
int ledger_set_limits(struct ledger *l, const struct task_quota *q, int privileged);
void ledger_get(const struct ledger *l, struct task_quota *q);

/* The three below run on the IPC and fault paths: inline. */

/* Whether n more of a resource fit: KERN_SUCCESS or the quota's error (nothing is
 * taken). A limit lowered below what is used leaves no room until enough comes back. */
static inline int ledger_room(const struct ledger *l, enum quota_kind kind, uint64_t n)
{
	if (l && l->used[kind] + n > l->limit[kind])
		return kind == QUOTA_NAMES ? KERN_NO_SPACE : KERN_RESOURCE_SHORTAGE;
	return KERN_SUCCESS;
}

/* Take n of a resource: KERN_SUCCESS, or the quota's error with nothing taken. */
static inline int ledger_charge(struct ledger *l, enum quota_kind kind, uint64_t n)
{
	int err = ledger_room(l, kind, n);

	if (!err && l)
		l->used[kind] += n;
	return err;
}

static inline void ledger_credit(struct ledger *l, enum quota_kind kind, uint64_t n)
{
	if (!l)
		return;
	assert(n <= l->used[kind]);
	l->used[kind] -= n;
}

#endif
