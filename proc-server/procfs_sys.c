/*
 * The machine's files in /proc: memory from the kernel's page counts (vm_statistics),
 * time from the clock, CPU time from the tasks of the processes, the mount table from
 * the fs-server, the CPU from CPUID.
 */
#include <fs.h>
#include <fs_proto.h>
#include <masque/clock.h>
#include <masque/vm.h>
#include <ns.h>
#include <self.h>
#include <string.h>
#include <trap.h>
#include <uname.h>
#include "procfs.h"

#define CLOCK ((const volatile struct clock_page *)CLOCK_PAGE_ADDR)

static void make_meminfo(struct text *t, struct process *unused)
{
	struct vm_stats vm;
	struct pfs_memory m = { 0 };

	(void)unused;
	if (vm_statistics(&vm) == 0) {
		/* the pages of memory objects (the page cache) are some of those in use */
		uint64_t used = vm.total_pages - vm.free_pages;
		uint64_t cached = vm.object_pages < used ? vm.object_pages : used;
		m = (struct pfs_memory){ .total = vm.total_pages * vm.page_size,
					 .free = vm.free_pages * vm.page_size,
					 .cached = cached * vm.page_size,
					 .kernel = vm.kernel_bytes };
	}
	pfs_format_meminfo(t, &m);
}

/* What the processes of the table have used of the CPU, and their states. */
struct census {
	uint64_t busy_ns, user_ns, system_ns;
	uint32_t running, threads;
};

static void count_processes(struct census *c)
{
	memset(c, 0, sizeof(*c));
	for (struct process *p = process_first(); p; p = p->next) {
		struct cpu_times used = p->used;
		char state = pfs_state(p);
		if (p->wait_status < 0)
			task_times(p->task, &used);
		/* a reaped child's time is in its parent's children (wait.c) */
		c->user_ns += used.user_ns + p->children.user_ns;
		c->system_ns += used.system_ns + p->children.system_ns;
		c->running += state == 'R';
		c->threads += p->wait_status < 0 ? pfs_threads(p) : 0;
	}
	c->busy_ns = c->user_ns + c->system_ns;
}

static uint64_t idle_ns(uint64_t now, const struct census *c)
{
	return now > c->busy_ns ? now - c->busy_ns : 0; /* one CPU */
}

static void make_uptime(struct text *t, struct process *unused)
{
	struct census c;
	uint64_t now = (uint64_t)clock_now();

	(void)unused;
	count_processes(&c);
	pfs_format_uptime(t, now, idle_ns(now, &c));
}

static void make_loadavg(struct text *t, struct process *unused)
{
	static struct pfs_load load;
	struct census c;

	(void)unused;
	count_processes(&c);
	pfs_load_update(&load, (uint64_t)clock_now(), c.busy_ns);
	pfs_format_loadavg(t, &load, c.running, c.threads, pid_last());
}

static void make_stat(struct text *t, struct process *unused)
{
	struct census c;
	uint64_t now = (uint64_t)clock_now();

	(void)unused;
	count_processes(&c);
	struct pfs_cpu_totals totals = { .user_ns = c.user_ns,
					 .system_ns = c.system_ns,
					 .idle_ns = idle_ns(now, &c),
					 .boot_time = CLOCK->realtime_base_ns / 1000000000ull,
					 .forks = pid_count(),
					 .running = c.running,
					 .blocked = 0 };
	pfs_format_cpu_stat(t, &totals);
}

static void cpuid(uint32_t leaf, uint32_t r[4])
{
	__asm__ volatile("cpuid"
			 : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
			 : "a"(leaf), "c"(0));
}

static void make_cpuinfo(struct text *t, struct process *unused)
{
	uint32_t r[4], brand[13] = { 0 }, vendor[4] = { 0 };

	(void)unused;
	cpuid(0, r);
	vendor[0] = r[1], vendor[1] = r[3], vendor[2] = r[2];
	cpuid(0x80000000, r);
	if (r[0] >= 0x80000004)
		for (uint32_t i = 0; i < 3; i++)
			cpuid(0x80000002 + i, brand + 4 * i);
	cpuid(1, r);
	uint32_t family = (r[0] >> 8 & 0xf) + (r[0] >> 20 & 0xff);
	uint32_t model = (r[0] >> 4 & 0xf) | (r[0] >> 12 & 0xf0);
	uint64_t khz = CLOCK->tsc_hz / 1000;
	text_add(t, "processor\t: 0\nvendor_id\t: %s\ncpu family\t: %u\nmodel\t\t: %u\n",
		 (const char *)vendor, family, model);
	text_add(t, "model name\t: %s\nstepping\t: %u\ncpu MHz\t\t: %lu.%03lu\n",
		 (const char *)brand, r[0] & 0xf, khz / 1000, khz % 1000);
	text_add(t, "cpu cores\t: 1\nfpu\t\t: yes\nbogomips\t: %lu.%02lu\n\n", khz / 500,
		 khz / 5 % 100);
}

static void make_mounts(struct text *t, struct process *unused)
{
	static port_name_t fs = PORT_NULL;
	static char table[FS_IO_INLINE];
	uint32_t len = 0;

	(void)unused;
	if (!fs && rpc_ns_lookup(bootstrap_port, "fs", &fs))
		fs = PORT_NULL;
	if (fs && rpc_fs_mount_table(fs, table, &len) >= 0)
		text_add(t, "%.*s", (int)len, table);
}

static void make_filesystems(struct text *t, struct process *unused)
{
	(void)unused;
	text_add(t, "nodev\tproc\nnodev\ttmpfs\n\text2\n");
}

static void make_version(struct text *t, struct process *unused)
{
	(void)unused;
	text_add(t, "%s version %s (masque) %s\n", UNAME_SYSNAME, UNAME_RELEASE, UNAME_VERSION);
}

const struct pfs_file pfs_sys_files[] = {
	{ "cpuinfo", 0444, make_cpuinfo }, { "filesystems", 0444, make_filesystems },
	{ "loadavg", 0444, make_loadavg }, { "meminfo", 0444, make_meminfo },
	{ "mounts", 0444, make_mounts },   { "stat", 0444, make_stat },
	{ "uptime", 0444, make_uptime },   { "version", 0444, make_version },
};
const int pfs_sys_count = sizeof(pfs_sys_files) / sizeof(pfs_sys_files[0]);
