/*
 * proc-server/procfs_format.c on the host: the text of /proc's files in the layouts
 * Linux's fs/proc writes, checked field by field as BusyBox's parsers read them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "procfs_format.h"
#include "tap.h"

static char buf[4096];

static struct text fresh(void)
{
	memset(buf, 0, sizeof(buf));
	return (struct text){ buf, 0, sizeof(buf) };
}

static const struct pfs_proc_facts facts = {
	.pid = 42,
	.ppid = 7,
	.pgid = 40,
	.sid = 30,
	.state = 'S',
	.comm = "my prog",
	.threads = 3,
	.utime = 150,
	.stime = 25,
	.start_ticks = 1234,
	.vsize = 8192000,
	.rss_pages = 17,
	.uid = { 1000, 1001, 1002, 1003 },
	.gid = { 100, 101, 102, 103 },
	.arg_start = 0x1000,
	.arg_end = 0x1010,
	.env_start = 0x1010,
	.env_end = 0x1020,
};

/* Field n (from 1, as proc(5) numbers them) of a stat line, after the comm. */
static const char *stat_field(const char *line, int n)
{
	static char word[64];
	const char *p = strrchr(line, ')') + 2;

	for (int i = 3; i < n; i++)
		p = strchr(p, ' ') + 1;
	sscanf(p, "%63s", word);
	return word;
}

static void stat_line(void)
{
	struct text t = fresh();
	int pid = 0;
	char comm[32] = "";

	pfs_format_stat(&t, &facts);
	sscanf(buf, "%d (%31[^)])", &pid, comm);
	is(pid, 42, "stat: the pid first");
	ok(!strcmp(comm, "my prog"), "stat: the comm in parentheses, spaces and all");
	ok(!strcmp(stat_field(buf, 3), "S"), "stat: field 3 the state");
	ok(!strcmp(stat_field(buf, 4), "7"), "stat: field 4 the ppid");
	ok(!strcmp(stat_field(buf, 5), "40"), "stat: field 5 the group");
	ok(!strcmp(stat_field(buf, 6), "30"), "stat: field 6 the session");
	ok(!strcmp(stat_field(buf, 14), "150"), "stat: field 14 utime");
	ok(!strcmp(stat_field(buf, 15), "25"), "stat: field 15 stime");
	ok(!strcmp(stat_field(buf, 20), "3"), "stat: field 20 the threads");
	ok(!strcmp(stat_field(buf, 22), "1234"), "stat: field 22 the start time");
	ok(!strcmp(stat_field(buf, 23), "8192000"), "stat: field 23 vsize in bytes");
	ok(!strcmp(stat_field(buf, 24), "17"), "stat: field 24 rss in pages");
	ok(!strcmp(stat_field(buf, 48), "4096"), "stat: field 48 arg_start");
	ok(!strcmp(stat_field(buf, 52), "0"), "stat: field 52, the last, exit_code");
	ok(buf[t.len - 1] == '\n' && !strchr(stat_field(buf, 52), '\n'), "stat: one line");
}

static long status_value(const char *name)
{
	const char *at = strstr(buf, name);

	return at ? strtol(at + strlen(name), NULL, 10) : -1;
}

static void status_text(void)
{
	struct text t = fresh();

	pfs_format_status(&t, &facts);
	ok(!strncmp(buf, "Name:\tmy prog\n", 14), "status: Name first");
	ok(strstr(buf, "\nState:\tS (sleeping)\n") != NULL, "status: State with its word");
	is(status_value("\nPid:"), 42, "status: Pid");
	is(status_value("\nPPid:"), 7, "status: PPid");
	ok(strstr(buf, "\nUid:\t1000\t1001\t1002\t1003\n") != NULL,
	   "status: Uid real, effective, saved, fs");
	is(status_value("\nVmRSS:"), 68, "status: VmRSS in kB");
	is(status_value("\nThreads:"), 3, "status: Threads");
}

static void comm_of(void)
{
	char comm[16];

	pfs_comm_of("/usr/bin/a-rather-long-name-indeed", comm);
	ok(!strcmp(comm, "a-rather-long-n"), "comm: the last component, 15 characters");
	pfs_comm_of("sh", comm);
	ok(!strcmp(comm, "sh"), "comm: a name without a slash");
}

static void maps_line(void)
{
	struct text t = fresh();

	pfs_format_map(&t, 0x400000, 0x401000, 5, 0, 0);
	ok(!strcmp(buf, "00400000-00401000 r-xp 00000000 00:00 0\n"), "maps: Linux's line");
}

static void meminfo(void)
{
	struct text t = fresh();
	struct pfs_memory m = { .total = 256 << 20, .free = 200 << 20, .cached = 8 << 20 };

	pfs_format_meminfo(&t, &m);
	ok(!strncmp(buf, "MemTotal:         262144 kB\n", 28), "meminfo: MemTotal first, in kB");
	is(status_value("\nMemFree:"), 204800, "meminfo: MemFree");
	is(status_value("\nCached:"), 8192, "meminfo: Cached");
	is(status_value("\nMemAvailable:"), 212992, "meminfo: MemAvailable, free and cached");
}

static void uptime(void)
{
	struct text t = fresh();

	pfs_format_uptime(&t, 12345678901ull, 2500000000ull);
	ok(!strcmp(buf, "12.34 2.50\n"), "uptime: seconds with two decimals");
}

static void load(void)
{
	struct pfs_load l = { 0 };
	struct text t = fresh();

	pfs_load_update(&l, 0, 0);
	pfs_load_update(&l, 60000000000ull, 60000000000ull); /* busy for a minute */
	ok(l.avg[0] > 600 && l.avg[0] < 660,
	   "load: a busy minute brings the 1-minute one to 1-1/e (%lu)", l.avg[0]);
	ok(l.avg[1] > l.avg[2] && l.avg[2] > 0, "load: the longer averages follow slower");
	pfs_load_update(&l, 660000000000ull, 60000000000ull); /* then ten idle minutes */
	ok(l.avg[0] < 5, "load: ten idle minutes bring it back near 0 (%lu)", l.avg[0]);
	pfs_format_loadavg(&t, &l, 2, 5, 99);
	ok(strstr(buf, " 2/5 99\n") != NULL, "loadavg: running/total and the last pid");
}

static void cpu_stat(void)
{
	struct text t = fresh();
	struct pfs_cpu_totals c = { .user_ns = 1500000000,
				    .system_ns = 500000000,
				    .idle_ns = 8000000000,
				    .boot_time = 1700000000,
				    .forks = 12 };

	pfs_format_cpu_stat(&t, &c);
	ok(!strncmp(buf, "cpu  150 0 50 800 0 0 0 0 0 0\n", 30), "stat: the cpu line in ticks");
	ok(strstr(buf, "\nbtime 1700000000\n") != NULL, "stat: btime");
	ok(strstr(buf, "\nprocesses 12\n") != NULL, "stat: processes");
}

static void truncation(void)
{
	char small[8];
	struct text t = { small, 0, sizeof(small) };

	text_add(&t, "%s", "0123456789");
	is(t.len, 7, "text: what does not fit is cut, the NUL kept");
	ok(!strcmp(small, "0123456"), "text: the start kept");
}

int main(void)
{
	stat_line();
	status_text();
	comm_of();
	maps_line();
	meminfo();
	uptime();
	load();
	cpu_stat();
	truncation();
	return done_testing();
}
