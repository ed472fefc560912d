/*
 * Ledgers: what a task may hold of the kernel's resources, and what it holds. The
 * task, its address map and the messages it has sent each hold a reference, so a
 * message still queued after its sender died gives its bytes back to the right
 * ledger. A NULL ledger is unlimited (the kernel's own maps and messages).
 */
#ifndef KERN_LEDGER_H
#define KERN_LEDGER_H

#include <masque/quota.h>
#include <stdint.h>

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
/* Whether n more of a resource fit: KERN_SUCCESS or the quota's error (nothing is
 * taken). */
int ledger_room(const struct ledger *l, enum quota_kind kind, uint64_t n);
/* Take n of a resource: KERN_SUCCESS, or the quota's error with nothing taken. */
int ledger_charge(struct ledger *l, enum quota_kind kind, uint64_t n);
void ledger_credit(struct ledger *l, enum quota_kind kind, uint64_t n);
/* New limits: each may only go down unless privileged (the caller showed the host
 * port). Checks everything before changing anything. */
int ledger_set_limits(struct ledger *l, const struct task_quota *q, int privileged);
void ledger_get(const struct ledger *l, struct task_quota *q);

#endif
