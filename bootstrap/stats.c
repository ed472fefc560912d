/*
 * The boot script's "stats LABEL" lines. One for the kernel: free pages, pages in
 * memory objects, the kernel's own bytes (vm_statistics); one per task the script
 * started: its threads, names, map regions, messages queued (task_get_quota) and the
 * pages resident in its regions' top objects (vm_region over its whole map).
 */
#include <masque/quota.h>
#include <masque/vm.h>
#include <stdio.h>
#include <string.h>
#include <trap.h>
#include "stats.h"

#define TASKS_MAX 16
#define NAME_LEN  32

static struct {
	char name[NAME_LEN];
	port_name_t task;
} tasks[TASKS_MAX];
static int task_count;

void stats_remember(const char *name, port_name_t task)
{
	if (task_count == TASKS_MAX)
		return;
	strlcpy(tasks[task_count].name, name, NAME_LEN);
	tasks[task_count++].task = task;
}

/* The pages resident in the top objects of task's regions; negative on an error. */
static int64_t resident_pages(port_name_t task)
{
	struct vm_region_info info;
	uint64_t addr = 0, pages = 0;
	int64_t r;

	while (addr < VM_USER_TOP && !(r = vm_region(task, addr, &info))) {
		pages += info.resident_pages;
		addr = info.start + info.size;
	}
	return r == KERN_SUCCESS || r == KERN_INVALID_ADDRESS ? (int64_t)pages : r; /* no more */
}

static void print_task(const char *label, const char *name, port_name_t task)
{
	struct task_quota q;
	int64_t pages = resident_pages(task);

	if (task_get_quota(task, &q) || pages < 0)
		return; /* it has ended: its figures are gone with it */
	printf("# stats %s %s threads=%lu names=%lu regions=%lu msg_bytes=%lu pages=%ld\n", label,
	       name, q.used[QUOTA_THREADS], q.used[QUOTA_NAMES], q.used[QUOTA_MAP_ENTRIES],
	       q.used[QUOTA_MSG_BYTES], pages);
}

void stats_print(const char *label)
{
	struct vm_stats st;

	if (vm_statistics(&st) == KERN_SUCCESS)
		printf("# stats %s kernel free=%lu objects=%lu kernel_bytes=%lu\n", label,
		       st.free_pages, st.object_pages, st.kernel_bytes);
	for (int i = 0; i < task_count; i++)
		print_task(label, tasks[i].name, tasks[i].task);
}
