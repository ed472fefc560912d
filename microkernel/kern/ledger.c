/* Task quotas as ledgers: limits, counts and the checks between them. Pure code,
 * built on the host too. */
#include <masque/error.h>
#include <masque/thread.h>
#include <string.h>
#include "kern/console.h"
#include "kern/ledger.h"
#include "vm/kmem.h"

/* Generous for one program, yet a few misbehaving tasks cannot exhaust the kernel. */
static const struct ledger defaults = {
	.max_priority = PRIORITY_MAX,
	.limit = {
		[QUOTA_THREADS] = 1024,
		[QUOTA_NAMES] = 65536,
		[QUOTA_MAP_ENTRIES] = 16384,
		[QUOTA_PAGE_TABLES] = 16384,
		[QUOTA_MSG_BYTES] = 128 << 20, /* pinned while in transit: 64 MiB fits twice */
		[QUOTA_UNASKED_PAGES] = 1024,  /* read-ahead of 4 MiB */
		[QUOTA_LOCKED_PAGES] = 1024,
	},
};

struct ledger *ledger_create(const struct ledger *from)
{
	struct ledger *l = kmem_alloc(sizeof(*l));

	if (!l)
		return NULL;
	if (!from)
		from = &defaults;
	memcpy(l->limit, from->limit, sizeof(l->limit));
	l->max_priority = from->max_priority;
	l->refs = 1;
	return l;
}

void ledger_ref(struct ledger *l)
{
	if (l)
		l->refs++;
}

void ledger_release(struct ledger *l)
{
	if (l && --l->refs == 0)
		kmem_free(l, sizeof(*l));
}

int ledger_set_limits(struct ledger *l, const struct task_quota *q, int privileged)
{
	if (q->max_priority < PRIORITY_MIN || q->max_priority > PRIORITY_MAX)
		return KERN_INVALID_ARGUMENT;
	if (!privileged) {
		if (q->max_priority > l->max_priority)
			return KERN_NO_ACCESS;
		for (int k = 0; k < QUOTA_COUNT; k++)
			if (q->limit[k] > l->limit[k])
				return KERN_NO_ACCESS;
	}
	memcpy(l->limit, q->limit, sizeof(l->limit));
	l->max_priority = q->max_priority;
	return KERN_SUCCESS;
}

void ledger_get(const struct ledger *l, struct task_quota *q)
{
	memset(q, 0, sizeof(*q));
	memcpy(q->limit, l->limit, sizeof(q->limit));
	memcpy(q->used, l->used, sizeof(q->used));
	q->max_priority = l->max_priority;
}
