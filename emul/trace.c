/*
 * --trace: every call of the program said on the console as strace says it, one line
 * a call ("trace: [pid tid] name(args) = result" or "= -1 ENAME"), its arguments
 * decoded by the call's shape (trace_shapes.h): paths and buffers as strings, flags
 * by name, modes in octal, signals by name; a call without a shape shows its six
 * argument registers. The program's memory is read with user_copy, so a bad pointer
 * shows as its address and never disturbs the call. tools/exec.sh passes the lines on
 * to stderr.
 */
#include <asm/unistd_64.h>
#include <linux/fcntl.h>
#include <linux/mman.h>
#include <stdio.h>
#include <string.h>
#include "process.h"
#include "thread.h"
#include "trace.h"
#include "user.h"
#include "trace_shapes.h"

#define NAME(number, name) [number] = #name,
static const char *const errnos[] = {
#define X NAME
#include <linux_errnos.inc>
#undef X
};

static const char *const signals[] = {
	[1] = "SIGHUP",	    [2] = "SIGINT",   [3] = "SIGQUIT",	 [4] = "SIGILL",   [5] = "SIGTRAP",
	[6] = "SIGABRT",    [7] = "SIGBUS",   [8] = "SIGFPE",	 [9] = "SIGKILL",  [10] = "SIGUSR1",
	[11] = "SIGSEGV",   [12] = "SIGUSR2", [13] = "SIGPIPE",	 [14] = "SIGALRM", [15] = "SIGTERM",
	[16] = "SIGSTKFLT", [17] = "SIGCHLD", [18] = "SIGCONT",	 [19] = "SIGSTOP", [20] = "SIGTSTP",
	[21] = "SIGTTIN",   [22] = "SIGTTOU", [23] = "SIGURG",	 [24] = "SIGXCPU", [25] = "SIGXFSZ",
	[26] = "SIGVTALRM", [27] = "SIGPROF", [28] = "SIGWINCH", [29] = "SIGIO",   [30] = "SIGPWR",
	[31] = "SIGSYS",
};

#define SHAPE(name, kinds) [__NR_##name] = kinds,
static const char *const shapes[] = { TRACE_SHAPES(SHAPE) };
#undef SHAPE

struct flag {
	uint64_t bit;
	const char *name;
};

static const struct flag open_flags[] = {
	{ O_CREAT, "O_CREAT" },	    { O_EXCL, "O_EXCL" },	    { O_NOCTTY, "O_NOCTTY" },
	{ O_TRUNC, "O_TRUNC" },	    { O_APPEND, "O_APPEND" },	    { O_NONBLOCK, "O_NONBLOCK" },
	{ O_DSYNC, "O_DSYNC" },	    { O_DIRECTORY, "O_DIRECTORY" }, { O_NOFOLLOW, "O_NOFOLLOW" },
	{ O_NOATIME, "O_NOATIME" }, { O_CLOEXEC, "O_CLOEXEC" },	    { O_PATH, "O_PATH" },
	{ __O_SYNC, "O_SYNC" },	    { O_LARGEFILE, "O_LARGEFILE" }, { 0, 0 },
};

static const struct flag prot_flags[] = {
	{ PROT_READ, "PROT_READ" },
	{ PROT_WRITE, "PROT_WRITE" },
	{ PROT_EXEC, "PROT_EXEC" },
	{ 0, 0 },
};

static const struct flag map_flags[] = {
	{ MAP_FIXED, "MAP_FIXED" },
	{ MAP_ANONYMOUS, "MAP_ANONYMOUS" },
	{ MAP_GROWSDOWN, "MAP_GROWSDOWN" },
	{ MAP_NORESERVE, "MAP_NORESERVE" },
	{ MAP_POPULATE, "MAP_POPULATE" },
	{ MAP_STACK, "MAP_STACK" },
	{ MAP_FIXED_NOREPLACE, "MAP_FIXED_NOREPLACE" },
	{ 0, 0 },
};

/* "|NAME" for each flag of table in v, then what is left in hex; sep starts empty. */
static void show_flags(uint64_t v, const struct flag *table, int first)
{
	for (; table->name; table++)
		if (v & table->bit) {
			printf("%s%s", first ? "" : "|", table->name);
			v &= ~table->bit;
			first = 0;
		}
	if (v || first)
		printf("%s0x%lx", first ? "" : "|", v);
}

/* Up to max bytes of the program's memory at addr as a C string literal ("..." after
 * a cut); whole: a buffer of n bytes, else a NUL-terminated string. */
static void show_string(uint64_t addr, uint64_t n, int whole)
{
	char buf[64];
	uint64_t max = whole ? (n < 32 ? n : 32) : sizeof(buf) - 1, got = 0;

	/* a page at a time would be exact; a string near a page's end is read short */
	while (got < max && !user_copy(buf + got, (const void *)(addr + got), 1) &&
	       (whole || buf[got]))
		got++;
	if (!got && max && (whole || user_copy(buf, (const void *)addr, 1))) {
		printf("0x%lx", addr);
		return;
	}
	printf("%c", '"');
	for (uint64_t i = 0; i < got; i++) {
		unsigned char c = (unsigned char)buf[i];
		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c == '\n')
			printf("\\n");
		else if (c == '\t')
			printf("\\t");
		else if (c >= 32 && c < 127)
			printf("%c", c);
		else
			printf("\\%o", c);
	}
	printf("%c", '"');
	if (whole ? n > got : got == max)
		printf("...");
}

static void show_arg(char kind, const uint64_t *args, int i, int64_t result)
{
	uint64_t v = args[i];

	switch (kind) {
	case 'f':
		if ((int)v == AT_FDCWD)
			printf("AT_FDCWD");
		else
			printf("%d", (int)v);
		break;
	case 'p':
		show_string(v, 0, 0);
		break;
	case 'b': /* written: as long as the next argument says */
		show_string(v, args[i + 1], 1);
		break;
	case 'B': /* read: what the call returned */
		if (result > 0)
			show_string(v, (uint64_t)result, 1);
		else
			printf("0x%lx", v);
		break;
	case 'O':
		printf("%s", (v & O_ACCMODE) == O_WRONLY ? "O_WRONLY"
			     : (v & O_ACCMODE) == O_RDWR ? "O_RDWR"
							 : "O_RDONLY");
		if (v & ~(uint64_t)O_ACCMODE)
			show_flags(v & ~(uint64_t)O_ACCMODE, open_flags, 0);
		break;
	case 'm':
		printf(v ? "0%lo" : "0", v);
		break;
	case 's':
		if ((int)v > 0 && (int)v < 32)
			printf("%s", signals[(int)v]);
		else if ((int)v >= 32 && (int)v <= 64)
			printf("SIGRT_%d", (int)v - 32);
		else
			printf("%d", (int)v);
		break;
	case 'P':
		if (v)
			show_flags(v, prot_flags, 1);
		else
			printf("PROT_NONE");
		break;
	case 'M':
		printf("%s", (v & MAP_TYPE) == MAP_SHARED ? "MAP_SHARED" : "MAP_PRIVATE");
		if (v & ~(uint64_t)MAP_TYPE)
			show_flags(v & ~(uint64_t)MAP_TYPE, map_flags, 0);
		break;
	case 'd':
		printf("%d", (int)v);
		break;
	case 'l':
		printf("%ld", (int64_t)v);
		break;
	case 'u':
		printf("%lu", v);
		break;
	default: /* 'x': an address or a word of flags */
		if (v)
			printf("0x%lx", v);
		else
			printf("NULL");
	}
}

static void show_result(int64_t result)
{
	if (result < 0 && result >= -4095 &&
	    (uint64_t)-result < sizeof(errnos) / sizeof(errnos[0]) && errnos[-result])
		printf(" = -1 %s\n", errnos[-result]);
	else if (result >= 0x10000)
		printf(" = 0x%lx\n", result);
	else
		printf(" = %ld\n", result);
}

void trace_call(uint64_t n, const char *name, const uint64_t args[6], int64_t result, int returned)
{
	const char *shape = n < sizeof(shapes) / sizeof(shapes[0]) ? shapes[n] : 0;

	printf("trace: [%d %d] %s(", process.pid, this_thread()->tid, name);
	for (int i = 0; shape ? shape[i] != 0 : i < 6; i++) {
		if (shape && shape[i] == 'm' && i && shape[i - 1] == 'O' &&
		    !(args[i - 1] & (O_CREAT | __O_TMPFILE)))
			break; /* open's mode, which only a creating open reads */
		if (i)
			printf(", ");
		show_arg(shape ? shape[i] : 'x', args, i, returned ? result : 0);
	}
	if (!returned)
		printf(") = ?\n");
	else {
		printf("%c", ')');
		show_result(result);
	}
}
