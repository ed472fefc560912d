/* Pending signals (pending.h): a set, one siginfo per standard signal, a queue per
 * real-time signal. */
#include <errno.h>
#include <stdlib.h>
#include "pending.h"

#define BIT(sig)   (1ull << ((sig)-1))
#define QUEUED_MAX 1024 /* real-time signals pending for one process or thread */

struct queued {
	struct queued *next;
	struct sig_info info;
};

static unsigned queued_count(const struct pending *q)
{
	unsigned n = 0;

	for (int i = 0; i <= NSIG_LINUX - SIGRTMIN_LINUX; i++)
		for (const struct queued *e = q->rt[i]; e; e = e->next)
			n++;
	return n;
}

int64_t pending_add(struct pending *q, int sig, const struct sig_info *info)
{
	if (sig < SIGRTMIN_LINUX) {
		if (!(q->set & BIT(sig)))
			q->info[sig] = *info;
		q->set |= BIT(sig);
		return 0;
	}
	struct queued *e = queued_count(q) < QUEUED_MAX ? malloc(sizeof(*e)) : 0, **link;
	if (!e)
		return -EAGAIN;
	*e = (struct queued){ .info = *info };
	for (link = &q->rt[sig - SIGRTMIN_LINUX]; *link; link = &(*link)->next)
		;
	*link = e;
	q->set |= BIT(sig);
	return 0;
}

const struct sig_info *pending_peek(const struct pending *q, int sig)
{
	return sig < SIGRTMIN_LINUX ? &q->info[sig] : &q->rt[sig - SIGRTMIN_LINUX]->info;
}

struct sig_info pending_take(struct pending *q, int sig)
{
	if (sig < SIGRTMIN_LINUX) {
		q->set &= ~BIT(sig);
		return q->info[sig];
	}
	struct queued *e = q->rt[sig - SIGRTMIN_LINUX];
	struct sig_info info = e->info;
	q->rt[sig - SIGRTMIN_LINUX] = e->next;
	free(e);
	if (!q->rt[sig - SIGRTMIN_LINUX])
		q->set &= ~BIT(sig);
	return info;
}

void pending_discard(struct pending *q, uint64_t set)
{
	for (int sig = 1; sig <= NSIG_LINUX; sig++)
		while ((set & q->set & BIT(sig)))
			pending_take(q, sig);
}
