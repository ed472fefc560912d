/*
 * The boot script, one command a line ('#' starts a comment):
 *   start [-p] NAME [ARG...]            start module NAME as a task, go on
 *   run [-p] [timeout=S] NAME [ARG...]  start it and wait until it ends (or kill
 *                                       it after S seconds, 60 by default)
 * -p: the task is privileged: its bootstrap port looks up "host", the host port.
 *   wait NAME                      serve names until NAME is registered (60 s)
 *   sleep S                        serve names for S seconds
 *   stats LABEL                    print "# stats LABEL ..." lines: the kernel's
 *                                  memory and each started task's usage (stats.h)
 *   poweroff [STATUS]              stop the machine (QEMU exits with STATUS), once
 *                                  the file system server, if any, has unmounted
 *                                  its root (everything written, marked clean)
 * run prints "# run NAME" and "# end NAME" (or "# timeout NAME") lines, which the
 * test harness reads around the TAP lines the tasks print themselves.
 */
#include <kern_error.h>
#include <masque/error.h>
#include <self.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <trap.h>
#include "loader.h"
#include "names.h"
#include "power.h"
#include "script.h"
#include "stats.h"

#define ARGS_MAX      16
#define LINE_MAX      256
#define RUN_TIMEOUT_S 60

static const struct boot_module *find_module(const struct boot_info *info, const char *name)
{
	for (uint32_t i = 0; i < info->module_count; i++) {
		const char *m = info->modules[i].name;
		size_t n = strlen(name);
		if (!strncmp(m, name, n) && (m[n] == 0 || m[n] == ' '))
			return &info->modules[i];
	}
	return NULL;
}

/* The decimal number at the start of text. */
static uint64_t seconds(const char *text)
{
	uint64_t s = 0;

	for (const char *p = text; *p >= '0' && *p <= '9'; p++)
		s = s * 10 + (uint64_t)(*p - '0');
	return s;
}

/* Split line into words in place. */
static int split(char *line, char **argv)
{
	int argc = 0;

	for (char *p = line; *p && argc < ARGS_MAX;) {
		while (*p == ' ' || *p == '\t')
			*p++ = 0;
		if (!*p || *p == '#')
			break;
		argv[argc++] = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
	}
	if (argc < ARGS_MAX)
		argv[argc] = NULL;
	return argc;
}

/* Wait for a task to end (a dead-name notification on its task port), serving
 * names meanwhile. */
static int wait_task(port_name_t task, uint64_t timeout_ns)
{
	int64_t port = task_death_port(task);

	if (port < 0)
		return port;
	int r = names_serve_until(port, clock_now() + timeout_ns);
	port_destroy(port);
	return r;
}

static void run_command(const struct boot_info *info, int argc, char **argv, int wait)
{
	uint64_t timeout_s = RUN_TIMEOUT_S;
	int privileged = 0;

	if (argc && !strcmp(argv[0], "-p")) {
		privileged = 1;
		argc--, argv++;
	}
	if (argc && !strncmp(argv[0], "timeout=", 8)) {
		timeout_s = seconds(argv[0] + 8);
		argc--, argv++;
	}
	if (!argc)
		return;
	const struct boot_module *m = find_module(info, argv[0]);
	if (!m) {
		printf("bootstrap: no module %s\n", argv[0]);
		return;
	}
	if (wait)
		printf("# run %s\n", argv[0]);
	int64_t task = load_task(m, argc, argv, names_port(privileged), privileged);
	if (task < 0) {
		printf("bootstrap: cannot start %s (%s)\n", argv[0], kern_error_name(task));
		return;
	}
	if (!wait) {
		stats_remember(argv[0], (port_name_t)task);
		return;
	}
	if (wait_task(task, timeout_s * 1000000000ull) == KERN_TIMED_OUT) {
		task_terminate(task);
		printf("# timeout %s\n", argv[0]);
	} else {
		printf("# end %s\n", argv[0]);
	}
	port_destroy(task);
}

int script_run(const struct boot_info *info, const char *text, uint64_t size)
{
	char line[LINE_MAX], *argv[ARGS_MAX + 1];
	uint64_t pos = 0;

	while (pos < size) {
		size_t n = 0;
		while (pos < size && text[pos] != '\n') {
			if (n < sizeof(line) - 1)
				line[n++] = text[pos];
			pos++;
		}
		pos++;
		line[n] = 0;
		int argc = split(line, argv);
		if (!argc)
			continue;
		if (!strcmp(argv[0], "start") || !strcmp(argv[0], "run"))
			run_command(info, argc - 1, argv + 1, argv[0][0] == 'r');
		else if (!strcmp(argv[0], "wait") && argc == 2) {
			if (names_wait_for(argv[1], clock_now() + RUN_TIMEOUT_S * 1000000000ull))
				printf("bootstrap: %s did not register\n", argv[1]);
		} else if (!strcmp(argv[0], "sleep") && argc == 2)
			names_serve_until(PORT_NULL,
					  clock_now() + seconds(argv[1]) * 1000000000ull);
		else if (!strcmp(argv[0], "stats") && argc == 2)
			stats_print(argv[1]);
		else if (!strcmp(argv[0], "poweroff"))
			power_off(argc > 1 ? argv[1][0] - '0' : 0);
		else
			printf("bootstrap: unknown command %s\n", argv[0]);
	}
	return -1;
}
