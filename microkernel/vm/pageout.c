/*
 * Reclaiming memory: a clock over the pages of memory objects. A page touched since
 * the hand last passed gets a second chance; an untouched clean page that its pager
 * (or zero fill) can give back is freed; an untouched dirty page goes back to its
 * pager, the frame travelling in the message. Anonymous memory gets the default
 * pager as its pager the first time one of its pages goes out. Threads that need a
 * frame wait until the pagers have let go of enough of them.
 *
 * Pageouts in flight are bounded per pager (memory object port), not in total: a
 * pager that never takes its messages stalls its own objects' dirty pages, while the
 * hand goes on past them to clean pages and to the other pagers.
 *
 * Tasks that hold host privileges (drivers, the default pager) take frames from a
 * reserve the others cannot reach, so that paging out never waits on itself.
 */
#include <masque/error.h>
#include <masque/vm.h>
#include "arch/x86_64/clock.h"
#include "arch/x86_64/pmap.h"
#include "ipc/port.h"
#include "kern/console.h"
#include "kern/host.h"
#include "sched/sched.h"
#include "task/task.h"
#include "task/thread.h"
#include "vm/page.h"
#include "vm/pageout.h"
#include "vm/pager.h"
#include "vm/vm_map.h"
#include "vm/vm_object.h"

#define SCAN_BATCH    32  /* pages to send out before waiting */
#define IN_FLIGHT_MAX 256 /* pages out with one pager, not yet back as free frames */

static struct list clock_list = LIST_INIT(clock_list);
static struct list frame_waiters = LIST_INIT(frame_waiters);
static uint64_t reserve;   /* frames only privileged tasks may take */
static uint64_t in_flight; /* frames sent to all pagers and not yet back */

void pageout_init(void)
{
	reserve = page_managed_count() / 32;
	if (reserve < 128)
		reserve = 128;
}

void pageout_track(struct vm_page *p)
{
	list_push_back(&clock_list, &p->queue_link);
}

void pageout_untrack(struct vm_page *p)
{
	list_remove(&p->queue_link);
}

void pageout_frame_freed(struct vm_page *p)
{
	struct port *pager = p->paged_to;

	if (pager) {
		p->paged_to = NULL;
		pager->pageouts--;
		in_flight--;
		port_release(pager);
	}
	/* every frame back is a reason to look again: the waiters grab or send more out */
	thread_wakeup_all(&frame_waiters, KERN_SUCCESS);
}

static int privileged(void)
{
	return current->task && current->task->vm_privileged;
}

uint64_t pageout_reserve(void)
{
	return reserve;
}

int pageout_may_allocate(uint64_t bytes)
{
	return privileged() || page_free_count() > reserve + (bytes + PAGE_SIZE - 1) / PAGE_SIZE;
}

/* Whether the page may leave memory now. */
static int evictable(const struct vm_page *p)
{
	const struct vm_object *o = p->object;

	return !p->busy && !p->lock && !o->wired && !o->device && !o->keep_resident &&
	       (o->pager || default_pager) && !pmap_page_wired(p);
}

/* Send a dirty page to its pager, counted against it until the frame is free; 1 if it
 * went. */
static int page_out(struct vm_page *p)
{
	struct vm_object *o = p->object;

	if (!o->pager && pager_create_default(o))
		return 0;
	struct port *pager = o->pager;
	if (pager->pageouts >= IN_FLIGHT_MAX)
		return 0; /* this pager has not taken what it was sent: its pages wait */
	port_ref(pager);
	pager->pageouts++;
	in_flight++;
	p->paged_to = pager;
	if (!pager_page_out(o, p)) {
		p->paged_to = NULL;
		pager->pageouts--;
		in_flight--;
		port_release(pager);
		return 0;
	}
	vm_counters.pageouts++;
	return 1;
}

/* Free a clean page, send a dirty one out; 1 if it went. */
static int evict(struct vm_page *p)
{
	if (!pmap_page_test_dirty(p)) { /* its pager, or zero fill, gives it back unchanged */
		vm_object_free_page(p);
		return 1;
	}
	if (page_out(p))
		return 1;
	p->dirty = 1; /* the test took the mark from the page tables: keep it here */
	return 0;
}

/* Move the clock hand over up to twice the list; 1 if any page went. */
static int scan(void)
{
	uint64_t budget = 2 * vm_object_page_count(), sent = 0;

	while (budget-- && sent < SCAN_BATCH && !list_empty(&clock_list)) {
		struct vm_page *p = list_entry(clock_list.next, struct vm_page, queue_link);
		list_remove(&p->queue_link);
		list_push_back(&clock_list, &p->queue_link);
		if (!evictable(p) || pmap_page_test_referenced(p))
			continue;
		sent += evict(p);
	}
	return sent > 0;
}

struct vm_page *vm_page_grab_now(int zero)
{
	if (page_free_count() <= reserve && !privileged())
		return NULL;
	return zero ? page_alloc_zeroed(0) : page_alloc(0);
}

int vm_page_wait(void)
{
	if (!scan() && !in_flight)
		return KERN_RESOURCE_SHORTAGE; /* nothing left to reclaim: memory and swap are full */
	if (page_free_count() > reserve)
		return KERN_SUCCESS;
	/* the timeout only guards against a frame that never comes back */
	int err = thread_block(&frame_waiters, clock_ns() + 100000000);
	return err == KERN_TIMED_OUT ? KERN_SUCCESS : err;
}

struct vm_page *vm_page_grab(int zero)
{
	struct vm_page *p;

	while (!(p = vm_page_grab_now(zero)))
		if (vm_page_wait())
			return NULL;
	return p;
}
