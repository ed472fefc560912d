/*
 * --trace: every call of the program said on the console as strace says it, one line
 * a call ("trace: [pid tid] name(args) = result" or "= -1 ENAME"), paths shown as
 * strings, the rest as numbers (the six argument registers: how many a call takes is
 * not told). tools/exec.sh passes the lines on to stderr.
 */
#include <asm/unistd_64.h>
#include <stdio.h>
#include <string.h>
#include "process.h"
#include "thread.h"
#include "trace.h"

#define NAME(number, name) [number] = #name,
static const char *const errnos[] = {
#define X NAME
#include <linux_errnos.inc>
#undef X
};

/* Which argument of a call is a path (1-based; two for the two-path calls). */
static int path_arg(uint64_t n, int which)
{
	switch (n) {
	case __NR_open:
	case __NR_creat:
	case __NR_stat:
	case __NR_lstat:
	case __NR_access:
	case __NR_execve:
	case __NR_mkdir:
	case __NR_rmdir:
	case __NR_unlink:
	case __NR_chdir:
	case __NR_readlink:
	case __NR_truncate:
	case __NR_chmod:
	case __NR_chown:
	case __NR_lchown:
	case __NR_mknod:
		return which == 1;
	case __NR_rename:
	case __NR_link:
	case __NR_symlink:
		return which == 1 || which == 2;
	case __NR_openat:
	case __NR_newfstatat:
	case __NR_faccessat:
	case __NR_faccessat2:
	case __NR_mkdirat:
	case __NR_unlinkat:
	case __NR_readlinkat:
	case __NR_fchmodat:
	case __NR_fchownat:
	case __NR_mknodat:
	case __NR_utimensat:
	case __NR_statx:
	case __NR_execveat:
		return which == 2;
	case __NR_renameat:
	case __NR_renameat2:
	case __NR_linkat:
		return which == 2 || which == 4;
	case __NR_symlinkat:
		return which == 1 || which == 3;
	default:
		return 0;
	}
}

static void show_arg(uint64_t n, int which, uint64_t value)
{
	const char *s = (const char *)value;

	if (path_arg(n, which) && value >= 0x10000 && strnlen(s, 256) < 256)
		printf("\"%s\"", s);
	else if (value < 0x10000 || ((int64_t)value < 0 && (int64_t)value >= -4096))
		printf("%ld", (int64_t)value); /* small numbers, -1 and AT_FDCWD as numbers */
	else
		printf("0x%lx", value);
}

void trace_call(uint64_t n, const char *name, const uint64_t args[6], int64_t result, int returned)
{
	printf("trace: [%d %d] %s(", process.pid, this_thread()->tid, name);
	for (int i = 0; i < 6; i++) {
		if (i)
			printf(", ");
		show_arg(n, i + 1, args[i]);
	}
	if (!returned)
		printf(") = ?\n");
	else if (result < 0 && result >= -4095 &&
		 (uint64_t)-result < sizeof(errnos) / sizeof(errnos[0]) && errnos[-result])
		printf(") = -1 %s\n", errnos[-result]);
	else
		printf(") = %ld\n", result);
}
