/* The process table (process.h): a list, as there are few processes for now. */
#include <stdlib.h>
#include <trap.h>
#include "process.h"
#include "signal.h"

static struct process *all;
static int32_t last_pid;
static uint64_t pids_made;

static int pid_free(int32_t pid)
{
	return !process_by_pid(pid);
}

int32_t pid_allocate(void)
{
	int32_t pid;

	do /* the next free one, wrapping below Linux's default pid_max */
		pid = last_pid = last_pid >= 32767 ? 2 : last_pid + 1;
	while (!pid_free(pid));
	return pid;
}

struct process *process_new(int32_t pid, int32_t ppid)
{
	struct process *p = calloc(1, sizeof(*p));

	if (!p)
		return 0;
	if (!pid)
		pid = pid_allocate();
	*p = (struct process){ .next = all,
			       .pid = pid,
			       .ppid = ppid,
			       .pgid = pid,
			       .sid = pid,
			       .wait_status = -1,
			       .ignored = DEFAULT_IGNORED };
	all = p;
	if (pid > last_pid)
		last_pid = pid;
	p->started_ns = (uint64_t)clock_now();
	p->cwd[0] = '/'; /* where the server starts a program */
	pids_made++;
	return p;
}

void process_free(struct process *p)
{
	struct process **link = &all;

	while (*link && *link != p)
		link = &(*link)->next;
	if (*link)
		*link = p->next;
	free(p);
}

int32_t pid_last(void)
{
	return last_pid;
}

uint64_t pid_count(void)
{
	return pids_made;
}

struct process *process_first(void)
{
	return all;
}

struct process *process_by_pid(int32_t pid)
{
	struct process *p = all;

	while (p && p->pid != pid)
		p = p->next;
	return p;
}

struct process *process_by_port(port_name_t port)
{
	struct process *p = all;

	while (p && (p->port != port || p->wait_status >= 0))
		p = p->next;
	return p;
}

struct process *process_by_task(port_name_t task)
{
	struct process *p = all;

	while (p && p->task != task)
		p = p->next;
	return p;
}
