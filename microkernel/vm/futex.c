/*
 * Waiting on a word of memory: the mechanism under Linux's futex (and any user-level
 * lock). A private word is known by its address space and address; a shared one by
 * its memory object and offset, so that tasks mapping it at different addresses meet.
 * Checking the word and going to sleep happen with nothing in between that could let
 * another thread in (one CPU, interrupts off in the kernel), so no wakeup is lost.
 */
#include <masque/error.h>
#include <masque/traps.h>
#include <masque/vm.h>
#include "arch/x86_64/clock.h"
#include "kern/list.h"
#include "kern/syscall.h"
#include "sched/sched.h"
#include "task/task.h"
#include "task/thread.h"
#include "vm/usercopy.h"
#include "vm/vm_map.h"
#include "vm/vm_object.h"

#define BUCKETS 64

static struct list buckets[BUCKETS];

static struct list *bucket(const uint64_t key[2])
{
	uint64_t h = (key[0] ^ key[1] * 0x9e3779b97f4a7c15ull) >> 32;
	struct list *b = &buckets[h % BUCKETS];

	if (!b->next)
		list_init(b);
	return b;
}

/* The key of the word at addr; a shared word needs its page's final object, so a
 * copy-on-write region gets its private copy first, as a write would. */
static int futex_key(uint64_t addr, uint32_t flags, uint64_t key[2])
{
	struct vm_map *m = current->task->map;

	if ((addr & 3) || (flags & ~FUTEX_SHARED))
		return KERN_INVALID_ARGUMENT;
	if (!(flags & FUTEX_SHARED)) {
		key[0] = (uint64_t)(uintptr_t)m;
		key[1] = addr;
		return KERN_SUCCESS;
	}
	struct vm_entry *e = vm_map_lookup(m, addr);
	if (!e)
		return KERN_INVALID_ADDRESS;
	if (e->needs_copy && vm_entry_shadow(e))
		return KERN_RESOURCE_SHORTAGE;
	key[0] = (uint64_t)(uintptr_t)e->object;
	key[1] = e->offset + (addr - e->start);
	return KERN_SUCCESS;
}

int64_t sys_futex_wait(uaddr_t addr, uint32_t expected, uint32_t flags, uint64_t timeout_ns)
{
	uint64_t key[2];
	uint32_t value;
	int err = copyin(current->task->map, &value, addr, sizeof(value));

	if (!err)
		err = futex_key(addr, flags, key);
	if (err)
		return err;
	if (value != expected)
		return KERN_VALUE_CHANGED;
	current->futex_key[0] = key[0];
	current->futex_key[1] = key[1];
	return thread_block(bucket(key), timeout_ns ? clock_ns() + timeout_ns : 0);
}

int64_t sys_futex_wake(uaddr_t addr, uint32_t count, uint32_t flags)
{
	uint64_t key[2];
	int err = futex_key(addr, flags, key);
	int64_t woken = 0;

	if (err)
		return err;
	struct list *b = bucket(key);
	list_for_each_safe(l, b)
	{
		struct thread *t = list_entry(l, struct thread, queue_link);
		if (woken >= count)
			break;
		if (t->futex_key[0] == key[0] && t->futex_key[1] == key[1]) {
			thread_wakeup(t, KERN_SUCCESS);
			woken++;
		}
	}
	return woken;
}
