/* Tasks: creation from a blueprint, termination, destruction. */
#include <masque/error.h>
#include <string.h>
#include "arch/x86_64/gdt.h"
#include "ipc/capspace.h"
#include "ipc/kmsg.h"
#include "ipc/port.h"
#include "ipc/right.h"
#include "kern/console.h"
#include "kern/ledger.h"
#include "task/cpu_alarm.h"
#include "task/task.h"
#include "task/thread.h"
#include "vm/kmem.h"
#include "vm/vm_clock.h"
#include "vm/vm_map.h"

static struct list all_tasks = LIST_INIT(all_tasks);
static uint32_t next_task_id = 1;

/* Copy the blueprint's send rights into t at the same names. */
/* Whether p controls task bp: its task port or one of its threads'. */
static int controls(const struct port *p, const struct task *bp)
{
	if (p->kobject_type == KOBJ_TASK)
		return p->kobject == bp;
	if (p->kobject_type == KOBJ_THREAD)
		return ((const struct thread *)p->kobject)->task == bp;
	return 0;
}

/* The blueprint's send rights at the same names, but for those that control the
 * blueprint itself: a copy (a forked process) must not get the means to change its
 * original. */
static int inherit_sends(struct task *bp, struct task *t)
{
	for (uint32_t i = 1; i < bp->space.size; i++) {
		struct cap *e = &bp->space.table[i];
		if (!(e->rights & RIGHT_SEND) || !((struct port *)e->object)->active ||
		    controls(e->object, bp))
			continue;
		struct port *p = port_make_send(e->object);
		int err = right_give_at(&t->space, NAME_MAKE(i, e->gen), p, TRANSIT_SEND);
		if (err) {
			right_drop(p, TRANSIT_SEND);
			return err;
		}
	}
	return KERN_SUCCESS;
}

static void inherit_special_ports(struct task *bp, struct task *t)
{
	for (int i = 1; i <= SPECIAL_MAX; i++) {
		struct port *p = bp->special[i];
		if (p && p->active)
			t->special[i] = port_make_send(p);
	}
}

int task_create(struct task *bp, unsigned flags, const char *label, struct task **out)
{
	struct task *t = kmem_alloc(sizeof(*t));
	int err;

	if (!t)
		return KERN_RESOURCE_SHORTAGE;
	t->refs = 2; /* its own, until task_destroy, and the caller's */
	t->id = next_task_id++;
	strlcpy(t->label, label, sizeof(t->label));
	list_init(&t->threads);
	/* the creator's limits: the first task, made by the kernel, gets the defaults */
	t->ledger = ledger_create(current && current->task ? current->task->ledger : NULL);
	if (!t->ledger) {
		kmem_free(t, sizeof(*t));
		return KERN_RESOURCE_SHORTAGE;
	}
	if ((err = cap_space_init(&t->space))) {
		ledger_release(t->ledger);
		kmem_free(t, sizeof(*t));
		return err;
	}
	t->space.ledger = t->ledger;
	if ((err = vm_map_create(&t->map))) {
		cap_space_free(&t->space);
		ledger_release(t->ledger);
		kmem_free(t, sizeof(*t));
		return err;
	}
	vm_map_set_ledger(t->map, t->ledger);
	list_push_back(&all_tasks, &t->link);
	t->self = port_alloc_kobject(KOBJ_TASK, t);
	if (!t->self)
		err = KERN_RESOURCE_SHORTAGE;
	if (!err && bp && (flags & TASK_INHERIT_MEMORY))
		err = vm_map_fork(bp->map, t->map);
	/* the clock page, unless the blueprint passed its own on (NO_SPACE) */
	if (!err && (err = vm_clock_map(t->map)) == KERN_NO_SPACE)
		err = KERN_SUCCESS;
	if (!err && bp && (flags & TASK_INHERIT_SENDS))
		err = inherit_sends(bp, t);
	if (err) {
		task_destroy(t);
		task_release(t);
		return err;
	}
	if (bp)
		inherit_special_ports(bp, t);
	if (bp && (flags & TASK_INHERIT_MEMORY))
		t->emulation = bp->emulation; /* the same library at the same place */
	*out = t;
	return KERN_SUCCESS;
}

/* Destroy a task without threads. Destroying one task can make others unreachable
 * (it held the last rights to them), so the destructions queue up and run one after
 * the other rather than nested, however long the chain. */
static void destroy_later(struct task *t)
{
	static struct list doomed = LIST_INIT(doomed);
	static int draining;
	struct list *l;

	list_remove(&t->link);
	list_push_back(&doomed, &t->link);
	if (draining)
		return;
	draining = 1;
	while ((l = list_pop_front(&doomed)))
		task_destroy(list_entry(l, struct task, link));
	draining = 0;
	task_reap_unreachable();
}

void task_terminate(struct task *t)
{
	if (t->terminating)
		return;
	t->terminating = 1;
	if (t->thread_count == 0) {
		destroy_later(t);
		return;
	}
	list_for_each_safe(l, &t->threads)
		thread_terminate(list_entry(l, struct thread, task_link));
}

/* Send rights to the task's port that the task holds itself: under a name in its own
 * space, as special ports, in messages queued on the ports it receives on. */
static uint32_t sends_held_by_self(struct task *t)
{
	uint32_t n = 0;

	for (int i = 1; i <= SPECIAL_MAX; i++)
		n += t->special[i] == t->self;
	for (uint32_t i = 1; i < t->space.size; i++) {
		struct cap *e = &t->space.table[i];
		if ((e->rights & RIGHT_SEND) && e->object == t->self)
			n++;
		if (e->rights & RIGHT_RECEIVE) {
			struct port *p = e->object;
			list_for_each(l, &p->messages)
			{
				n += kmsg_sends_to(list_entry(l, struct kmsg, link), t->self);
			}
		}
	}
	return n;
}

/* A task without threads can never do anything: it is unreachable once nobody holds
 * its port (senders send rights to it) but itself. */
static int unreachable(struct task *t, uint32_t senders)
{
	return t->thread_count == 0 && !t->terminating && senders <= sends_held_by_self(t);
}

void task_lost_sender(struct task *t, uint32_t senders)
{
	if (unreachable(t, senders))
		task_terminate(t);
}

/* A right to a task may also have moved into the task itself (into its space, into a
 * message to one of its ports) with no sender lost: when a task ends, every task is
 * looked at again. One at a time, since an end can end others. */
void task_reap_unreachable(void)
{
	for (int found = 1; found;) {
		found = 0;
		list_for_each(l, &all_tasks)
		{
			struct task *t = list_entry(l, struct task, link);
			if (t->self && unreachable(t, t->self->send_rights)) {
				task_terminate(t);
				found = 1;
				break;
			}
		}
	}
}

/* Tear the contents down; the task itself stays for the holders of references, who
 * find it terminating and its map empty. */
void task_destroy(struct task *t)
{
	t->terminating = 1;
	list_remove(&t->link);
	for (int i = 1; i <= SPECIAL_MAX; i++) {
		if (t->special[i])
			right_drop(t->special[i], TRANSIT_SEND);
		t->special[i] = NULL;
	}
	cpu_alarm_drop_all(t);
	right_destroy_space(&t->space);
	vm_map_terminate(t->map);
	if (t->self)
		port_destroy_kobject(t->self);
	t->self = NULL;
	if (t->io_bitmap) {
		tss_forget_io_bitmap(t);
		kmem_free(t->io_bitmap, IO_BITMAP_BYTES);
		t->io_bitmap = NULL;
	}
	task_release(t);
}

void task_ref(struct task *t)
{
	t->refs++;
}

void task_release(struct task *t)
{
	assert(t->refs > 0);
	if (--t->refs)
		return;
	vm_map_release(t->map);
	ledger_release(t->ledger);
	kmem_free(t, sizeof(*t));
}

int task_from_name(struct capspace *s, port_name_t name, struct task **out)
{
	struct task *t;
	int err = kobject_lookup(s, name, KOBJ_TASK, (void **)&t);

	if (err)
		return err;
	if (t->terminating)
		return KERN_TERMINATED;
	task_ref(t);
	*out = t;
	return KERN_SUCCESS;
}
