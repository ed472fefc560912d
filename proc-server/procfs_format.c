/* The text of /proc's files (procfs_format.h), in the layouts of Linux's fs/proc. */
#include <format.h>
#include <stdarg.h>
#include <string.h>
#include "procfs_format.h"

#define NS_PER_TICK (1000000000ull / PFS_HZ)
#define PAGE_KB	    4

void text_add(struct text *t, const char *fmt, ...)
{
	va_list ap;

	if (t->len + 1 >= t->room)
		return;
	va_start(ap, fmt);
	int n = vsnprintf(t->buf + t->len, t->room - t->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		t->len = t->len + (uint32_t)n < t->room ? t->len + (uint32_t)n : t->room - 1;
}

void pfs_comm_of(const char *path, char comm[16])
{
	const char *name = path;

	for (const char *p = path; *p; p++)
		if (*p == '/')
			name = p + 1;
	size_t n = strnlen(name, 15);

	memcpy(comm, name, n);
	comm[n] = 0;
}

void pfs_format_stat(struct text *t, const struct pfs_proc_facts *f)
{
	/* pid (comm) state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt
	 * cmajflt utime stime cutime cstime priority nice num_threads itrealvalue */
	text_add(t, "%d (%s) %c %d %d %d 0 -1 4194304 0 0 0 0 %lu %lu %lu %lu 20 0 %u 0 ", f->pid,
		 f->comm, f->state, f->ppid, f->pgid, f->sid, f->utime, f->stime, f->cutime,
		 f->cstime, f->threads);
	/* starttime vsize rss rsslim startcode endcode startstack kstkesp kstkeip signal
	 * blocked sigignore sigcatch wchan nswap cnswap exit_signal processor rt_priority
	 * policy delayacct guest_time cguest_time start_data end_data start_brk */
	text_add(t,
		 "%lu %lu %lu 18446744073709551615 0 0 0 0 0 %lu %lu %lu 0 0 0 0 17 0 0 0 0 0 0 "
		 "0 0 0 ",
		 f->start_ticks, f->vsize, f->rss_pages, f->pending & 0x7fffffff,
		 f->blocked & 0x7fffffff, f->ignored & 0x7fffffff);
	/* arg_start arg_end env_start env_end exit_code */
	text_add(t, "%lu %lu %lu %lu 0\n", f->arg_start, f->arg_end, f->env_start, f->env_end);
}

static const char *state_name(char state)
{
	switch (state) {
	case 'R':
		return "R (running)";
	case 'T':
		return "T (stopped)";
	case 'Z':
		return "Z (zombie)";
	default:
		return "S (sleeping)";
	}
}

void pfs_format_status(struct text *t, const struct pfs_proc_facts *f)
{
	text_add(t,
		 "Name:\t%s\nState:\t%s\nTgid:\t%d\nNgid:\t0\nPid:\t%d\nPPid:\t%d\nTracerPid:\t0\n",
		 f->comm, state_name(f->state), f->pid, f->pid, f->ppid);
	text_add(t, "Uid:\t%u\t%u\t%u\t%u\nGid:\t%u\t%u\t%u\t%u\nGroups:\t", f->uid[0], f->uid[1],
		 f->uid[2], f->uid[3], f->gid[0], f->gid[1], f->gid[2], f->gid[3]);
	for (uint32_t i = 0; i < f->ngroups && i < 32; i++)
		text_add(t, "%u ", f->groups[i]);
	text_add(t, "\nNSpgid:\t%d\nNSsid:\t%d\n", f->pgid, f->sid);
	if (f->state != 'Z')
		text_add(t, "VmSize:\t%8lu kB\nVmRSS:\t%8lu kB\n", f->vsize / 1024,
			 f->rss_pages * PAGE_KB);
	text_add(t, "Threads:\t%u\nSigPnd:\t%016lx\nShdPnd:\t%016lx\nSigBlk:\t%016lx\n", f->threads,
		 0ul, f->pending, f->blocked);
	text_add(t, "SigIgn:\t%016lx\n", f->ignored);
}

void pfs_format_map(struct text *t, uint64_t start, uint64_t end, uint32_t protection,
		    uint32_t shared, uint64_t offset)
{
	text_add(t, "%08lx-%08lx %c%c%c%c %08lx 00:00 0\n", start, end, protection & 1 ? 'r' : '-',
		 protection & 2 ? 'w' : '-', protection & 4 ? 'x' : '-', shared ? 's' : 'p',
		 offset);
}

static void meminfo_line(struct text *t, const char *name, uint64_t bytes)
{
	text_add(t, "%-16s%8lu kB\n", name, bytes / 1024);
}

void pfs_format_meminfo(struct text *t, const struct pfs_memory *m)
{
	meminfo_line(t, "MemTotal:", m->total);
	meminfo_line(t, "MemFree:", m->free);
	meminfo_line(t, "MemAvailable:", m->free + m->cached);
	meminfo_line(t, "Buffers:", 0);
	meminfo_line(t, "Cached:", m->cached);
	meminfo_line(t, "SwapCached:", 0);
	meminfo_line(t, "Shmem:", 0);
	meminfo_line(t, "Slab:", m->kernel);
	meminfo_line(t, "SReclaimable:", 0);
	meminfo_line(t, "SwapTotal:", 0);
	meminfo_line(t, "SwapFree:", 0);
}

/* ns as seconds with two decimals. */
static void seconds(struct text *t, uint64_t ns, const char *after)
{
	uint64_t cs = ns / 10000000;

	text_add(t, "%lu.%02lu%s", cs / 100, cs % 100, after);
}

void pfs_format_uptime(struct text *t, uint64_t up_ns, uint64_t idle_ns)
{
	seconds(t, up_ns, " ");
	seconds(t, idle_ns, "\n");
}

/* e^(-x/1000) in 1/1000ths, for x >= 0: (1 - x/(1000 * 2^k))^(2^k) with 2^k large
 * enough that each factor is close to its exponential. */
static uint64_t decay(uint64_t x)
{
	uint64_t r = 1ull << 30, k = 0;

	if (x > 40000)
		return 0;
	while ((x << 30) / 1000 >> k > (1ull << 22))
		k++;
	r -= (x << 30) / 1000 >> k; /* 1 - x/2^k, in 2^-30 units */
	while (k--)
		r = (r * r) >> 30;
	return (r * 1000) >> 30;
}

void pfs_load_update(struct pfs_load *l, uint64_t now_ns, uint64_t busy_ns)
{
	static const uint64_t period_s[3] = { 60, 300, 900 };

	if (now_ns <= l->at_ns) {
		l->busy_ns = busy_ns;
		return;
	}
	uint64_t dt = now_ns - l->at_ns, used = busy_ns > l->busy_ns ? busy_ns - l->busy_ns : 0;
	uint64_t share = used >= dt ? 1000 : used * 1000 / dt;

	for (int i = 0; i < 3; i++) {
		uint64_t keep = decay(dt / 1000000 / period_s[i]); /* dt/period in 1/1000ths */
		l->avg[i] = (l->avg[i] * keep + share * (1000 - keep)) / 1000;
	}
	l->at_ns = now_ns;
	l->busy_ns = busy_ns;
}

void pfs_format_loadavg(struct text *t, const struct pfs_load *l, uint32_t running, uint32_t total,
			int32_t last_pid)
{
	for (int i = 0; i < 3; i++)
		text_add(t, "%lu.%02lu ", l->avg[i] / 1000, l->avg[i] % 1000 / 10);
	text_add(t, "%u/%u %d\n", running, total, last_pid);
}

void pfs_format_cpu_stat(struct text *t, const struct pfs_cpu_totals *c)
{
	uint64_t u = c->user_ns / NS_PER_TICK, s = c->system_ns / NS_PER_TICK,
		 i = c->idle_ns / NS_PER_TICK;

	text_add(t, "cpu  %lu 0 %lu %lu 0 0 0 0 0 0\n", u, s, i);
	text_add(t, "cpu0 %lu 0 %lu %lu 0 0 0 0 0 0\n", u, s, i);
	text_add(t, "btime %lu\nprocesses %lu\nprocs_running %u\nprocs_blocked %u\n", c->boot_time,
		 c->forks, c->running, c->blocked);
}
