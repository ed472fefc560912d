/*
 * A process's files in /proc/PID: stat and status from the process table and the
 * kernel (its task's CPU time and address map), cmdline and environ read from its
 * memory where its program keeps them (proc.exec_info), maps from its address map.
 */
#include <emul_start.h>
#include <masque/vm.h>
#include <string.h>
#include <trap.h>
#include "procfs.h"

#define NS_PER_TICK (1000000000ull / PFS_HZ)

char pfs_state(const struct process *p)
{
	if (p->wait_status >= 0)
		return 'Z';
	if (p->stopped)
		return 'T';
	return p->waiting ? 'S' : 'R'; /* a wait is the one sleep the server sees */
}

uint32_t pfs_threads(const struct process *p)
{
	uint32_t n = 0;

	for (struct thread_rec *t = p->threads; t; t = t->next)
		n++;
	return n;
}

/* The bytes its address map covers and the pages resident in them. */
static void memory_of(const struct process *p, uint64_t *bytes, uint64_t *resident)
{
	struct vm_region_info r;

	*bytes = *resident = 0;
	for (uint64_t at = 0; vm_region(p->task, at, &r) == 0; at = r.start + r.size) {
		*bytes += r.size;
		*resident += r.resident_pages;
	}
}

/* The signal mask of its first thread, from that thread's emul block. */
static uint64_t blocked_of(const struct process *p)
{
	uint64_t mask = 0;

	if (p->threads && p->threads->block)
		vm_read(p->task, p->threads->block + EMUL_BLOCK_BLOCKED, &mask, sizeof(mask));
	return mask;
}

/* Its name as Linux's comm: its first thread's, from that thread's emul block (what
 * exec named it, a script by its own name, or prctl's PR_SET_NAME); the program's
 * file name when the block cannot be read (a zombie). */
static void comm_of(const struct process *p, char comm[16])
{
	if (p->wait_status < 0 && p->threads && p->threads->block &&
	    !vm_read(p->task, p->threads->block + EMUL_BLOCK_NAME, comm, 16) && comm[0]) {
		comm[15] = 0;
		return;
	}
	pfs_comm_of(p->image.exe[0] ? p->image.exe : "?", comm);
}

void pfs_proc_facts(struct process *p, struct pfs_proc_facts *f)
{
	struct cpu_times used = p->used;
	int alive = p->wait_status < 0;

	memset(f, 0, sizeof(*f));
	f->pid = p->pid, f->ppid = p->ppid, f->pgid = p->pgid, f->sid = p->sid;
	f->state = pfs_state(p);
	comm_of(p, f->comm);
	f->threads = alive ? pfs_threads(p) : 0;
	if (alive)
		task_times(p->task, &used);
	f->utime = used.user_ns / NS_PER_TICK, f->stime = used.system_ns / NS_PER_TICK;
	f->cutime = p->children.user_ns / NS_PER_TICK;
	f->cstime = p->children.system_ns / NS_PER_TICK;
	f->start_ticks = p->started_ns / NS_PER_TICK;
	if (alive)
		memory_of(p, &f->vsize, &f->rss_pages);
	f->pending = p->pending.set;
	f->blocked = alive ? blocked_of(p) : 0;
	f->ignored = p->ignored;
	f->arg_start = p->image.arg_start, f->arg_end = p->image.arg_end;
	f->env_start = p->image.env_start, f->env_end = p->image.env_end;
	for (int i = 0; i < 3; i++)
		f->uid[i] = p->cred.uid[i], f->gid[i] = p->cred.gid[i];
	f->uid[3] = p->cred.uid[1], f->gid[3] = p->cred.gid[1]; /* fs ids: the effective */
	f->ngroups = p->cred.ngroups;
	memcpy(f->groups, p->cred.groups, sizeof(f->groups));
}

static void make_stat(struct text *t, struct process *p)
{
	struct pfs_proc_facts f;

	pfs_proc_facts(p, &f);
	pfs_format_stat(t, &f);
}

static void make_status(struct text *t, struct process *p)
{
	struct pfs_proc_facts f;

	pfs_proc_facts(p, &f);
	pfs_format_status(t, &f);
}

/* The bytes from start to end of its memory, as they are now (nothing for a zombie,
 * or where the memory cannot be read). */
static void copy_memory(struct text *t, struct process *p, uint64_t start, uint64_t end)
{
	uint64_t room = t->room - 1 - t->len, n = end > start ? end - start : 0;

	if (p->wait_status >= 0 || !n)
		return;
	n = n < room ? n : room;
	if (vm_read(p->task, start, t->buf + t->len, n) == 0)
		t->len += (uint32_t)n;
}

static void make_comm(struct text *t, struct process *p)
{
	char comm[16];

	comm_of(p, comm);
	text_add(t, "%s\n", comm);
}

static void make_cmdline(struct text *t, struct process *p)
{
	copy_memory(t, p, p->image.arg_start, p->image.arg_end);
}

static void make_environ(struct text *t, struct process *p)
{
	copy_memory(t, p, p->image.env_start, p->image.env_end);
}

static void make_maps(struct text *t, struct process *p)
{
	struct vm_region_info r;

	if (p->wait_status >= 0)
		return;
	for (uint64_t at = 0; vm_region(p->task, at, &r) == 0; at = r.start + r.size)
		pfs_format_map(t, r.start, r.start + r.size, r.protection,
			       r.inheritance == VM_INHERIT_SHARE, r.offset);
}

uint32_t pfs_fd_handle(struct process *p, int fd)
{
	uint32_t handle = 0;

	if (p->wait_status >= 0 || !p->image.fd_table || fd < 0 || fd >= EMUL_FD_MAX ||
	    vm_read(p->task, p->image.fd_table + (uint64_t)fd * EMUL_FD_ENTRY, &handle,
		    sizeof(handle)))
		return 0;
	return handle;
}

int pfs_fd_next(struct process *p, int fd)
{
	static uint32_t table[EMUL_FD_MAX * EMUL_FD_ENTRY / 4];

	if (fd < 0 || fd >= EMUL_FD_MAX || p->wait_status >= 0 || !p->image.fd_table ||
	    vm_read(p->task, p->image.fd_table, table, sizeof(table)))
		return -1;
	for (; fd < EMUL_FD_MAX; fd++)
		if (table[fd * EMUL_FD_ENTRY / 4])
			return fd;
	return -1;
}

const struct pfs_file pfs_pid_files[] = {
	{ "cmdline", 0444, make_cmdline }, { "comm", 0444, make_comm },
	{ "environ", 0400, make_environ }, { "maps", 0444, make_maps },
	{ "stat", 0444, make_stat },	   { "status", 0444, make_status },
};
const int pfs_pid_count = sizeof(pfs_pid_files) / sizeof(pfs_pid_files[0]);
