/* lib/poll_wakes.c, the wakes a server keeps for its pollers, against a model of the
 * rights it holds: what it destroys, which of those were live (a waiter woken) or dead
 * (forgotten), and that it never holds more than POLL_WAKES_MAX however often a client
 * arms it. */
#include <poll_wakes.h>
#include <stdlib.h>
#include <string.h>
#include "tap.h"
#include "trap.h"

#define NAMES 1100000

enum { UNUSED, LIVE, DEAD, GONE };

static uint8_t state[NAMES];
static uint32_t next_name = 1, woken, forgotten;
static port_name_t last_woken;

static port_name_t live_right(void)
{
	state[next_name] = LIVE;
	return next_name++;
}

int64_t port_destroy(port_name_t name)
{
	if (name >= NAMES || (state[name] != LIVE && state[name] != DEAD))
		return -1;
	if (state[name] == LIVE) {
		woken++;
		last_woken = name;
	} else {
		forgotten++;
	}
	state[name] = GONE;
	return 0;
}

int64_t port_status(port_name_t name, struct port_status *out)
{
	if (name >= NAMES || (state[name] != LIVE && state[name] != DEAD))
		return -1;
	memset(out, 0, sizeof(*out));
	out->rights = state[name] == LIVE ? RIGHT_SEND_ONCE : RIGHT_DEAD_NAME;
	return 0;
}

static uint32_t held(void)
{
	uint32_t n = 0;

	for (uint32_t i = 1; i < next_name; i++)
		n += state[i] == LIVE || state[i] == DEAD;
	return n;
}

static void reset(struct poll_wakes *w)
{
	memset(w, 0, sizeof(*w));
	memset(state, 0, sizeof(state));
	next_name = 1;
	woken = forgotten = 0;
	last_woken = PORT_NULL;
}

static void fill(struct poll_wakes *w)
{
	for (int i = 0; i < POLL_WAKES_MAX; i++)
		poll_wakes_keep(w, live_right());
}

static void keeps_below_the_bound(void)
{
	struct poll_wakes w;

	reset(&w);
	fill(&w);
	is(w.count, POLL_WAKES_MAX, "a set keeps up to POLL_WAKES_MAX wakes");
	is(woken, 0, "keeping them wakes nobody");
}

static void no_right_is_not_kept(void)
{
	struct poll_wakes w;

	reset(&w);
	poll_wakes_keep(&w, PORT_NULL);
	poll_wakes_keep(&w, PORT_DEAD);
	is(w.count, 0, "PORT_NULL and PORT_DEAD are not kept");
}

static void full_of_live_wakes_the_oldest(void)
{
	struct poll_wakes w;

	reset(&w);
	fill(&w);
	poll_wakes_keep(&w, live_right());
	is(last_woken, 1, "a full set of live wakes wakes its oldest to keep a new one");
	is(w.count, POLL_WAKES_MAX, "and stays at POLL_WAKES_MAX");
}

static void full_forgets_the_dead_first(void)
{
	struct poll_wakes w;

	reset(&w);
	fill(&w);
	state[3] = state[7] = DEAD; /* those waiters' ports died */
	poll_wakes_keep(&w, live_right());
	is(woken, 0, "a full set with dead wakes forgets them rather than wake a waiter");
	is(forgotten, 2, "every dead one is forgotten");
	is(w.count, POLL_WAKES_MAX - 1, "the new wake is kept beside the live ones");
}

static void a_million_arms_stay_bounded(void)
{
	struct poll_wakes w;
	uint32_t most = 0;

	reset(&w);
	for (int i = 0; i < 1000000; i++) {
		port_name_t r = live_right();
		poll_wakes_keep(&w, r);
		if (i % 2)
			state[r] = DEAD; /* half of the callers give up at once */
		most = w.count > most ? w.count : most;
	}
	is(most, POLL_WAKES_MAX, "a million wakes from one client: never more than the bound");
	is(held(), w.count, "every right not in the set was destroyed");
}

static void fire_wakes_everyone(void)
{
	struct poll_wakes w;

	reset(&w);
	fill(&w);
	state[5] = DEAD;
	poll_wakes_fire(&w);
	is(woken, POLL_WAKES_MAX - 1, "fire wakes every live waiter");
	is(held(), 0, "and leaves no right held");
	is(w.count, 0, "the set is empty afterwards");
}

static void answer_keeps_only_when_not_ready(void)
{
	struct poll_wakes w;

	reset(&w);
	is(poll_answer(&w, POLLOUT, POLLIN, live_right()), POLLOUT,
	   "poll_answer returns the conditions");
	is(w.count, 1, "a wake for a condition that does not hold is kept");
	poll_answer(&w, POLLIN | POLLRDNORM, POLLIN, live_right());
	is(w.count, 1, "a wake for one that holds is not kept");
	is(woken, 1, "it is destroyed at once");
}

int main(void)
{
	keeps_below_the_bound();
	no_right_is_not_kept();
	full_of_live_wakes_the_oldest();
	full_forgets_the_dead_first();
	a_million_arms_stay_bounded();
	fire_wakes_everyone();
	answer_keeps_only_when_not_ready();
	return done_testing();
}
