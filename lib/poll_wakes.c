/* The wakes a server keeps for its pollers (poll_wakes.h). */
#include <masque/rights.h>
#include <poll_wakes.h>
#include <trap.h>

void poll_wake_drop(port_name_t wake)
{
	if (wake != PORT_NULL && wake != PORT_DEAD)
		port_destroy(wake);
}

static int is_dead(port_name_t name)
{
	struct port_status st;

	return !port_status(name, &st) && (st.rights & RIGHT_DEAD_NAME);
}

/* Forget the rights of w whose ports died (their callers have stopped waiting). */
static void forget_dead(struct poll_wakes *w)
{
	uint32_t kept = 0;

	for (uint32_t i = 0; i < w->count; i++) {
		if (is_dead(w->wake[i]))
			port_destroy(w->wake[i]);
		else
			w->wake[kept++] = w->wake[i];
	}
	w->count = kept;
}

/* Wake the oldest waiter of w now, to make room. */
static void wake_oldest(struct poll_wakes *w)
{
	poll_wake_drop(w->wake[0]);
	for (uint32_t i = 1; i < w->count; i++)
		w->wake[i - 1] = w->wake[i];
	w->count--;
}

void poll_wakes_keep(struct poll_wakes *w, port_name_t wake)
{
	if (wake == PORT_NULL || wake == PORT_DEAD)
		return;
	if (w->count == POLL_WAKES_MAX)
		forget_dead(w);
	if (w->count == POLL_WAKES_MAX)
		wake_oldest(w);
	w->wake[w->count++] = wake;
}

void poll_wakes_fire(struct poll_wakes *w)
{
	for (uint32_t i = 0; i < w->count; i++)
		poll_wake_drop(w->wake[i]);
	w->count = 0;
}

uint32_t poll_answer(struct poll_wakes *w, uint32_t revents, uint32_t events, port_name_t wake)
{
	if (revents & events)
		poll_wake_drop(wake);
	else
		poll_wakes_keep(w, wake);
	return revents;
}
