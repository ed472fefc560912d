/*
 * The text of /proc's files, from facts gathered elsewhere (procfs_pid.c,
 * procfs_sys.c): pure code, so the host tests (tests/host/procfs_format.t) check it
 * against the layouts Linux's fs/proc writes and BusyBox parses.
 */
#ifndef PROC_PROCFS_FORMAT_H
#define PROC_PROCFS_FORMAT_H

#include <stdint.h>

#define PFS_HZ 100 /* clock ticks per second, Linux's USER_HZ (AT_CLKTCK) */

/* Text being built: what does not fit is cut off (len stops at room - 1). */
struct text {
	char *buf;
	uint32_t len, room;
};

void text_add(struct text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* What /proc/PID/stat and status say of a process. */
struct pfs_proc_facts {
	int32_t pid, ppid, pgid, sid;
	char state;    /* R, S, T or Z */
	char comm[16]; /* the program's name, at most 15 characters */
	uint32_t threads;
	uint64_t utime, stime, cutime, cstime; /* in PFS_HZ ticks */
	uint64_t start_ticks;		       /* since boot, in PFS_HZ ticks */
	uint64_t vsize, rss_pages;	       /* bytes mapped; pages resident */
	uint64_t pending, blocked, ignored;    /* signal masks (bit n-1: signal n) */
	uint64_t arg_start, arg_end, env_start, env_end;
	uint32_t uid[4], gid[4]; /* real, effective, saved, file system */
	uint32_t ngroups;
	uint32_t groups[32];
};

/* /proc/PID/stat: the 52 fields of one line. */
void pfs_format_stat(struct text *t, const struct pfs_proc_facts *f);
/* /proc/PID/status. */
void pfs_format_status(struct text *t, const struct pfs_proc_facts *f);
/* The comm of a program from its path: the last component, at most 15 characters. */
void pfs_comm_of(const char *path, char comm[16]);

/* One line of /proc/PID/maps. */
void pfs_format_map(struct text *t, uint64_t start, uint64_t end, uint32_t protection,
		    uint32_t shared, uint64_t offset);

/* What /proc/meminfo says, in bytes. */
struct pfs_memory {
	uint64_t total, free, cached, kernel;
};
void pfs_format_meminfo(struct text *t, const struct pfs_memory *m);

/* /proc/uptime: seconds since boot and idle seconds, from nanoseconds. */
void pfs_format_uptime(struct text *t, uint64_t up_ns, uint64_t idle_ns);

/* Load averages over 1, 5 and 15 minutes, in 1/1000ths of a process. */
struct pfs_load {
	uint64_t avg[3];
	uint64_t at_ns;	  /* when they were last brought up to date */
	uint64_t busy_ns; /* the CPU time used by then */
};
/* Bring l up to date at now_ns, when the processes have used busy_ns of CPU in all:
 * the CPU's busy share since the last time (processes that ran, as a fraction of one
 * CPU) decays into each average as Linux's calc_load decays the run queue's length. */
void pfs_load_update(struct pfs_load *l, uint64_t now_ns, uint64_t busy_ns);
/* /proc/loadavg: the averages, running/total, the last pid. */
void pfs_format_loadavg(struct text *t, const struct pfs_load *l, uint32_t running, uint32_t total,
			int32_t last_pid);

/* /proc/stat: the CPU's user, system and idle time (ns), boot time (seconds since
 * 1970), processes created, running and blocked. */
struct pfs_cpu_totals {
	uint64_t user_ns, system_ns, idle_ns;
	uint64_t boot_time;
	uint64_t forks;
	uint32_t running, blocked;
};
void pfs_format_cpu_stat(struct text *t, const struct pfs_cpu_totals *c);

#endif
